import type { Eindresultaat, PolicyBundle } from './bundle-schema.js';

/** How long a closed case's contact details are kept, given its end result. */
export function contactRetentionFor(bundle: PolicyBundle, eindresultaat: Eindresultaat): { regel: string; duur: string; bron: string; geverifieerd: boolean } {
  const specific = bundle.termijnen.perResultaat[eindresultaat];
  const rule = specific ?? bundle.termijnen.contactgegevens;
  return {
    regel: specific ? `bewaartermijnen.perResultaat.${eindresultaat}` : 'bewaartermijnen.contactgegevens',
    duur: rule.duur, bron: rule.bron, geverifieerd: rule.geverifieerd,
  };
}
