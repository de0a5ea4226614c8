import type { PolicyBundle } from '../policy/bundle-schema.js';
import type { Consumer } from './consumers.js';
import { deliveryMunicipality } from './municipalities.js';

/**
 * Which municipalities a data consumer may pull. The bundle decides (rapportage.yaml `afnemers`,
 * per OIN); in development a consumer the bundle does not name may pull what `afnemer add`
 * registered (every municipality unless `--gemeenten` limited it). In production a consumer the
 * bundle does not name may pull nothing.
 */
export function allowedMunicipalities(oin: string, bundle: PolicyBundle, consumer: Consumer | undefined, development: boolean): Set<string> {
  const all = bundle.gemeenten.map((g) => g.gemeentecode);
  const rule = bundle.rapportage.afnemers?.waarde.find((a) => a.oin === oin);
  if (rule) return new Set(rule.gemeenten === 'alle' ? all : rule.gemeenten.filter((g) => all.includes(g)));
  if (development && consumer) return new Set(consumer.gemeenten ? consumer.gemeenten.filter((g) => all.includes(g)) : all);
  return new Set();
}

export type Selection =
  | { ok: true; gemeentecodes: string[] }
  | { ok: false; reason: 'organisatie-onbekend' | 'niet-toegestaan'; detail: string };

/**
 * The municipalities one request covers: those of the named aanleverende organisatie (a
 * municipality delegates its delivery to it), or every one the consumer may pull. Asking for an
 * organisation with a municipality the consumer may not pull is refused as a whole.
 */
export function selectMunicipalities(bundle: PolicyBundle, allowed: Set<string>, aanleverendeOrganisatie: string | undefined): Selection {
  if (aanleverendeOrganisatie === undefined) {
    if (allowed.size === 0) return { ok: false, reason: 'niet-toegestaan', detail: 'Deze afnemer mag van geen enkele gemeente gegevens ophalen' };
    return { ok: true, gemeentecodes: [...allowed].sort() };
  }
  const named = bundle.gemeenten.filter((g) => deliveryMunicipality(g).aanleverendeOrganisatie.naam === aanleverendeOrganisatie).map((g) => g.gemeentecode);
  if (named.length === 0) return { ok: false, reason: 'organisatie-onbekend', detail: 'Geen gemeente levert via deze aanleverende organisatie' };
  if (!named.every((g) => allowed.has(g))) return { ok: false, reason: 'niet-toegestaan', detail: 'Deze afnemer mag de gegevens van deze aanleverende organisatie niet ophalen' };
  return { ok: true, gemeentecodes: named.sort() };
}
