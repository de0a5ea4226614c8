import type { Eindresultaat, PolicyBundle } from './bundle-schema.js';

/** How long a closed case's contact details are kept, given its end result. */
export function contactRetentionFor(bundle: PolicyBundle, eindresultaat: Eindresultaat): { duur: string; bron: string; geverifieerd: boolean } {
  const rule = bundle.termijnen.perResultaat[eindresultaat] ?? bundle.termijnen.contactgegevens;
  return { duur: rule.duur, bron: rule.bron, geverifieerd: rule.geverifieerd };
}
