import type { PolicyBundle } from '../policy/bundle-schema.js';
import { contactRetentionFor } from '../policy/retention.js';
import type { Eindresultaat } from '../policy/bundle-schema.js';
import { addIsoDuration } from './duration.js';

/**
 * When stored items expire, from the bundle. Case terms run "vanaf afsluiting zaak"; until a case
 * closes its items carry a provisional date as if it closed at its latest signal, so nothing is
 * ever stored without an end: a case nobody closes still goes, whole, that long after its last
 * signal. Closing replaces the provisional dates with the final ones.
 */
export interface CaseExpiry {
  zaakfeitenTot: Date;
  contactTot: Date;
  regel: string;
  voorlopig: boolean;
}

export function provisionalCaseExpiry(bundle: PolicyBundle, lastSignalAt: Date): CaseExpiry {
  const tot = addIsoDuration(lastSignalAt, bundle.termijnen.zaakfeiten.duur);
  return { zaakfeitenTot: tot, contactTot: tot, regel: 'bewaartermijnen.zaakfeiten (voorlopig: laatste signaal)', voorlopig: true };
}

export function closedCaseExpiry(bundle: PolicyBundle, closedAt: Date, eindresultaat: Eindresultaat): CaseExpiry {
  const contact = contactRetentionFor(bundle, eindresultaat);
  return {
    zaakfeitenTot: addIsoDuration(closedAt, bundle.termijnen.zaakfeiten.duur),
    contactTot: addIsoDuration(closedAt, contact.duur),
    regel: contact.regel,
    voorlopig: false,
  };
}

/** A signal that joined no case (a repeat with nothing open): its facts last as long as case facts. */
export function caselessSignalExpiry(bundle: PolicyBundle, receivedAt: Date): Date {
  return addIsoDuration(receivedAt, bundle.termijnen.zaakfeiten.duur);
}
