import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { generateRsaKeyPair } from './keys.js';

/*
 * node-forge builds and signs certificates only; keys come from node:crypto (keys.ts) and all
 * verification is node:crypto's. forge handles RSA keys only, so every certified key here is
 * RSA-2048 — the ES256 receipt key is a bare key and never goes through this file.
 */

export interface Subject {
  commonName: string;
  organizationName?: string;
  /** The OIN (OID 2.5.4.5), as PKIoverheid puts it in subject.serialNumber. */
  serialNumber?: string;
}

/** server → serverAuth, client → clientAuth, signing → digitalSignature + nonRepudiation (no EKU). */
export type Usage = 'ca' | 'server' | 'client' | 'signing';

function subjectAttributes(subject: Subject): forge.pki.CertificateField[] {
  const attrs: forge.pki.CertificateField[] = [{ shortName: 'C', value: 'NL' }];
  if (subject.organizationName) attrs.push({ shortName: 'O', value: subject.organizationName });
  attrs.push({ shortName: 'CN', value: subject.commonName });
  if (subject.serialNumber) attrs.push({ type: '2.5.4.5', value: subject.serialNumber });
  return attrs;
}

function extensionsFor(usage: Usage, dnsNames: string[], ipAddresses: string[]): object[] {
  switch (usage) {
    case 'ca':
      return [
        // pathLen 0: the dev CA signs leaf certificates only, never another CA.
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        { name: 'subjectKeyIdentifier' },
      ];
    case 'server':
      return [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [...dnsNames.map((value) => ({ type: 2, value })), ...ipAddresses.map((ip) => ({ type: 7, ip }))] },
      ];
    case 'client':
      return [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
      ];
    case 'signing':
      return [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      ];
  }
}

interface BuildInput {
  subject: Subject;
  publicKeyPem: string;
  issuer: { certificate?: forge.pki.Certificate; privateKeyPem: string };
  usage: Usage;
  validDays: number;
  dnsNames?: string[];
  ipAddresses?: string[];
}

function build(input: BuildInput): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(input.publicKeyPem);
  // A positive 16-byte serial in minimal DER: top bit cleared (else negative) and the next bit set
  // (else a leading zero byte could make the INTEGER non-minimal, which strict parsers reject).
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 5 * 60_000);
  cert.validity.notAfter = new Date(Date.now() + input.validDays * 86_400_000);
  cert.setSubject(subjectAttributes(input.subject));
  cert.setIssuer(input.issuer.certificate ? input.issuer.certificate.subject.attributes : subjectAttributes(input.subject));
  const extensions = extensionsFor(input.usage, input.dnsNames ?? [], input.ipAddresses ?? []);
  if (input.issuer.certificate) extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: input.issuer.certificate.generateSubjectKeyIdentifier().getBytes() });
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(input.issuer.privateKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A self-signed development CA. Production uses PKIoverheid; this never leaves a dev machine. */
export function createDevCa(commonName = 'vroegsignaal ontwikkel-CA'): { certPem: string; keyPem: string } {
  const keys = generateRsaKeyPair();
  const certPem = build({
    subject: { commonName, organizationName: 'vroegsignaal (ontwikkeling)' },
    publicKeyPem: keys.publicKeyPem,
    issuer: { privateKeyPem: keys.privateKeyPem },
    usage: 'ca',
    validDays: 3650,
  });
  return { certPem, keyPem: keys.privateKeyPem };
}

export interface IssueInput {
  caCertPem: string;
  caKeyPem: string;
  subject: Subject;
  publicKeyPem: string;
  usage: Exclude<Usage, 'ca'>;
  dnsNames?: string[];
  ipAddresses?: string[];
  validDays?: number;
}

/** A leaf certificate signed by the given CA (SHA-256 with RSA); default validity 825 days. */
export function issueCertificate(input: IssueInput): string {
  return build({
    subject: input.subject,
    publicKeyPem: input.publicKeyPem,
    issuer: { certificate: forge.pki.certificateFromPem(input.caCertPem), privateKeyPem: input.caKeyPem },
    usage: input.usage,
    validDays: input.validDays ?? 825,
    dnsNames: input.dnsNames ?? [],
    ipAddresses: input.ipAddresses ?? [],
  });
}
