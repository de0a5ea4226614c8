import { createHmac } from 'node:crypto';
import type { Adres, Persoon } from '../intake/schema.js';
import {
  normaliseHuisnummer,
  normaliseHuisnummertoevoeging,
  normaliseInitial,
  normalisePostcode,
  normaliseSurname,
} from './normalise.js';

/** One municipality's pseudonymisation key. A different key per municipality is what keeps them from linking each other's data. */
export type PseudonymKey = { id: string; secret: Buffer };

export type AddressFields = Pick<Adres, 'postcode' | 'huisnummer' | 'huisnummertoevoeging'>;
export type PersonFields = Pick<Persoon, 'voorletters' | 'voorvoegsel' | 'achternaam' | 'geboortedatum'>;

/**
 * The input cannot yield a pseudonym. The message names what is missing, never a value.
 * `fields` (JSON Pointers into `{ persoon, adres }`) says which of the caller's fields to supply or
 * fix; it is empty when the fault is a key, which is ours and not the caller's.
 */
export class PseudonymInputError extends Error {
  override name = 'PseudonymInputError';
  constructor(message: string, readonly fields: readonly string[] = []) {
    super(message);
  }
}

/**
 * Versioned domain tags: the same field values hashed for an address and for a person must
 * never give the same pseudonym, and a later change of rules gets a new version, not a silent
 * change of meaning.
 */
const domains = {
  adres: 'vroegsignaal:adres:v1',
  persoonMetGeboortedatum: 'vroegsignaal:persoon:geboortedatum:v1',
  persoonMetAdres: 'vroegsignaal:persoon:adres:v1',
} as const;

const fieldSeparator = '\x00';
const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const isoDatePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The household pseudonym: postcode + huisnummer + toevoeging, so every signal about one address lands on one case. */
export function addressPseudonym(adres: AddressFields, key: PseudonymKey): string {
  return keyedPseudonym(key, domains.adres, addressMatchFields(adres));
}

/**
 * The person pseudonym: normalised surname + first initial + geboortedatum. The address is left
 * out on purpose, so the pseudonym follows a person who moves.
 *
 * Without geboortedatum, surname + initial alone would join strangers, so the address fields take
 * its place (under its own domain tag): the person is then recognised only at that address, and
 * the same person sent once with and once without geboortedatum gets two pseudonyms. Cases are
 * combined by the address pseudonym, so that costs little. Neither → PseudonymInputError.
 */
export function personPseudonym(persoon: PersonFields, adres: AddressFields | undefined, key: PseudonymKey): string {
  const name = [normaliseSurname(persoon.voorvoegsel, persoon.achternaam), normaliseInitial(persoon.voorletters)];
  const geboortedatum = persoon.geboortedatum?.trim();
  if (geboortedatum !== undefined && geboortedatum !== '') {
    if (!isoDatePattern.test(geboortedatum)) throw new PseudonymInputError('geboortedatum is geen datum JJJJ-MM-DD', ['/persoon/geboortedatum']);
    return keyedPseudonym(key, domains.persoonMetGeboortedatum, [...name, geboortedatum]);
  }
  if (adres === undefined) throw new PseudonymInputError('persoonspseudoniem vraagt een geboortedatum of een adres', ['/persoon/geboortedatum', '/adres']);
  return keyedPseudonym(key, domains.persoonMetAdres, [...name, ...addressMatchFields(adres)]);
}

/** The key id a pseudonym was made with: the part before the first ':'. */
export function pseudonymKeyId(pseudonym: string): string {
  const colon = pseudonym.indexOf(':');
  return colon < 0 ? '' : pseudonym.slice(0, colon);
}

function addressMatchFields(adres: AddressFields): string[] {
  return [
    normalisePostcode(adres.postcode),
    normaliseHuisnummer(adres.huisnummer),
    normaliseHuisnummertoevoeging(adres.huisnummertoevoeging),
  ];
}

/** `${key.id}:${base64url(HMAC-SHA-256(secret, domain ␀ field ␀ field …))}` — the id says which key to match or rotate with. */
function keyedPseudonym(key: PseudonymKey, domain: string, fields: readonly string[]): string {
  if (!keyIdPattern.test(key.id)) throw new PseudonymInputError('sleutel-id moet 1 tot 64 tekens uit [A-Za-z0-9._-] zijn');
  if (key.secret.length < 32) throw new PseudonymInputError(`pseudonimiseringssleutel ${key.id} is korter dan 256 bits`);
  // Normalised fields cannot hold NUL; refusing it anyway keeps the joined input unambiguous whatever a caller passes.
  if (fields.some((f) => f.includes(fieldSeparator))) throw new PseudonymInputError('veld bevat een NUL-teken');
  const mac = createHmac('sha256', key.secret).update([domain, ...fields].join(fieldSeparator), 'utf8').digest('base64url');
  return `${key.id}:${mac}`;
}
