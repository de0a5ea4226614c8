import type { MunicipalKeystore } from '../privacy/keystore.js';
import type { PolicyBundle } from './bundle-schema.js';

/**
 * Every municipality the bundle routes to must have keys, and the key ids the bundle names must
 * exist: better to refuse to start than to accept signals that cannot be pseudonymised.
 */
export function keyProblems(bundle: PolicyBundle, keystore: MunicipalKeystore): string[] {
  const problems: string[] = [];
  const present = new Set(keystore.gemeentecodes());
  for (const g of bundle.gemeenten) {
    if (!present.has(g.gemeentecode)) {
      problems.push(`gemeente ${g.gemeentecode} (${g.naam}) heeft geen sleutels in de sleutelopslag`);
      continue;
    }
    const pseudonymIds = new Set(keystore.pseudonymKeys(g.gemeentecode).map((k) => k.id));
    for (const id of g.sleutels?.pseudoniem ?? []) if (!pseudonymIds.has(id)) problems.push(`gemeente ${g.gemeentecode}: pseudonimiseringssleutel ${id} ontbreekt`);
    for (const id of g.sleutels?.kek ?? []) if (!keystore.kekById(g.gemeentecode, id)) problems.push(`gemeente ${g.gemeentecode}: sleutelversleutelingssleutel ${id} ontbreekt`);
  }
  return problems;
}
