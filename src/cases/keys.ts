import { keyPrefix } from '../redis/connection.js';

export const caseKeys = {
  case: (zaakId: string) => `${keyPrefix}zaak:${zaakId}`,
};
