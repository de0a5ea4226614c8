import { randomBytes, type KeyObject, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { signaalpartnerTypes, type SignaalpartnerType } from '../intake/schema.js';
import type { FeedbackReceiver } from '../notifications/feedback.js';
import { receiverFields } from '../notifications/receiver-address.js';
import { x5tS256 } from '../pki/thumbprint.js';

const thumbprint = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'verwacht een x5t#S256 (43 tekens base64url)');

const signingKeySchema = z
  .object({
    kid: z.string().min(1).max(128),
    'x5t#S256': thumbprint,
    alg: z.enum(['PS256', 'ES256']),
    certificate: z.string().includes('BEGIN CERTIFICATE'),
  })
  .superRefine((key, ctx) => {
    // A hand-edited entry must not pair one certificate with another's thumbprint, nor an
    // algorithm the key cannot do: the registry, not the message, decides what verifies.
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(key.certificate);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['certificate'], message: 'geen geldig PEM-certificaat' });
      return;
    }
    if (x5tS256(key.certificate) !== key['x5t#S256']) {
      ctx.addIssue({ code: 'custom', path: ['x5t#S256'], message: 'komt niet overeen met het certificaat' });
    }
    const { asymmetricKeyType, asymmetricKeyDetails } = cert.publicKey;
    const fits = key.alg === 'PS256'
      ? asymmetricKeyType === 'rsa' || asymmetricKeyType === 'rsa-pss'
      : asymmetricKeyType === 'ec' && asymmetricKeyDetails?.namedCurve === 'prime256v1';
    if (!fits) ctx.addIssue({ code: 'custom', path: ['alg'], message: `past niet bij de sleutel in het certificaat (${asymmetricKeyType})` });
  });

/** A partner's callback for terugmeldingen (CONTRACT §7): an https address and, optionally, the CA that anchors it. */
const feedbackReceiverSchema = z.object(receiverFields).strict();

const partnerSchema = z.object({
  oin: z.string().regex(/^[0-9]{20}$/, 'verwacht een OIN van 20 cijfers'),
  naam: z.string().min(1),
  type: z.enum(signaalpartnerTypes),
  signingKeys: z.array(signingKeySchema).min(1),
  /**
   * x5t#S256 of the TLS client certificates issued with this partner. When any are listed, only
   * these certificates identify the partner (pinning); an entry listing none is known by OIN alone.
   */
  tlsCertificates: z.array(thumbprint).default([]),
  /** Where terugmeldingen go; a partner without one keeps polling GET /v1/vroegsignalen/{id}. */
  terugmelding: feedbackReceiverSchema.optional(),
});

const registrySchema = z.object({ partners: z.array(partnerSchema) }).superRefine((value, ctx) => {
  const seen = new Set<string>();
  value.partners.forEach((p, i) => {
    if (seen.has(p.oin)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'oin'], message: 'OIN komt dubbel voor' });
    seen.add(p.oin);
    // A kid must name one key, or a lookup by kid alone would be a guess.
    const kids = new Set<string>();
    p.signingKeys.forEach((k, j) => {
      if (kids.has(k.kid)) ctx.addIssue({ code: 'custom', path: ['partners', i, 'signingKeys', j, 'kid'], message: 'kid komt dubbel voor bij deze OIN' });
      kids.add(k.kid);
    });
  });
});

export type PartnerEntry = z.infer<typeof partnerSchema>;
export type SigningKeyEntry = z.infer<typeof signingKeySchema>;
export type FeedbackReceiverEntry = z.infer<typeof feedbackReceiverSchema>;

export interface Partner {
  oin: string;
  naam: string;
  type: SignaalpartnerType;
}

/** A registered signing key; its `alg` is the only algorithm accepted for it (RFC 8725). */
export interface RegisteredSigningKey {
  kid: string;
  x5tS256: string;
  alg: 'PS256' | 'ES256';
  publicKey: KeyObject;
}

export interface PartnerRegistry {
  all(): Partner[];
  byOin(oin: string): Partner | undefined;
  /**
   * Only keys of *this* OIN: a key registered to another partner is simply not found. With both
   * `kid` and `x5tS256` given, both must name the same key; with neither, nothing is found.
   */
  signingKey(oin: string, ref: { kid?: string; x5tS256?: string }): RegisteredSigningKey | undefined;
  /** Whether this TLS client certificate thumbprint was registered for this OIN. */
  hasTlsCertificate(oin: string, x5tS256: string): boolean;
  /**
   * Whether a TLS client certificate with this thumbprint may speak for this OIN: it is one of
   * those registered, or the entry registers none (then the trusted CA and the OIN decide).
   */
  acceptsTlsCertificate(oin: string, x5tS256: string): boolean;
  /** The partner's callback for terugmeldingen, if it registered one. */
  feedbackReceiver(oin: string): FeedbackReceiver | undefined;
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
  return validate(path, json);
}

/** Error names the file and the JSON path of the first problem, e.g. `partners.0.oin`. */
function validate(path: string, json: unknown): PartnerEntry[] {
  const parsed = registrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PartnerRegistryError(`${path}: ${issue.path.join('.') || '(hoofdniveau)'}: ${issue.message}`);
  }
  return parsed.data.partners;
}

function buildRegistry(entries: PartnerEntry[]): PartnerRegistry {
  const byOin = new Map(entries.map((e) => [e.oin, e]));
  const keys = new Map<string, KeyObject>();
  const publicKey = (entry: SigningKeyEntry) => {
    let key = keys.get(entry['x5t#S256']);
    if (!key) {
      key = new X509Certificate(entry.certificate).publicKey;
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
    signingKey: (oin, { kid, x5tS256 }) => {
      if (kid === undefined && x5tS256 === undefined) return undefined;
      const entry = byOin.get(oin)?.signingKeys.find(
        (k) => (kid === undefined || k.kid === kid) && (x5tS256 === undefined || k['x5t#S256'] === x5tS256),
      );
      return entry ? { kid: entry.kid, x5tS256: entry['x5t#S256'], alg: entry.alg, publicKey: publicKey(entry) } : undefined;
    },
    hasTlsCertificate: (oin, x5tS256) => byOin.get(oin)?.tlsCertificates.includes(x5tS256) ?? false,
    acceptsTlsCertificate: (oin, x5tS256) => {
      const pinned = byOin.get(oin)?.tlsCertificates;
      return pinned !== undefined && (pinned.length === 0 || pinned.includes(x5tS256));
    },
    feedbackReceiver: (oin) => {
      const r = byOin.get(oin)?.terugmelding;
      return r ? { url: r.url, ...(r.ca !== undefined ? { ca: r.ca } : {}) } : undefined;
    },
  };
}

/** The raw entries; a missing file is an empty registry (a fresh home before the first partner). */
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
  let loadedStamp: string | undefined;
  let registry = buildRegistry([]);
  const fileStamp = () => {
    // Inode too: every atomic write is a rename, so two writes within one mtime tick still differ.
    const s = statSync(path, { throwIfNoEntry: false });
    return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : 'missing';
  };
  const refresh = () => {
    const stamp = fileStamp();
    if (stamp === loadedStamp) return;
    try {
      registry = loadPartnerRegistry(path);
      loadedStamp = stamp;
    } catch (err) {
      // At start a broken registry is fatal; later the last good one stays in force.
      if (loadedStamp === undefined) throw err;
      onError(err as Error);
    }
  };
  refresh();
  // One look at the file per turn of the event loop, not per call: requests that arrive
  // together share it (a stat per request showed in the intake profile), and any request that
  // arrives after a write has finished starts in a later turn, so it sees the write.
  let checked = false;
  const forget = () => {
    checked = false;
  };
  return {
    current() {
      if (!checked) {
        refresh();
        checked = true;
        setImmediate(forget).unref();
      }
      return registry;
    },
  };
}

/**
 * Add a partner, or — for an OIN already registered under the same type — *extend* it: new keys
 * are added next to the old ones (rotation keeps the old key valid until someone removes it) and
 * the naam is updated. Another type for a known OIN is refused. Written to a temp file and
 * renamed, so a reader never sees half a registry.
 */
export function addPartnerToRegistry(path: string, entry: PartnerEntry): void {
  const entries = readRegistryEntries(path);
  const existing = entries.find((e) => e.oin === entry.oin);
  if (existing) {
    if (existing.type !== entry.type) throw new PartnerRegistryError(`OIN ${entry.oin} is al geregistreerd als type ${existing.type}`);
    existing.naam = entry.naam;
    for (const key of entry.signingKeys) if (!existing.signingKeys.some((k) => k['x5t#S256'] === key['x5t#S256'])) existing.signingKeys.push(key);
    for (const tls of entry.tlsCertificates) if (!existing.tlsCertificates.includes(tls)) existing.tlsCertificates.push(tls);
    if (entry.terugmelding) existing.terugmelding = entry.terugmelding;
  } else {
    entries.push(entry);
  }
  writeRegistry(path, entries);
}

/** Never write what the next load would reject; a temp file renamed, so a reader never sees half a registry. */
function writeRegistry(path: string, entries: PartnerEntry[]): void {
  validate(path, { partners: entries });
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify({ partners: entries }, null, 2) + '\n');
  renameSync(temp, path);
}

/**
 * Register, replace (`receiver` given) or remove (`undefined`) the terugmelding callback of a
 * registered partner. A running gateway picks the change up on its next look at the file.
 */
export function setFeedbackReceiver(path: string, oin: string, receiver: FeedbackReceiverEntry | undefined): void {
  const entries = readRegistryEntries(path);
  const entry = entries.find((e) => e.oin === oin);
  if (!entry) throw new PartnerRegistryError(`OIN ${oin} staat niet in het partnerregister`);
  if (receiver) entry.terugmelding = receiver;
  else delete entry.terugmelding;
  writeRegistry(path, entries);
}
