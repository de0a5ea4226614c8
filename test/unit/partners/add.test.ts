import { constants, createPrivateKey, sign, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPartner, PartnerInputError, type AddPartnerResult } from '../../../src/partners/add.js';
import { loadPartnerRegistry } from '../../../src/partners/registry.js';
import { createDevCa } from '../../../src/pki/certificates.js';
import { x5tS256 } from '../../../src/pki/thumbprint.js';

const oin = '00000099000000003000';
const dir = mkdtempSync(join(tmpdir(), 'vs-add-'));
const registryPath = join(dir, 'partners.json');
const outDir = join(dir, 'out');
let ca: { certPem: string; keyPem: string };
let result: AddPartnerResult;
const add = (over: Partial<Parameters<typeof addPartner>[0]> = {}) =>
  addPartner({ registryPath, caCertPem: ca.certPem, caKeyPem: ca.keyPem, oin, naam: 'Waterbedrijf Demo', type: 'Water', outDir, ...over });

beforeAll(() => {
  ca = createDevCa();
  result = add();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('addPartner', () => {
  it('writes exactly the five PEM files, private keys owner-only', () => {
    expect(readdirSync(outDir).sort()).toEqual(['ca.crt', 'client.crt', 'client.key', 'signing.crt', 'signing.key']);
    expect(result.files).toEqual(['ca.crt', 'client.crt', 'client.key', 'signing.crt', 'signing.key']);
    for (const key of ['client.key', 'signing.key']) {
      expect(readFileSync(join(outDir, key), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(statSync(join(outDir, key)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(outDir, 'ca.crt'), 'utf8')).toBe(ca.certPem);
  });

  it('issues both certificates from the CA with the OIN and naam in the subject', () => {
    const caCert = new X509Certificate(ca.certPem);
    for (const name of ['client.crt', 'signing.crt']) {
      const cert = new X509Certificate(readFileSync(join(outDir, name)));
      expect(cert.checkIssued(caCert) && cert.verify(caCert.publicKey)).toBe(true);
      expect(cert.subject.split('\n')).toEqual(expect.arrayContaining([`serialNumber=${oin}`, 'CN=Waterbedrijf Demo', 'O=Waterbedrijf Demo']));
    }
    expect(new X509Certificate(readFileSync(join(outDir, 'client.crt'))).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('registers the signing key under kid = x5t#S256, and it verifies what signing.key signs', () => {
    const kid = x5tS256(readFileSync(join(outDir, 'signing.crt')));
    expect(result).toMatchObject({ oin, naam: 'Waterbedrijf Demo', type: 'Water', kid });
    const registry = loadPartnerRegistry(registryPath);
    expect(registry.byOin(oin)).toEqual({ oin, naam: 'Waterbedrijf Demo', type: 'Water' });
    const key = registry.signingKey(oin, { kid });
    expect(key).toMatchObject({ kid, x5tS256: kid, alg: 'PS256' });
    const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    const signature = sign('sha256', Buffer.from('digest: SHA-256=abc'), { key: createPrivateKey(readFileSync(join(outDir, 'signing.key'))), ...pss });
    expect(verify('sha256', Buffer.from('digest: SHA-256=abc'), { key: key!.publicKey, ...pss }, signature)).toBe(true);
    expect(registry.hasTlsCertificate(oin, x5tS256(readFileSync(join(outDir, 'client.crt'))))).toBe(true);
    expect(registry.hasTlsCertificate(oin, kid)).toBe(false);
  });

  it('refuses a bad OIN, type or naam before writing anything', () => {
    const fresh = join(dir, 'never');
    expect(() => add({ oin: '1234', outDir: fresh })).toThrow(PartnerInputError);
    expect(() => add({ oin: '00000099000000003000x', outDir: fresh })).toThrow(/20 cijfers/);
    expect(() => add({ type: 'Gas', outDir: fresh })).toThrow(/--type moet een van Energie, Huur/);
    expect(() => add({ naam: '  ', outDir: fresh })).toThrow(/--naam/);
    expect(() => add({ naam: 'x'.repeat(65), outDir: fresh })).toThrow(/--naam/);
    expect(() => readdirSync(fresh)).toThrow();
  });

  it('does not overwrite an existing partner directory', () => {
    const before = readFileSync(join(outDir, 'signing.key'), 'utf8');
    expect(() => add()).toThrow(/bevat al ca\.crt, client\.crt, client\.key, signing\.crt, signing\.key/);
    expect(readFileSync(join(outDir, 'signing.key'), 'utf8')).toBe(before);
  });

  it('adds a second key to a known OIN and keeps the first one valid (rotation)', () => {
    const second = add({ outDir: join(dir, 'rotated'), naam: 'Waterbedrijf Demo N.V.' });
    const registry = loadPartnerRegistry(registryPath);
    expect(registry.all()).toHaveLength(1);
    expect(registry.byOin(oin)?.naam).toBe('Waterbedrijf Demo N.V.');
    expect(registry.signingKey(oin, { kid: result.kid })).toBeDefined();
    expect(registry.signingKey(oin, { kid: second.kid })).toBeDefined();
  });
});
