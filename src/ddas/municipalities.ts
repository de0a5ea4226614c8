import type { Municipality, PolicyBundle } from '../policy/bundle-schema.js';
import { ContactDecryptionError, decryptContactDetails, parseStoredContact } from '../privacy/envelope.js';
import { isPeriodKeyId } from '../privacy/period-keys.js';
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

/**
 * One signal's contact details, decrypted under its municipality's keys (the signal id is the
 * AAD). Undefined when its retention period key has been destroyed (crypto-shredded: the details
 * are gone as surely as a deleted field); any other failure is the gateway's and throws.
 */
export function contactDecryptor(keystore: MunicipalKeystore) {
  return (gemeentecode: string, signaalId: string, blob: string): ContactDetails | undefined => {
    try {
      return decryptContactDetails(parseStoredContact(blob), (id) => keystore.kekById(gemeentecode, id), signaalId) as ContactDetails;
    } catch (err) {
      if (err instanceof ContactDecryptionError && err.reason === 'onbekende-sleutel' && err.kekId && isPeriodKeyId(err.kekId)) return undefined;
      throw err;
    }
  };
}
