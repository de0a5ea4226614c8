import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/ddas/jades.js';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { crlReader, parseCrl } from '../../../src/pki/crl.js';
import { generateRsaKeyPair } from '../../../src/pki/keys.js';
import { makeCrl } from '../../helpers/crl.js';

const ca = createDevCa('CRL-test-CA');
const other = createDevCa('een andere CA');
const anchor = new X509Certificate(ca.certPem);
const leaf = () => new X509Certificate(issueCertificate({
  caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'signing', publicKeyPem: generateRsaKeyPair().publicKeyPem,
  subject: { commonName: 'CBS', serialNumber: '00000099000000007000' },
}));
const now = new Date();
const day = 86_400_000;
const crl = (revoked: string[], by = ca, nextUpdate = new Date(now.getTime() + day)) =>
  parseCrl(makeCrl({ caCertPem: by.certPem, caKeyPem: by.keyPem, revoked, thisUpdate: new Date(now.getTime() - day), nextUpdate }));

describe('revocation of a signing chain (x5c) by CRL', () => {
  it('reads a CRL: its dates and the revoked serial numbers', () => {
    const cert = leaf();
    const parsed = crl([cert.serialNumber]);
    expect(parsed.revoked.has(cert.serialNumber.replace(/^0+/, ''))).toBe(true);
    expect(parsed.nextUpdate!.getTime()).toBeGreaterThan(now.getTime());
  });

  it('accepts a certificate its issuer’s current CRL does not list, and refuses one it lists', () => {
    const good = leaf();
    const revoked = leaf();
    const crls = [crl([revoked.serialNumber])];
    expect(verifyChain([good], [anchor], now, crls)).toBe(good);
    expect(() => verifyChain([revoked], [anchor], now, crls)).toThrow(/ingetrokken/);
  });

  it('fails closed: no CRL of the issuer, a CRL signed by someone else, or one past its nextUpdate is no check passed', () => {
    const cert = leaf();
    expect(() => verifyChain([cert], [anchor], now, [])).toThrow(/geen CRL van de uitgever/);
    expect(() => verifyChain([cert], [anchor], now, [crl([], other)])).toThrow(/geen CRL van de uitgever/);
    expect(() => verifyChain([cert], [anchor], now, [crl([], ca, new Date(now.getTime() - 1000))])).toThrow(/verlopen/);
    // Without configured CRLs there is no revocation check at all (development).
    expect(verifyChain([cert], [anchor], now, undefined)).toBe(cert);
  });

  it('reads the CRL files again when one is replaced', () => {
    const cert = leaf();
    const dir = mkdtempSync(join(tmpdir(), 'vs-crl-'));
    const file = join(dir, 'ca.crl');
    writeFileSync(file, makeCrl({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, revoked: [], thisUpdate: new Date(now.getTime() - day), nextUpdate: new Date(now.getTime() + day) }));
    const read = crlReader([file]);
    expect(verifyChain([cert], [anchor], now, read())).toBe(cert);
    writeFileSync(file, makeCrl({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, revoked: [cert.serialNumber], thisUpdate: new Date(now.getTime() - day), nextUpdate: new Date(now.getTime() + 2 * day) }));
    expect(() => verifyChain([cert], [anchor], now, read())).toThrow(/ingetrokken/);
  });
});
