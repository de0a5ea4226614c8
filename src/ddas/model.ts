import type { DdasClientField } from '../policy/bundle-schema.js';

/**
 * The DDAS v1.2 exchange model (reference/ddas/v1.2/json_schema_Uitwisselmodel.json) as this
 * gateway writes it: plain functions from stored facts to the model's objects, no Redis, no HTTP.
 */

/** v1.2 EnumSignaalstatus values an end result is reported as; any other closed or claimed case: 'Opgepakt'. */
const statusFromResult: ReadonlySet<string> = new Set([
  'Inwoner al bekend bij schuldhulpverlening', 'Inwoner is overleden', 'Niet opgepakt: andere reden',
  'Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Persoon is geen inwoner (meer) in de gemeente',
]);

/**
 * End results stored under an older DDAS name, as v1.2 names them (ChangeLog v1.2 and the v1.1
 * renames): cases closed through the API still take the v0.9 enumeration.
 */
const resultRenames: Readonly<Record<string, string>> = {
  'Verwijzing zonder contact': 'Verwijzing zonder tussenkomst inwoner',
  'Verwijzing zonder toestemming': 'Verwijzing zonder tussenkomst inwoner',
  'Inwoner hoeft geen hulp vanuit vroegsignalering': 'Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering',
};

/** v1.2 EnumEindresultaat. */
export const eindresultatenV12: readonly string[] = [
  '(Budget)advies en/of quick fix', 'Definitief geen contact kunnen krijgen', 'Geen reactie na eerder contact',
  'Inwoner al bekend bij schuldhulpverlening', 'Inwoner heeft al een ander lopend traject',
  'Inwoner heeft zelf al betaald/betalingsregeling getroffen', 'Inwoner is overleden',
  'Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering', 'Niet opgepakt: andere reden',
  'Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Persoon is geen inwoner (meer) in de gemeente',
  'Vervolghulp en/of verwijzing', 'Vervolghulp en/of verwijzing financieel', 'Vervolghulp en/of verwijzing niet financieel',
  'Verwijzing zonder tussenkomst inwoner',
];

/** A stored end result in v1.2 terms, or undefined when v1.2 has no such value. */
export function resultV12(stored: string | undefined): string | undefined {
  if (!stored) return undefined;
  const name = resultRenames[stored] ?? stored;
  return eindresultatenV12.includes(name) ? name : undefined;
}

/** What a signal's status depends on: whether it was a repeat, and its case's claim and end result. */
export interface StatusFacts {
  herhaald: boolean;
  eindresultaat?: string | undefined;
  opgepakt: boolean;
}

/** v1.2 EnumSignaalstatus of one signal. */
export function signalStatus(f: StatusFacts): string {
  if (f.herhaald) return 'Niet opgepakt: herhaalde melding';
  const result = resultV12(f.eindresultaat);
  if (result && statusFromResult.has(result)) return result;
  return f.opgepakt || result ? 'Opgepakt' : 'Nog niet opgepakt';
}

/** Decrypted contact details, as intake stored them (CONTRACT §1 `persoon`, `adres`). */
export interface ContactDetails {
  persoon: Record<string, string | undefined>;
  adres: Record<string, string | undefined>;
}

const clientFieldSource: Record<DdasClientField, (c: ContactDetails) => string | undefined> = {
  burgerservicenummer: (c) => c.persoon.burgerservicenummer,
  // Intake receives no gender: never written.
  geslachtsaanduiding: () => undefined,
  geboortedatum: (c) => c.persoon.geboortedatum,
  postcode: (c) => c.adres.postcode,
  huisnummer: (c) => c.adres.huisnummer,
  huisnummertoevoeging: (c) => c.adres.huisnummertoevoeging,
};

/**
 * The v1.2 Client of a signal: only the fields the bundle allows. The schema's identity rule
 * (oneOf): with a BSN the client is the BSN alone; without one, postcode and huisnummer.
 * Undefined when neither can be given (contact details erased or expired).
 */
export function clientOf(contact: ContactDetails, allowed: readonly DdasClientField[]): Record<string, string> | undefined {
  const bsn = allowed.includes('burgerservicenummer') ? contact.persoon.burgerservicenummer : undefined;
  if (bsn && bsn.length === 9) return { burgerservicenummer: bsn };
  const client: Record<string, string> = {};
  for (const field of allowed) {
    if (field === 'burgerservicenummer') continue;
    const value = clientFieldSource[field](contact);
    if (value !== undefined && value !== '') client[field] = value;
  }
  return client.postcode && client.huisnummer ? client : undefined;
}

/** A contact attempt as the model has it: exactly its four fields, nothing that was stored beside them. */
export function contactAttempt(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['soort', 'bereikt', 'datum', 'dagdeel'] as const) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

/** `aanleverdatumEnTijd`: RFC 3339 UTC to the second. */
export const deliveryTimestamp = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');
