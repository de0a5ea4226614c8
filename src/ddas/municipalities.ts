import type { Municipality, PolicyBundle } from '../policy/bundle-schema.js';
import { decryptContactDetails, parseStoredContact } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import type { DeliveryMunicipality } from './delivery.js';
import type { ContactDetails } from './model.js';

/** A municipality as its delivery names it: its own aanleverende organisatie, or "Gemeente <naam>". */
export function deliveryMunicipality(m: Municipality): DeliveryMunicipality {
  return { gemeentecode: m.gemeentecode, aanleverendeOrganisatie: m.aanleverendeOrganisatie ?? { naam: `Gemeente ${m.naam}` } };
}

/** The bundle's municipalities with these codes, by code (the delivery's order). */
export function deliveryMunicipalities(bundle: PolicyBundle, codes: Iterable<string>): DeliveryMunicipality[] {
  const wanted = new Set(codes);
  return bundle.gemeenten.filter((g) => wanted.has(g.gemeentecode)).map(deliveryMunicipality)
    .sort((a, b) => a.gemeentecode.localeCompare(b.gemeentecode));
}

/** One signal's contact details, decrypted under its municipality's keys (the signal id is the AAD). */
export function contactDecryptor(keystore: MunicipalKeystore) {
  return (gemeentecode: string, signaalId: string, blob: string): ContactDetails =>
    decryptContactDetails(parseStoredContact(blob), (id) => keystore.kekById(gemeentecode, id), signaalId) as ContactDetails;
}
