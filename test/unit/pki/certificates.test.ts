import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDevCa, issueCertificate, type Usage } from '../../../src/pki/certificates.js';
import { generateRsaKeyPair, type PemKeyPair } from '../../../src/pki/keys.js';
import { isTestOin, isValidOin, oinFromSubjectSerialNumber } from '../../../src/pki/oin.js';

const oin = '00000099000000001000';
let ca: { certPem: string; keyPem: string };
let caCert: X509Certificate;
let leafKeys: PemKeyPair;
const issue = (usage: Exclude<Usage, 'ca'>, extra: { dnsNames?: string[]; ipAddresses?: string[] } = {}) =>
  new X509Certificate(issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage, publicKeyPem: leafKeys.publicKeyPem,
    subject: { commonName: 'Demo', organizationName: 'Demo B.V.', serialNumber: oin }, ...extra }));

beforeAll(() => {
  ca = createDevCa();
  caCert = new X509Certificate(ca.certPem);
  leafKeys = generateRsaKeyPair();
});

describe('development CA', () => {
  it('is a self-signed CA valid for about ten years', () => {
    expect(caCert.ca).toBe(true);
    expect(caCert.checkIssued(caCert)).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    const years = (Date.parse(caCert.validTo) - Date.now()) / (365.25 * 86_400_000);
    expect(years).toBeGreaterThan(9.9);
  });
});

describe('issued certificates', () => {
  it('chain to the CA and carry the OIN in subject.serialNumber as Node parses it', () => {
    const cert = issue('client');
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subject.split('\n')).toEqual(expect.arrayContaining([`serialNumber=${oin}`, 'CN=Demo', 'O=Demo B.V.']));
    expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).toBe(leafKeys.publicKeyPem);
  });

  it('set the extended key usage per purpose', () => {
    expect(issue('client').keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    expect(issue('server').keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    const signing = issue('signing');
    // No EKU at all: the key signs payloads, it cannot authenticate a TLS peer.
    expect(signing.keyUsage ?? []).toEqual([]);
    expect(signing.toLegacyObject().ext_key_usage).toBeUndefined();
  });

  it('give a server certificate for localhost and the loopback addresses', () => {
    const cert = issue('server', { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] });
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('example.org')).toBeUndefined();
  });

  it('use random positive serials in minimal DER and SHA-256', () => {
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const serial = issue('client').serialNumber;
      expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/); // 16 bytes, top bit clear, no leading zero byte
      serials.add(serial);
    }
    expect(serials.size).toBe(5);
    const parsed = forge.pki.certificateFromPem(issue('client').toString());
    expect(parsed.siginfo.algorithmOid).toBe('1.2.840.113549.1.1.11'); // sha256WithRSAEncryption
  });
});

describe('OIN', () => {
  it('is 20 digits, test OINs start with 00000099', () => {
    expect(isValidOin(oin)).toBe(true);
    expect(isValidOin('0000009900000000100')).toBe(false);
    expect(isValidOin('0000009900000000100a')).toBe(false);
    expect(isValidOin(' 00000099000000001000')).toBe(false);
    expect(isTestOin(oin)).toBe(true);
    expect(isTestOin('00000001000000001000')).toBe(false);
  });

  it('reads exactly one 20-digit serialNumber and nothing else', () => {
    expect(oinFromSubjectSerialNumber(oin)).toBe(oin);
    expect(oinFromSubjectSerialNumber([oin])).toBe(oin);
    expect(oinFromSubjectSerialNumber([oin, '00000099000000002000'])).toBeUndefined();
    expect(oinFromSubjectSerialNumber('123')).toBeUndefined();
    expect(oinFromSubjectSerialNumber(undefined)).toBeUndefined();
  });
});
