import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { signaalpartnerTypes, type SignaalpartnerType } from '../intake/schema.js';
import { credentialFiles, writeCredentials } from '../pki/credentials.js';
import { isValidOin } from '../pki/oin.js';
import { x5tS256 } from '../pki/thumbprint.js';
import { caPemProblem, receiverUrlProblem } from '../notifications/receiver-address.js';
import { addPartnerToRegistry, readRegistryEntries, type FeedbackReceiverEntry } from './registry.js';

/** What `partner add` writes into the partner's directory (CONTRACT §4), in this order. */
export const partnerFiles = credentialFiles;

export interface AddPartnerInput {
  registryPath: string;
  caCertPem: string;
  caKeyPem: string;
  oin: string;
  naam: string;
  type: string;
  outDir: string;
  /** Replace partner files already in outDir. Off by default: losing a private key is not undoable. */
  overwrite?: boolean;
  /** The partner's callback for terugmeldingen (`--terugmeld-url`, `--terugmeld-ca`). */
  terugmelding?: FeedbackReceiverEntry;
}

export interface AddPartnerResult {
  oin: string;
  naam: string;
  type: SignaalpartnerType;
  /** The new signing key's id: its `x5t#S256`, stable and derivable by the partner from signing.crt. */
  kid: string;
  /** x5t#S256 of the TLS client certificate. */
  tlsCertificate: string;
  outDir: string;
  files: string[];
}

/** A mistake in what the operator asked for; the CLI turns it into a usage error. */
export class PartnerInputError extends Error {
  override name = 'PartnerInputError';
}

function checkInput(input: AddPartnerInput): { naam: string; type: SignaalpartnerType } {
  if (!isValidOin(input.oin)) throw new PartnerInputError('--oin moet precies 20 cijfers zijn');
  if (!(signaalpartnerTypes as readonly string[]).includes(input.type)) {
    throw new PartnerInputError(`--type moet een van ${signaalpartnerTypes.join(', ')} zijn`);
  }
  const naam = input.naam.trim();
  // The naam becomes the certificate's CN and O, which X.509 caps at 64 characters.
  if (naam.length === 0 || naam.length > 64) throw new PartnerInputError('--naam moet 1 tot 64 tekens zijn');
  const type = input.type as SignaalpartnerType;
  if (input.terugmelding) checkFeedbackReceiver(input.terugmelding);
  const existing = readRegistryEntries(input.registryPath).find((p) => p.oin === input.oin);
  if (existing && existing.type !== type) throw new PartnerInputError(`OIN ${input.oin} is al geregistreerd als type ${existing.type}`);
  if (!input.overwrite) {
    const present = partnerFiles.filter((f) => existsSync(join(input.outDir, f)));
    if (present.length > 0) throw new PartnerInputError(`${input.outDir} bevat al ${present.join(', ')}: kies een lege map`);
  }
  return { naam, type };
}

/** The callback's address and trust anchor, with the option names the operator typed. */
export function checkFeedbackReceiver(receiver: FeedbackReceiverEntry): void {
  const urlProblem = receiverUrlProblem(receiver.url);
  if (urlProblem) throw new PartnerInputError(`--terugmeld-url: ${urlProblem}`);
  const caProblem = receiver.ca === undefined ? undefined : caPemProblem(receiver.ca);
  if (caProblem) throw new PartnerInputError(`--terugmeld-ca ${caProblem}`);
}

/**
 * Register a signaalpartner with a TLS client certificate and a PS256 signing key, both carrying
 * its OIN, and write what the partner needs into `outDir` (CONTRACT §4). An OIN that is already
 * registered gets the new keys *added* (see addPartnerToRegistry): its old keys keep working.
 */
export function addPartner(input: AddPartnerInput): AddPartnerResult {
  const { naam, type } = checkInput(input);
  const { clientCert, signingCert } = writeCredentials({ ...input, naam });

  const kid = x5tS256(signingCert);
  const tlsCertificate = x5tS256(clientCert);
  addPartnerToRegistry(input.registryPath, {
    oin: input.oin,
    naam,
    type,
    signingKeys: [{ kid, 'x5t#S256': kid, alg: 'PS256', certificate: signingCert }],
    tlsCertificates: [tlsCertificate],
    ...(input.terugmelding ? { terugmelding: input.terugmelding } : {}),
  });
  return { oin: input.oin, naam, type, kid, tlsCertificate, outDir: input.outDir, files: [...partnerFiles] };
}
