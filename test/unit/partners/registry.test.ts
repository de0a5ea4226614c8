import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPartner } from '../../../src/partners/add.js';
import { addPartnerToRegistry, createRegistryWatcher, loadPartnerRegistry, type PartnerEntry } from '../../../src/partners/registry.js';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../../src/pki/keys.js';
import { x5tS256 } from '../../../src/pki/thumbprint.js';

const oinA = '00000099000000001000';
const oinB = '00000099000000002000';
const dir = mkdtempSync(join(tmpdir(), 'vs-registry-'));
const registryPath = join(dir, 'partners.json');
let ca: { certPem: string; keyPem: string };
let keyOfA: string;
let keyOfB: string;
const add = (oin: string, type: string, sub: string, path = registryPath) =>
  addPartner({ registryPath: path, caCertPem: ca.certPem, caKeyPem: ca.keyPem, oin, naam: sub, type, outDir: join(dir, sub) });
const entriesOf = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { partners: PartnerEntry[] }).partners;
const expectRejected = (doc: unknown, message: RegExp) => {
  const path = join(dir, 'broken.json');
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  expect(() => loadPartnerRegistry(path)).toThrow(message);
};

beforeAll(() => {
  ca = createDevCa();
  keyOfA = add(oinA, 'Huur', 'a').kid;
  keyOfB = add(oinB, 'Energie', 'b').kid;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('signing key lookup', () => {
  it('finds a key only under the OIN it is registered to', () => {
    const registry = loadPartnerRegistry(registryPath);
    expect(registry.byOin(oinB)).toEqual({ oin: oinB, naam: 'b', type: 'Energie' });
    expect(registry.signingKey(oinB, { x5tS256: keyOfB })?.alg).toBe('PS256');
    expect(registry.signingKey(oinA, { x5tS256: keyOfB })).toBeUndefined();
    expect(registry.signingKey(oinA, { kid: keyOfB })).toBeUndefined();
    expect(registry.signingKey(oinA, { kid: keyOfA, x5tS256: keyOfB })).toBeUndefined();
    expect(registry.signingKey('00000099000000009000', { kid: keyOfA })).toBeUndefined();
  });

  it('needs kid and x5t#S256 to name the same key when both are given, and finds nothing with neither', () => {
    const registry = loadPartnerRegistry(registryPath);
    expect(registry.signingKey(oinA, { kid: keyOfA, x5tS256: keyOfA })?.kid).toBe(keyOfA);
    expect(registry.signingKey(oinA, {})).toBeUndefined();
  });
});

describe('validation at load', () => {
  it('names the file and the path of a malformed entry', () => {
    expectRejected({ partners: [{ oin: '12', naam: 'x', type: 'Huur', signingKeys: [] }] }, /broken\.json: partners\.0\.oin: verwacht een OIN van 20 cijfers/);
    expectRejected('{"partners": [', /broken\.json: geen geldige JSON/);
    expectRejected({ partners: [{ ...entriesOf(registryPath)[0], type: 'Gas' }] }, /broken\.json: partners\.0\.type/);
  });

  it('rejects a thumbprint that does not belong to the certificate, and a duplicate OIN', () => {
    const [a, b] = entriesOf(registryPath) as [PartnerEntry, PartnerEntry];
    const swapped = { ...a, signingKeys: [{ ...a.signingKeys[0]!, certificate: b.signingKeys[0]!.certificate }] };
    expectRejected({ partners: [swapped] }, /partners\.0\.signingKeys\.0\.x5t#S256: komt niet overeen met het certificaat/);
    expectRejected({ partners: [a, { ...b, oin: a.oin }] }, /partners\.1\.oin: OIN komt dubbel voor/);
  });

  it('pins the algorithm to the key type: ES256 is refused for an RSA key', () => {
    // node-forge cannot certify an EC key, so take a certificate with an RSA key and claim ES256.
    const [a] = entriesOf(registryPath) as [PartnerEntry];
    expectRejected({ partners: [{ ...a, signingKeys: [{ ...a.signingKeys[0]!, alg: 'ES256' }] }] }, /signingKeys\.0\.alg: past niet bij de sleutel/);
  });
});

describe('addPartnerToRegistry', () => {
  it('refuses to re-register an OIN under another type', () => {
    expect(() => add(oinA, 'Water', 'c')).toThrow(/al geregistreerd als type Huur/);
  });

  it('never writes a registry that would not load again', () => {
    const before = readFileSync(registryPath, 'utf8');
    const [a] = entriesOf(registryPath) as [PartnerEntry];
    expect(() => addPartnerToRegistry(registryPath, { ...a, oin: '00000099000000005000', signingKeys: [] })).toThrow(/signingKeys/);
    expect(readFileSync(registryPath, 'utf8')).toBe(before);
  });
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('registry watcher', () => {
  it('treats a missing file as empty and picks up every change without restart, from the next turn of the event loop on', async () => {
    const path = join(dir, 'watched.json');
    const watcher = createRegistryWatcher(path);
    expect(watcher.current().all()).toEqual([]);
    add('00000099000000007000', 'Zorg', 'w1', path);
    // Within one turn the file is looked at once: requests that arrive together share the look.
    expect(watcher.current().all()).toEqual([]);
    await nextTurn();
    expect(watcher.current().all().map((p) => p.oin)).toEqual(['00000099000000007000']);
    // Two writes in quick succession: the second must be seen too (atomic rename → new inode).
    add('00000099000000008000', 'DUO', 'w2', path);
    await nextTurn();
    expect(watcher.current().all()).toHaveLength(2);
    unlinkSync(path);
    await nextTurn();
    expect(watcher.current().all()).toEqual([]);
  });

  it('fails at start on a broken file, and later keeps the last good registry and reports', async () => {
    const path = join(dir, 'flaky.json');
    writeFileSync(path, 'nonsense');
    expect(() => createRegistryWatcher(path)).toThrow(/flaky\.json: geen geldige JSON/);
    writeFileSync(path, readFileSync(registryPath));
    const errors: string[] = [];
    const watcher = createRegistryWatcher(path, (err) => errors.push(err.message));
    expect(watcher.current().all()).toHaveLength(2);
    writeFileSync(path, '{"partners": 1}');
    await nextTurn();
    expect(watcher.current().all()).toHaveLength(2);
    expect(errors[0]).toMatch(/flaky\.json: partners/);
  });
});

describe('a hand-written entry', () => {
  it('may use its own kid, looked up next to its x5t#S256', () => {
    const keys = generateRsaKeyPair();
    const certificate = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'signing', publicKeyPem: keys.publicKeyPem, subject: { commonName: 'x', serialNumber: '00000099000000006000' } });
    const path = join(dir, 'single.json');
    addPartnerToRegistry(path, { oin: '00000099000000006000', naam: 'x', type: 'Overige', signingKeys: [{ kid: 'sleutel-1', 'x5t#S256': x5tS256(certificate), alg: 'PS256', certificate }], tlsCertificates: [] });
    expect(loadPartnerRegistry(path).signingKey('00000099000000006000', { kid: 'sleutel-1' })?.x5tS256).toBe(x5tS256(certificate));
  });
});
