import type { PolicyBundle } from './bundle-schema.js';

/** The municipality whose postcode range holds this postcode (its four digits), if any. */
export function routePostcode(postcode: string, bundle: PolicyBundle): string | undefined {
  const digits = Number(postcode.replace(/\s+/g, '').slice(0, 4));
  if (!Number.isInteger(digits)) return undefined;
  return bundle.gemeenten.find((g) => g.postcodes.some((r) => digits >= r.van && digits <= r.tot))?.gemeentecode;
}
