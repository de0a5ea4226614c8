/** The wire contract's version (CONTRACT v1): major in the path, full semver in API-Version. */
export const apiVersion = '1.0.0';
export const apiBasePath = '/v1';
