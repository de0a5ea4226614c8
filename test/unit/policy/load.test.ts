import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPolicyBundle, PolicyBundleError } from '../../../src/policy/load.js';
import { routePostcode } from '../../../src/policy/routing.js';

const shipped = new URL('../../../policies', import.meta.url).pathname;
const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function copyBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vs-policy-'));
  temps.push(dir);
  cpSync(shipped, dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: string, from: string, to: string) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe('loadPolicyBundle', () => {
  it('loads the shipped bundle with a stable revision', () => {
    const a = loadPolicyBundle(shipped);
    expect(a.revision).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(loadPolicyBundle(copyBundle()).revision).toBe(a.revision);
    expect(a.bundle.gemeenten.map((g) => g.gemeentecode)).toContain('0518');
  });

  it('keeps the revision when only layout or comments change, and changes it when a value does', () => {
    const dir = copyBundle();
    const before = loadPolicyBundle(dir).revision;
    edit(dir, 'gemeenten.yaml', '# Aangesloten', '#   Aangesloten');
    expect(loadPolicyBundle(dir).revision).toBe(before);
    edit(dir, 'gemeenten.yaml', 'aanbodtermijnWerkdagen: 10', 'aanbodtermijnWerkdagen: 12');
    expect(loadPolicyBundle(dir).revision).not.toBe(before);
  });

  it('names the file, the path inside it and the problem of a broken bundle', () => {
    const dir = copyBundle();
    edit(dir, 'signaalpartners.yaml', '{ waarde: 600,', '{ waarde: "zeshonderd",');
    expect(() => loadPolicyBundle(dir)).toThrow(PolicyBundleError);
    expect(() => loadPolicyBundle(dir)).toThrow(/^signaalpartners\.yaml: types\.Belastingdienst\.drempels\.minimaalBedrag\.waarde: .*expected number/);
  });

  it('lists every problem in a file, one per line', () => {
    const dir = copyBundle();
    edit(dir, 'gemeenten.yaml', 'gemeentecode: "0363"', 'gemeentecode: 363');
    edit(dir, 'gemeenten.yaml', 'aanbodtermijnWerkdagen: 10', 'aanbodtermijnWerkdagen: tien');
    expect(() => loadPolicyBundle(dir)).toThrow(/^gemeenten\.yaml: gemeenten\.0\.gemeentecode: .*\ngemeenten\.yaml: gemeenten\.0\.aanbodtermijnWerkdagen: /);
  });

  it('refuses an unknown key instead of ignoring a typo', () => {
    const dir = copyBundle();
    edit(dir, 'signaalpartners.yaml', '    drempels: *dertigDagen\n', '    drempels: *dertigDagen\n    drempel: 1\n');
    expect(() => loadPolicyBundle(dir)).toThrow(/^signaalpartners\.yaml: types\.Huur: .*drempel/);
  });

  it('refuses duplicate gemeentecodes', () => {
    const dir = copyBundle();
    edit(dir, 'gemeenten.yaml', 'gemeentecode: "0599"', 'gemeentecode: "0363"');
    expect(() => loadPolicyBundle(dir)).toThrow(/^gemeenten\.yaml: gemeenten\.2\.gemeentecode: 0363 komt dubbel voor/);
  });

  it('refuses overlapping postcode ranges and unknown processing activities', () => {
    const overlap = copyBundle();
    edit(overlap, 'gemeenten.yaml', '{ van: 3511, tot: 3585 }', '{ van: 3011, tot: 3585 }');
    expect(() => loadPolicyBundle(overlap)).toThrow(/gemeenten\.yaml: .*overlapt/);
    const activity = copyBundle();
    edit(activity, 'signaalpartners.yaml', 'verwerkingsactiviteit: urn:vroegsignaal:verwerking:signalen-ontvangen', 'verwerkingsactiviteit: urn:vroegsignaal:verwerking:bestaat-niet');
    expect(() => loadPolicyBundle(activity)).toThrow(/staat niet in verwerkingsactiviteiten\.yaml/);
  });

  it('reports a missing file by name', () => {
    const dir = copyBundle();
    rmSync(join(dir, 'bewaartermijnen.yaml'));
    expect(() => loadPolicyBundle(dir)).toThrow(/^bewaartermijnen\.yaml: bestand ontbreekt/);
  });
});

describe('routePostcode', () => {
  const { bundle } = loadPolicyBundle(shipped);
  it('routes by the four digits, with or without a space', () => {
    expect(routePostcode('2511 AB', bundle)).toBe('0518');
    expect(routePostcode('1234 ab', bundle)).toBe('1696');
    expect(routePostcode('1234AB', bundle)).toBe('1696');
    expect(routePostcode('3089ZZ', bundle)).toBe('0599');
  });
  it('gives undefined outside every range', () => {
    expect(routePostcode('9999ZZ', bundle)).toBeUndefined();
    expect(routePostcode('3090AA', bundle)).toBeUndefined();
    expect(routePostcode('1230ZZ', bundle)).toBeUndefined(); // just below Wijdemeren
  });
  it('routes nothing that is not a postcode', () => {
    for (const junk of ['', '1234', '0123AB', '12.3AB', 'AB1234', '1234ABC']) expect(routePostcode(junk, bundle)).toBeUndefined();
  });
});

describe('retention per outcome', () => {
  it('keeps contact details per eindresultaat, falling back to the general term', async () => {
    const { contactRetentionFor } = await import('../../../src/policy/retention.js');
    const { bundle } = loadPolicyBundle(shipped);
    expect(contactRetentionFor(bundle, 'Niet opgepakt: onterecht signaal')).toMatchObject({ duur: 'P1M', geverifieerd: false });
    expect(contactRetentionFor(bundle, 'Vervolghulp en/of verwijzing financieel').duur).toBe('P6M');
  });
});

describe('key check at start', () => {
  it('names a municipality without keys and a key id the keystore lacks', async () => {
    const { keyProblems } = await import('../../../src/policy/key-check.js');
    const { ensureMunicipalKeys, loadKeystore } = await import('../../../src/privacy/keystore.js');
    const keysDir = mkdtempSync(join(tmpdir(), 'vs-keys-'));
    temps.push(keysDir);
    const { bundle } = loadPolicyBundle(shipped);
    ensureMunicipalKeys(keysDir, bundle.gemeenten.map((g) => g.gemeentecode).filter((c) => c !== '0363'));
    const withIds = { ...bundle, gemeenten: bundle.gemeenten.map((g) => (g.gemeentecode === '0518' ? { ...g, sleutels: { pseudoniem: ['p-bestaat-niet'], kek: [] } } : g)) };
    expect(keyProblems(withIds, loadKeystore(keysDir))).toEqual([
      'gemeente 0363 (Amsterdam) heeft geen sleutels in de sleutelopslag',
      'gemeente 0518: pseudonimiseringssleutel p-bestaat-niet ontbreekt',
    ]);
  });
});
