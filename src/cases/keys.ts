import { keyPrefix } from '../redis/connection.js';

export const caseKeys = {
  case: (zaakId: string) => `${keyPrefix}zaak:${zaakId}`,
  /** What is known about one address (by pseudonym): its open case, when its last case closed. */
  address: (gemeentecode: string, adresPseudonym: string) => `${keyPrefix}adres:${gemeentecode}:${adresPseudonym}`,
  /** The cases that hold data about one person (by pseudonym), for access and erasure requests. */
  person: (gemeentecode: string, persoonPseudonym: string) => `${keyPrefix}persoon:${gemeentecode}:${persoonPseudonym}`,
  /** The last arrears a partner reported at an address, to recognise a repeat. */
  partnerAtAddress: (gemeentecode: string, adresPseudonym: string, oin: string) => `${keyPrefix}adres:${gemeentecode}:${adresPseudonym}:${oin}`,
};
