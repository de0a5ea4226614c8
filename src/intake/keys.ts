import { keyPrefix } from '../redis/connection.js';

/** Redis key layout of intake. Every key holds pseudonymous data only. */
export const intakeKeys = {
  idempotency: (oin: string, id: string) => `${keyPrefix}idem:${oin}:${id}`,
  signal: (signaalId: string) => `${keyPrefix}signaal:${signaalId}`,
  /** Signals per municipality by arrival time: the monthly DDAS delivery reads a month from it. */
  byMunicipality: (gemeentecode: string) => `${keyPrefix}signalen:${gemeentecode}`,
};
