/** Tests publish CRLs as the development CA does. */
export { issueCrl as makeCrl } from '../../src/pki/crl-issue.js';
