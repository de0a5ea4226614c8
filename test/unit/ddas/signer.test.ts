import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDdasSigner } from '../../../src/ddas/signer.js';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../../src/pki/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'vs-ddas-signer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the DDAS signing key and chain', () => {
  const ca = createDevCa();
  const keys = generateRsaKeyPair();
  const cert = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'signing', publicKeyPem: keys.publicKeyPem, subject: { commonName: 'gateway', serialNumber: '00000099000000009000' } });
  writeFileSync(join(dir, 'key.pem'), keys.privateKeyPem);
  writeFileSync(join(dir, 'chain.pem'), cert + ca.certPem);
  writeFileSync(join(dir, 'ca-first.pem'), ca.certPem + cert);

  it('loads the key with its chain, leaf first, kid = the leaf x5t#S256', () => {
    const signer = loadDdasSigner(join(dir, 'key.pem'), join(dir, 'chain.pem'))!;
    expect(signer.chain).toHaveLength(2);
    expect(signer.chain[0]!.subject).toContain('CN=gateway');
    expect(signer.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is absent without its files (the pull API is then not served), and refuses a chain whose leaf is not the key’s', () => {
    expect(loadDdasSigner(join(dir, 'missing.pem'), join(dir, 'chain.pem'))).toBeUndefined();
    expect(() => loadDdasSigner(join(dir, 'key.pem'), join(dir, 'ca-first.pem'))).toThrow(/hoort niet bij de sleutel/);
  });
});
