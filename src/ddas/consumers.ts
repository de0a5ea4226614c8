import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { credentialFiles, writeCredentials } from '../pki/credentials.js';
import { isValidOin } from '../pki/oin.js';
import { x5tS256 } from '../pki/thumbprint.js';

/**
 * Data consumers (afnemers) of the DDAS pull API — CBS — by OIN: the TLS client certificates
 * that speak for each (pinned, as for signaalpartners) and, in development, the municipalities
 * it may pull. Which municipalities a consumer may pull in production is the policy bundle's
 * (rapportage.yaml `afnemers`), not this file's.
 */
const thumbprint = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'verwacht een x5t#S256 (43 tekens base64url)');
const consumerSchema = z.object({
  oin: z.string().regex(/^[0-9]{20}$/, 'verwacht een OIN van 20 cijfers'),
  naam: z.string().min(1).max(64),
  tlsCertificates: z.array(thumbprint).default([]),
  /** Development only: the municipalities `afnemer add --gemeenten` limited it to (absent: all). */
  gemeenten: z.array(z.string().regex(/^[0-9]{4}$/)).min(1).optional(),
}).strict();
const registrySchema = z.object({ afnemers: z.array(consumerSchema) }).strict().superRefine((v, ctx) => {
  const seen = new Set<string>();
  v.afnemers.forEach((a, i) => {
    if (seen.has(a.oin)) ctx.addIssue({ code: 'custom', path: ['afnemers', i, 'oin'], message: 'OIN komt dubbel voor' });
    seen.add(a.oin);
  });
});
export type Consumer = z.infer<typeof consumerSchema>;

export class ConsumerInputError extends Error {
  override name = 'ConsumerInputError';
}

export function readConsumers(path: string): Consumer[] {
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`${path}: geen geldige JSON`);
  }
  const parsed = registrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || '(hoofdniveau)'}: ${issue.message}`);
  }
  return parsed.data.afnemers;
}

function writeConsumers(path: string, afnemers: Consumer[]): void {
  registrySchema.parse({ afnemers });
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify({ afnemers }, null, 2) + '\n');
  renameSync(temp, path);
}

/** The registry as of the file's last change: `afnemer add` and `remove` take effect without a restart. */
export function consumerRegistryReader(path: string): () => Consumer[] {
  let stamp: string | undefined;
  let consumers: Consumer[] = [];
  return () => {
    const s = statSync(path, { throwIfNoEntry: false });
    const now = s ? `${s.ino}:${s.size}:${s.mtimeMs}` : 'missing';
    if (now !== stamp) {
      consumers = readConsumers(path);
      stamp = now;
    }
    return consumers;
  };
}

/** What `afnemer add` writes into the consumer's directory, as `partner add` does for a partner. */
export const consumerFiles = credentialFiles;

export interface AddConsumerInput {
  registryPath: string;
  caCertPem: string;
  caKeyPem: string;
  oin: string;
  naam: string;
  outDir: string;
  gemeenten?: string[] | undefined;
  /** The codes the bundle knows: `--gemeenten` must name only these. */
  knownGemeenten: string[];
}

/**
 * Register a data consumer with a TLS client certificate and a PS256 signing certificate, both
 * carrying its OIN and issued by the development CA, and write them into `outDir`.
 * `signing.crt` holds the chain (the certificate, then the CA's): the consumer sends it as `x5c`.
 */
export function addConsumer(input: AddConsumerInput): { consumer: Consumer; files: string[] } {
  if (!isValidOin(input.oin)) throw new ConsumerInputError('--oin moet precies 20 cijfers zijn');
  const naam = input.naam.trim();
  if (naam.length === 0 || naam.length > 64) throw new ConsumerInputError('--naam moet 1 tot 64 tekens zijn');
  const unknown = (input.gemeenten ?? []).filter((g) => !input.knownGemeenten.includes(g));
  if (unknown.length > 0) throw new ConsumerInputError(`--gemeenten: ${unknown.join(', ')} staat niet in het beleid (policies/gemeenten.yaml)`);
  if (input.gemeenten && input.gemeenten.length === 0) throw new ConsumerInputError('--gemeenten noemt geen gemeente');
  const present = consumerFiles.filter((f) => existsSync(join(input.outDir, f)));
  if (present.length > 0) throw new ConsumerInputError(`${input.outDir} bevat al ${present.join(', ')}: kies een lege map`);

  const { clientCert } = writeCredentials({ ...input, naam, chainInSigningFile: true });

  const consumers = readConsumers(input.registryPath);
  const existing = consumers.find((c) => c.oin === input.oin);
  const consumer: Consumer = {
    oin: input.oin,
    naam,
    // A second `add` for one OIN adds a certificate: the old one keeps working until removed.
    tlsCertificates: [...(existing?.tlsCertificates ?? []), x5tS256(clientCert)],
    ...(input.gemeenten ? { gemeenten: [...new Set(input.gemeenten)].sort() } : {}),
  };
  writeConsumers(input.registryPath, [...consumers.filter((c) => c.oin !== input.oin), consumer]);
  return { consumer, files: [...consumerFiles] };
}

/** Remove a consumer: its certificates no longer open the pull API. */
export function removeConsumer(registryPath: string, oin: string): boolean {
  const consumers = readConsumers(registryPath);
  const rest = consumers.filter((c) => c.oin !== oin);
  if (rest.length === consumers.length) return false;
  writeConsumers(registryPath, rest);
  return true;
}
