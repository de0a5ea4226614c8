import { join } from 'node:path';
import { issueCertificate } from './certificates.js';
import { generateRsaKeyPair, writePrivateKeyFile, writePublicFile } from './keys.js';

/** What a party (a signaalpartner, a data consumer) gets to connect and sign: the files `--out` holds. */
export const credentialFiles = ['ca.crt', 'client.crt', 'client.key', 'signing.crt', 'signing.key'] as const;

export interface CredentialsInput {
  caCertPem: string;
  caKeyPem: string;
  naam: string;
  oin: string;
  outDir: string;
  /** `signing.crt` holds the CA after the leaf: for a signer that sends its chain (x5c). */
  chainInSigningFile?: boolean;
}

/**
 * Development credentials for one party: an RSA TLS client certificate and an RSA signing
 * certificate, both naming its OIN in `subject.serialNumber`, issued by the development CA, with
 * their keys (mode 0600). Returns both certificates' PEM for the registry.
 */
export function writeCredentials(input: CredentialsInput): { clientCert: string; signingCert: string } {
  const subject = { commonName: input.naam, organizationName: input.naam, serialNumber: input.oin };
  const ca = { caCertPem: input.caCertPem, caKeyPem: input.caKeyPem };
  const tls = generateRsaKeyPair();
  const signing = generateRsaKeyPair();
  const clientCert = issueCertificate({ ...ca, subject, publicKeyPem: tls.publicKeyPem, usage: 'client' });
  const signingCert = issueCertificate({ ...ca, subject, publicKeyPem: signing.publicKeyPem, usage: 'signing' });
  writePublicFile(join(input.outDir, 'ca.crt'), input.caCertPem);
  writePublicFile(join(input.outDir, 'client.crt'), clientCert);
  writePrivateKeyFile(join(input.outDir, 'client.key'), tls.privateKeyPem);
  writePublicFile(join(input.outDir, 'signing.crt'), input.chainInSigningFile ? signingCert + input.caCertPem : signingCert);
  writePrivateKeyFile(join(input.outDir, 'signing.key'), signing.privateKeyPem);
  return { clientCert, signingCert };
}
