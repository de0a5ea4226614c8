import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { signaalpartnerTypes, type SignaalpartnerType } from '../intake/schema.js';
import type { ResolvedKey } from '../intake/payload-signature.js';

const signingKeySchema = z.object({
  kid: z.string().min(1).max(128),
  'x5t#S256': z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  alg: z.enum(['PS256', 'ES256']),
  certificate: z.string().includes('BEGIN CERTIFICATE'),
});

const partnerSchema = z.object({
  oin: z.string().regex(/^[0-9]{20}$/, 'verwacht een OIN van 20 cijfers'),
  naam: z.string().min(1),
  type: z.enum(signaalpartnerTypes),
  signingKeys: z.array(signingKeySchema).min(1),
  tlsCertificates: z.array(z.string()).default([]),
});

const registrySchema = z.object({ partners: z.array(partnerSchema) }).superRefine((value, ctx) => {
  const seen = new Set<string>();
  value.partners.forEach((p, i) => {
    if (seen.has(p.oin)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'oin'], message: 'OIN komt dubbel voor' });
    seen.add(p.oin);
  });
});

export type PartnerEntry = z.infer<typeof partnerSchema>;
export type SigningKeyEntry = z.infer<typeof signingKeySchema>;

export interface Partner {
  oin: string;
  naam: string;
  type: SignaalpartnerType;
}

export interface PartnerRegistry {
  all(): Partner[];
  byOin(oin: string): Partner | undefined;
  /** Only keys of *this* OIN: a key registered to another partner is simply not found. */
  signingKey(oin: string, ref: { kid?: string; x5tS256?: string }): ResolvedKey | undefined;
}

export class PartnerRegistryError extends Error {
  override name = 'PartnerRegistryError';
}

function parseRegistry(path: string, text: string): PartnerEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PartnerRegistryError(`${path}: geen geldige JSON`);
  }
  const parsed = registrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PartnerRegistryError(`${path}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.partners;
}

function buildRegistry(entries: PartnerEntry[]): PartnerRegistry {
  const byOin = new Map(entries.map((e) => [e.oin, e]));
  const keys = new Map<string, KeyObject>();
  const publicKey = (entry: SigningKeyEntry) => {
    let key = keys.get(entry['x5t#S256']);
    if (!key) {
      key = createPublicKey(new X509Certificate(entry.certificate).publicKey.export({ type: 'spki', format: 'pem' }));
      keys.set(entry['x5t#S256'], key);
    }
    return key;
  };
  return {
    all: () => entries.map(({ oin, naam, type }) => ({ oin, naam, type })),
    byOin: (oin) => {
      const e = byOin.get(oin);
      return e ? { oin: e.oin, naam: e.naam, type: e.type } : undefined;
    },
    signingKey: (oin, ref) => {
      const entry = byOin.get(oin)?.signingKeys.find((k) => (ref.x5tS256 ? k['x5t#S256'] === ref.x5tS256 : k.kid === ref.kid));
      return entry ? { alg: entry.alg, publicKey: publicKey(entry) } : undefined;
    },
  };
}

export function readRegistryEntries(path: string): PartnerEntry[] {
  return existsSync(path) ? parseRegistry(path, readFileSync(path, 'utf8')) : [];
}

export function loadPartnerRegistry(path: string): PartnerRegistry {
  return buildRegistry(readRegistryEntries(path));
}

/**
 * The registry as of the file's last change: `partner add` on a running gateway takes effect on
 * the next request without a restart. A broken edit keeps the last good registry in force.
 */
export function createRegistryWatcher(path: string, onError: (err: Error) => void = () => undefined): { current(): PartnerRegistry } {
  let mtime = -1;
  let registry = buildRegistry([]);
  const refresh = () => {
    const stamp = existsSync(path) ? statSync(path).mtimeMs : 0;
    if (stamp === mtime) return;
    try {
      registry = loadPartnerRegistry(path);
      mtime = stamp;
    } catch (err) {
      if (mtime === -1) throw err;
      onError(err as Error);
    }
  };
  refresh();
  return {
    current() {
      refresh();
      return registry;
    },
  };
}

/**
 * Add a partner, or add keys to an existing OIN (key rotation keeps the old key valid until it
 * is removed). Written to a temp file and renamed, so a reader never sees half a registry.
 */
export function addPartnerToRegistry(path: string, entry: PartnerEntry): void {
  const entries = readRegistryEntries(path);
  const existing = entries.find((e) => e.oin === entry.oin);
  if (existing) {
    if (existing.type !== entry.type) throw new PartnerRegistryError(`OIN ${entry.oin} is al geregistreerd als type ${existing.type}`);
    existing.naam = entry.naam;
    for (const key of entry.signingKeys) if (!existing.signingKeys.some((k) => k['x5t#S256'] === key['x5t#S256'])) existing.signingKeys.push(key);
    for (const tls of entry.tlsCertificates) if (!existing.tlsCertificates.includes(tls)) existing.tlsCertificates.push(tls);
  } else {
    entries.push(entry);
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ partners: entries }, null, 2) + '\n');
  renameSync(temp, path);
}
