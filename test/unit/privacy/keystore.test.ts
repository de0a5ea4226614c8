import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptContactDetails, encryptContactDetails } from '../../../src/privacy/envelope.js';
import {
  ensureMunicipalKeys,
  KeystoreFileError,
  loadKeystore,
  MissingMunicipalKeysError,
} from '../../../src/privacy/keystore.js';
import { addressPseudonym } from '../../../src/privacy/pseudonym.js';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'vs-keys-')), 'gemeenten');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const now = new Date('2025-01-31T12:00:00Z');
const adres = { postcode: '1234AB', huisnummer: '1' };

describe('ensureMunicipalKeys', () => {
  it('creates one 0600 file per municipality with documented key ids', () => {
    expect(ensureMunicipalKeys(dir, ['0363', '0599'], now)).toEqual(['0363', '0599']);
    expect(readdirSync(dir).sort()).toEqual(['0363.json', '0599.json']);
    for (const name of ['0363.json', '0599.json']) {
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
    const file = JSON.parse(readFileSync(join(dir, '0363.json'), 'utf8'));
    expect(file.gemeentecode).toBe('0363');
    expect(file.pseudonym.current).toMatch(/^p-0363-20250131-[0-9a-f]{4}$/);
    expect(file.kek.current).toMatch(/^k-0363-20250131-[0-9a-f]{4}$/);
    expect(Buffer.from(file.kek.keys[file.kek.current], 'base64')).toHaveLength(32);
  });

  it('is idempotent and leaves existing files byte for byte', () => {
    ensureMunicipalKeys(dir, ['0363'], now);
    const before = readFileSync(join(dir, '0363.json'), 'utf8');
    expect(ensureMunicipalKeys(dir, ['0363', '0599', '0599'])).toEqual(['0599']);
    expect(ensureMunicipalKeys(dir, ['0363', '0599'])).toEqual([]);
    expect(readFileSync(join(dir, '0363.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a gemeentecode that is not 4 digits (also keeps paths inside the directory)', () => {
    expect(() => ensureMunicipalKeys(dir, ['../x'])).toThrow(KeystoreFileError);
  });
});

describe('loadKeystore', () => {
  it('gives the same keys on every reload', () => {
    ensureMunicipalKeys(dir, ['0363', '0599'], now);
    const a = loadKeystore(dir);
    const b = loadKeystore(dir);
    expect(a.gemeentecodes()).toEqual(['0363', '0599']);
    expect(addressPseudonym(adres, b.pseudonymKey('0363'))).toBe(addressPseudonym(adres, a.pseudonymKey('0363')));
    expect(a.pseudonymKey('0363').secret.equals(a.pseudonymKey('0599').secret)).toBe(false);
    const blob = encryptContactDetails({ x: 1 }, a.currentKek('0363'), 'zaak-1');
    expect(decryptContactDetails(blob, (id) => b.kekById('0363', id), 'zaak-1')).toEqual({ x: 1 });
    expect(b.kekById('0599', blob.kekId)).toBeUndefined();
  });

  it('lists every pseudonym key with the current one first', () => {
    ensureMunicipalKeys(dir, ['0363'], now);
    const file = JSON.parse(readFileSync(join(dir, '0363.json'), 'utf8'));
    file.pseudonym.keys['p-0363-20240101-0000'] = Buffer.alloc(32, 7).toString('base64');
    writeFileSync(join(dir, '0363.json'), JSON.stringify(file), { mode: 0o600 });
    const store = loadKeystore(dir);
    expect(store.pseudonymKeys('0363').map((k) => k.id)).toEqual([file.pseudonym.current, 'p-0363-20240101-0000']);
    expect(store.pseudonymKey('0363').id).toBe(file.pseudonym.current);
  });

  it('answers a municipality without keys with a typed error naming the code', () => {
    ensureMunicipalKeys(dir, ['0363'], now);
    const store = loadKeystore(dir);
    for (const call of [() => store.pseudonymKey('0014'), () => store.currentKek('0014'), () => store.pseudonymKeys('0014'), () => store.kekById('0014', 'x')]) {
      expect(call).toThrow(MissingMunicipalKeysError);
      expect(call).toThrow(/0014/);
    }
  });

  it('keeps key bytes out of JSON and inspect output', () => {
    ensureMunicipalKeys(dir, ['0363'], now);
    const store = loadKeystore(dir);
    const kek = store.currentKek('0363');
    const secretB64 = kek.key.toString('base64');
    expect(kek.key).toHaveLength(32);
    expect(JSON.stringify(kek)).toBe(JSON.stringify({ id: kek.id }));
    expect(inspect(kek)).not.toContain(secretB64);
    expect(JSON.stringify(store.pseudonymKey('0363'))).toBe(JSON.stringify({ id: store.pseudonymKey('0363').id }));
  });

  it.each([
    ['invalid JSON', '{"gemeentecode": "0363", "pseudonym": SECRETSTUFF'],
    ['a short key', JSON.stringify({ gemeentecode: '0363', pseudonym: { current: 'a', keys: { a: 'AAAA' } }, kek: { current: 'b', keys: { b: Buffer.alloc(32).toString('base64') } } })],
    ['a dangling current', JSON.stringify({ gemeentecode: '0363', pseudonym: { current: 'x', keys: { a: Buffer.alloc(32).toString('base64') } }, kek: { current: 'b', keys: { b: Buffer.alloc(32).toString('base64') } } })],
    ['a code that does not match the file name', JSON.stringify({ gemeentecode: '0599', pseudonym: { current: 'a', keys: { a: Buffer.alloc(32).toString('base64') } }, kek: { current: 'b', keys: { b: Buffer.alloc(32).toString('base64') } } })],
  ])('names the file when it holds %s', (_what, text) => {
    ensureMunicipalKeys(dir, ['0599'], now);
    writeFileSync(join(dir, '0363.json'), text, { mode: 0o600 });
    expect(() => loadKeystore(dir)).toThrow(KeystoreFileError);
    expect(() => loadKeystore(dir)).toThrow(join(dir, '0363.json'));
    expect(() => loadKeystore(dir)).not.toThrow(/SECRETSTUFF/);
  });

  it('fails with a typed error on a missing directory', () => {
    expect(() => loadKeystore(join(dir, 'nope'))).toThrow(KeystoreFileError);
  });
});
