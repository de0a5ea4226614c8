import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { signaalpartnerTypes, type SignaalpartnerType } from '../intake/schema.js';
import { issueCertificate } from '../pki/certificates.js';
import { generateRsaKeyPair, writePrivateKeyFile } from '../pki/keys.js';
import { isValidOin } from '../pki/oin.js';
import { x5tS256 } from '../pki/thumbprint.js';
import { addPartnerToRegistry, readRegistryEntries } from './registry.js';

export interface AddPartnerInput {
  registryPath: string;
  caCertPem: string;
  caKeyPem: string;
  oin: string;
  naam: string;
  type: string;
  outDir: string;
}

export class PartnerInputError extends Error {
  override name = 'PartnerInputError';
}

/**
 * Register a signaalpartner with a TLS client certificate and a PS256 signing key, both carrying
 * its OIN, and write what the partner needs into `outDir` (CONTRACT §4).
 */
export function addPartner(input: AddPartnerInput): { oin: string; naam: string; type: SignaalpartnerType; kid: string; files: string[] } {
  if (!isValidOin(input.oin)) throw new PartnerInputError('--oin moet 20 cijfers zijn');
  if (!(signaalpartnerTypes as readonly string[]).includes(input.type)) {
    throw new PartnerInputError(`--type moet een van ${signaalpartnerTypes.join(', ')} zijn`);
  }
  const type = input.type as SignaalpartnerType;
  const existing = readRegistryEntries(input.registryPath).find((p) => p.oin === input.oin);
  if (existing && existing.type !== type) throw new PartnerInputError(`OIN ${input.oin} is al geregistreerd als type ${existing.type}`);
  const subject = { commonName: input.naam, organizationName: input.naam, serialNumber: input.oin };
  const tls = generateRsaKeyPair();
  const signing = generateRsaKeyPair();
  const ca = { caCertPem: input.caCertPem, caKeyPem: input.caKeyPem };
  const clientCert = issueCertificate({ ...ca, subject, publicKeyPem: tls.publicKeyPem, usage: 'client' });
  const signingCert = issueCertificate({ ...ca, subject, publicKeyPem: signing.publicKeyPem, usage: 'signing' });

  mkdirSync(input.outDir, { recursive: true, mode: 0o700 });
  const files = {
    'ca.crt': input.caCertPem,
    'client.crt': clientCert,
    'signing.crt': signingCert,
  };
  for (const [name, pem] of Object.entries(files)) writeFileSync(join(input.outDir, name), pem);
  writePrivateKeyFile(join(input.outDir, 'client.key'), tls.privateKeyPem);
  writePrivateKeyFile(join(input.outDir, 'signing.key'), signing.privateKeyPem);

  const kid = x5tS256(signingCert);
  addPartnerToRegistry(input.registryPath, {
    oin: input.oin,
    naam: input.naam,
    type,
    signingKeys: [{ kid, 'x5t#S256': kid, alg: 'PS256', certificate: signingCert }],
    tlsCertificates: [x5tS256(clientCert)],
  });
  return { oin: input.oin, naam: input.naam, type, kid, files: ['ca.crt', 'client.crt', 'client.key', 'signing.crt', 'signing.key'] };
}
