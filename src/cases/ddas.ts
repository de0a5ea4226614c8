import type { Eindresultaat } from '../policy/bundle-schema.js';

/** DDAS enumerations (reference/ddas, schema v0.9) used when working a case. */
export const contactsoorten = ['Mail', 'Brief', 'SMS/Whatsapp', 'Telefoon', 'Huisbezoek', 'Kaartje', 'Overige', 'Administratief'] as const;
export const dagdelen = ['Ochtend', 'Middag', 'Avond'] as const;

/**
 * DDAS restricted feedback: a partner learns only whether its signal was picked up, never why.
 * These end results mean it was not.
 */
const notPickedUp: ReadonlySet<Eindresultaat> = new Set<Eindresultaat>([
  'Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Inwoner is overleden',
  'Persoon is geen inwoner (meer) in de gemeente', 'Niet opgepakt: andere reden',
]);

export type PartnerStatus = 'ontvangen' | 'in behandeling' | 'niet opgepakt';

export function partnerStatusAfterClose(eindresultaat: Eindresultaat): PartnerStatus {
  return notPickedUp.has(eindresultaat) ? 'niet opgepakt' : 'in behandeling';
}
