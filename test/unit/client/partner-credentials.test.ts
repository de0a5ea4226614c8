import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPartnerCredentials, PartnerCredentialsError } from '../../../src/client/partner-credentials.js';
import { readInput } from '../../../src/cli/send.js';
import { UsageError } from '../../../src/cli/args.js';
import { sha256DigestHeader } from '../../../src/intake/digest.js';
import { signPayloadSignature, verifyPayloadSignature } from '../../../src/intake/payload-signature.js';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../../src/pki/keys.js';
import { x5tS256 } from '../../../src/pki/thumbprint.js';

const root = mkdtempSync(join(tmpdir(), 'vs-partner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ca = createDevCa();
const subject = { commonName: 'Woonstichting Test', organizationName: 'Woonstichting Test', serialNumber: '00000099123456780000' };
function partnerDir(name: string): { dir: string; signingCert: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  const tls = generateRsaKeyPair();
  const signing = generateRsaKeyPair();
  const signingCert = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject, publicKeyPem: signing.publicKeyPem, usage: 'signing' });
  writeFileSync(join(dir, 'ca.crt'), ca.certPem);
  writeFileSync(join(dir, 'client.crt'), issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject, publicKeyPem: tls.publicKeyPem, usage: 'client' }));
  writeFileSync(join(dir, 'client.key'), tls.privateKeyPem);
  writeFileSync(join(dir, 'signing.crt'), signingCert);
  writeFileSync(join(dir, 'signing.key'), signing.privateKeyPem);
  return { dir, signingCert };
}

describe('loadPartnerCredentials', () => {
  it('loads a partner directory, with PS256 and the x5t#S256 of signing.crt', async () => {
    const { dir, signingCert } = partnerDir('goed');
    const creds = loadPartnerCredentials(dir);
    expect(creds.signingAlg).toBe('PS256');
    expect(creds.x5tS256).toBe(x5tS256(signingCert));
    expect(creds.x5tS256).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // What the client signs, the gateway verifies with the certificate's key.
    const digestValue = sha256DigestHeader(Buffer.from('[]'));
    const now = new Date();
    const sig = await signPayloadSignature({ digestValue, privateKey: creds.signingKey, alg: creds.signingAlg, x5tS256: creds.x5tS256, now });
    const { X509Certificate } = await import('node:crypto');
    const publicKey = new X509Certificate(signingCert).publicKey;
    const result = await verifyPayloadSignature({
      headerValues: [sig], digestValue, now, windowSeconds: 300,
      resolveKey: (h) => (h.x5tS256 === creds.x5tS256 ? { alg: 'PS256', publicKey } : undefined),
    });
    expect(result.x5tS256).toBe(creds.x5tS256);
  });

  it('names a missing file', () => {
    const { dir } = partnerDir('zonder-ca');
    rmSync(join(dir, 'ca.crt'));
    expect(() => loadPartnerCredentials(dir)).toThrow(PartnerCredentialsError);
    expect(() => loadPartnerCredentials(dir)).toThrow(/ca\.crt ontbreekt/);
  });

  it('refuses a signing.key that does not belong to signing.crt', () => {
    const { dir } = partnerDir('verwisseld');
    writeFileSync(join(dir, 'signing.key'), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadPartnerCredentials(dir)).toThrow(/hoort niet bij signing\.crt/);
    copyFileSync(join(dir, 'client.key'), join(dir, 'signing.key'));
    expect(() => loadPartnerCredentials(dir)).toThrow(/hoort niet bij signing\.crt/);
  });
});

describe('send input', () => {
  it('sends one object singly, an array or a CSV as a batch', () => {
    expect(readInput('a.json', '{"id":"A"}')).toEqual({ items: [{ ref: 'A', signal: { id: 'A' } }], unreadable: [], single: true });
    expect(readInput('a.json', '[{"id":"A"},{}]').items.map((i) => i.ref)).toEqual(['#0 (A)', '#1']);
    const csv = readInput('a.CSV', 'id,signaalpartner,signaaldatum,bedrag\nA,Huur,2026-11-20,1\nB,Huur,2026-11-20,x\n');
    expect(csv.single).toBe(false);
    expect(csv.items.map((i) => i.ref)).toEqual(['regel 2 (A)']);
    expect(csv.unreadable).toEqual([{ ref: 'regel 3', status: 0, problem: { code: 'csv-onleesbaar', detail: expect.stringContaining('bedrag') } }]);
  });

  it('treats a file it cannot use as a usage error', () => {
    expect(() => readInput('a.json', '{')).toThrow(UsageError);
    expect(() => readInput('a.json', '42')).toThrow(UsageError);
    expect(() => readInput('a.txt', '{}')).toThrow(UsageError);
  });
});
