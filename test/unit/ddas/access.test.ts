import { describe, expect, it } from 'vitest';
import { allowedMunicipalities, selectMunicipalities } from '../../../src/ddas/access.js';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import type { PolicyBundle } from '../../../src/policy/bundle-schema.js';

const { bundle } = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname);
const oin = '00000099000000007000';
const all = bundle.gemeenten.map((g) => g.gemeentecode).sort();
const withRule = (gemeenten: 'alle' | string[]): PolicyBundle => ({
  ...bundle, rapportage: { ...bundle.rapportage, afnemers: { waarde: [{ oin, naam: 'CBS', gemeenten }], bron: 'test', geverifieerd: false } },
});

describe('which municipalities a consumer may pull', () => {
  it('follows the bundle for a consumer it names, in development and production alike', () => {
    for (const development of [true, false]) {
      expect([...allowedMunicipalities(oin, withRule(['0363']), { oin, naam: 'CBS', tlsCertificates: [] }, development)]).toEqual(['0363']);
      expect([...allowedMunicipalities(oin, withRule('alle'), undefined, development)].sort()).toEqual(all);
    }
  });

  it('in development lets a registered consumer the bundle does not name pull what it was registered for (all by default)', () => {
    expect([...allowedMunicipalities(oin, bundle, { oin, naam: 'CBS', tlsCertificates: [] }, true)].sort()).toEqual(all);
    expect([...allowedMunicipalities(oin, bundle, { oin, naam: 'CBS', tlsCertificates: [], gemeenten: ['0518'] }, true)]).toEqual(['0518']);
  });

  it('in production lets a consumer the bundle does not name pull nothing', () => {
    expect(allowedMunicipalities(oin, bundle, { oin, naam: 'CBS', tlsCertificates: [] }, false).size).toBe(0);
    expect(selectMunicipalities(bundle, new Set(), undefined)).toMatchObject({ ok: false, reason: 'niet-toegestaan' });
  });

  it('selects the municipalities of an aanleverende organisatie a municipality delegates to, all or nothing', () => {
    const delegated: PolicyBundle = {
      ...bundle,
      gemeenten: bundle.gemeenten.map((g) => (g.gemeentecode === '0363' || g.gemeentecode === '0344' ? { ...g, aanleverendeOrganisatie: { naam: 'Schuldhulp Samen' } } : g)),
    };
    expect(selectMunicipalities(delegated, new Set(all), 'Schuldhulp Samen')).toEqual({ ok: true, gemeentecodes: ['0344', '0363'] });
    expect(selectMunicipalities(delegated, new Set(['0363']), 'Schuldhulp Samen')).toMatchObject({ ok: false, reason: 'niet-toegestaan' });
    expect(selectMunicipalities(delegated, new Set(all), 'Gemeente Amsterdam')).toMatchObject({ ok: false, reason: 'organisatie-onbekend' });
    expect(selectMunicipalities(delegated, new Set(all), 'Gemeente Rotterdam')).toEqual({ ok: true, gemeentecodes: ['0599'] });
  });
});
