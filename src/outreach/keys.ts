import { keyPrefix } from '../redis/connection.js';

export const outreachKeys = {
  /** Cases waiting to be claimed, best first (see `queueScore`). */
  open: (gemeentecode: string) => `${keyPrefix}zaken:open:${gemeentecode}`,
  /** Claimed cases by lease end, so lapsed claims are found without a scan. */
  leases: (gemeentecode: string) => `${keyPrefix}zaken:claims:${gemeentecode}`,
  /** The case one claim request got (ten minutes): a re-sent claim script answers the same. */
  claimRequest: (requestId: string) => `${keyPrefix}zaken:claimverzoek:${requestId}`,
};
