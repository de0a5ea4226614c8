import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../../src/pki/keys.js';
import { isTestOin, oinFromSubjectSerialNumber } from '../../../src/pki/oin.js';

const ca = createDevCa();
const caCert = new X509Certificate(ca.certPem);

describe('development PKI (node-forge)', () => {
  it('issues a client certificate that chains to the CA and carries the OIN in subject.serialNumber', () => {
    const keys = generateRsaKeyPair();
    const pem = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'client', publicKeyPem: keys.publicKeyPem,
      subject: { commonName: 'Demo', organizationName: 'Demo', serialNumber: '00000099000000001000' } });
    const cert = new X509Certificate(pem);
    expect(caCert.ca).toBe(true);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subject).toContain('serialNumber=00000099000000001000');
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
  });

  it('issues a server certificate for localhost and the loopback addresses', () => {
    const keys = generateRsaKeyPair();
    const cert = new X509Certificate(issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'server', publicKeyPem: keys.publicKeyPem,
      subject: { commonName: 'localhost' }, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] }));
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('OIN', () => {
  it('reads one 20-digit serialNumber and nothing else', () => {
    expect(oinFromSubjectSerialNumber('00000099000000001000')).toBe('00000099000000001000');
    expect(oinFromSubjectSerialNumber(['00000099000000001000'])).toBe('00000099000000001000');
    expect(oinFromSubjectSerialNumber(['00000099000000001000', '00000099000000002000'])).toBeUndefined();
    expect(oinFromSubjectSerialNumber('123')).toBeUndefined();
    expect(oinFromSubjectSerialNumber(undefined)).toBeUndefined();
    expect(isTestOin('00000099000000001000')).toBe(true);
    expect(isTestOin('00000001000000001000')).toBe(false);
  });
});
