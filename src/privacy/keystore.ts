import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isPeriodKeyId, readPeriodKey } from './period-keys.js';
import type { KeyEncryptionKey } from './envelope.js';
import type { PseudonymKey } from './pseudonym.js';
import { replaceSecretJson, writeFileIfAbsent } from './secret-file.js';

/**
 * Per-municipality keys, kept in files (`<dir>/<gemeentecode>.json`, mode 0600) and never in
 * Redis: whoever holds a Redis dump must not also hold the keys that open or link it.
 *
 * Key ids look like `p-0363-20250131-9f2c` (pseudonym) and `k-0363-20250131-9f2c` (KEK):
 * kind, municipality, creation day (UTC), 16 random bits. Short enough to prefix every
 * pseudonym, readable in an audit, unique per file (regenerated on a clash), and made only of
 * things that are no personal data.
 */

/** Asked for keys of a municipality that has none. The gemeentecode is no personal data, so it is named. */
export class MissingMunicipalKeysError extends Error {
  override name = 'MissingMunicipalKeysError';
  constructor(readonly gemeentecode: string) {
    super(`geen sleutels voor gemeente ${gemeentecode}`);
  }
}

/** A key file (or the key directory) is unreadable or invalid. Names the file and the problem, never a key. */
export class KeystoreFileError extends Error {
  override name = 'KeystoreFileError';
  constructor(readonly file: string, problem: string) {
    super(`sleutelbestand ${file}: ${problem}`);
  }
}

export interface MunicipalKeystore {
  gemeentecodes(): string[];
  /** The current key: new pseudonyms are made with it. */
  pseudonymKey(gemeentecode: string): PseudonymKey;
  /** Every key, current first: matching across a rotation computes the pseudonym under each. */
  pseudonymKeys(gemeentecode: string): PseudonymKey[];
  currentKek(gemeentecode: string): KeyEncryptionKey;
  /** For `decryptContactDetails`' lookup: undefined when this municipality has no KEK with that id. */
  kekById(gemeentecode: string, id: string): KeyEncryptionKey | undefined;
}

const gemeentecodePattern = /^[0-9]{4}$/;
const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
/** Exactly 32 bytes in canonical base64 (43 characters and one '='). */
const key256Base64 = z.string().regex(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, 'verwacht 32 bytes in base64');

const keyRingSchema = z
  .object({ current: z.string().regex(keyIdPattern), keys: z.record(z.string().regex(keyIdPattern), key256Base64) })
  .strict()
  .refine((ring) => ring.current in ring.keys, { message: 'current verwijst naar een sleutel die niet in keys staat' });

const keyFileSchema = z
  .object({ gemeentecode: z.string().regex(gemeentecodePattern), pseudonym: keyRingSchema, kek: keyRingSchema })
  .strict();

type KeyFile = z.infer<typeof keyFileSchema>;

/**
 * Create key files for the municipalities that have none; returns the codes created. Existing
 * files are never touched, not even read: a rewritten key would orphan every pseudonym and
 * every blob made with it.
 */
export function ensureMunicipalKeys(dir: string, gemeentecodes: string[], now: Date = new Date()): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  for (const code of new Set(gemeentecodes)) {
    if (!gemeentecodePattern.test(code)) throw new KeystoreFileError(join(dir, `${code}.json`), 'gemeentecode moet 4 cijfers zijn');
    const file = keyFilePath(dir, code);
    if (existsSync(file)) continue;
    const content: KeyFile = { gemeentecode: code, pseudonym: newKeyRing('p', code, now), kek: newKeyRing('k', code, now) };
    if (writeFileIfAbsent(file, `${JSON.stringify(content, null, 2)}\n`)) created.push(code);
  }
  return created;
}

/**
 * Read and validate every `<gemeentecode>.json` in `dir`. Retention-period keys (crypto-shredding,
 * `periodKeysDir`, see period-keys.ts) are read from disk whenever asked for and never kept: once
 * the sweeper destroys one, no running process can still open what it wrapped.
 */
export function loadKeystore(dir: string, periodKeysDir?: string): MunicipalKeystore {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new KeystoreFileError(dir, `map niet leesbaar (${(err as NodeJS.ErrnoException).code ?? 'onbekende fout'})`);
  }
  const byCode = new Map<string, { pseudonym: PseudonymKey[]; kek: Map<string, KeyEncryptionKey>; currentKek: KeyEncryptionKey }>();
  for (const name of names.filter((n) => /^[0-9]{4}\.json$/.test(n)).sort()) {
    const file = join(dir, name);
    const content = readKeyFile(file);
    if (`${content.gemeentecode}.json` !== name) throw new KeystoreFileError(file, `gemeentecode ${content.gemeentecode} past niet bij de bestandsnaam`);
    const pseudonym = ringCurrentFirst(content.pseudonym).map(([id, secret]) => hideSecret({ id }, 'secret', secret));
    const kek = new Map(ringCurrentFirst(content.kek).map(([id, key]) => [id, hideSecret({ id }, 'key', key)] as const));
    byCode.set(content.gemeentecode, { pseudonym, kek, currentKek: kek.get(content.kek.current)! });
  }
  const entry = (code: string) => {
    const found = byCode.get(code);
    if (found === undefined) throw new MissingMunicipalKeysError(code);
    return found;
  };
  return {
    gemeentecodes: () => [...byCode.keys()],
    pseudonymKey: (code) => entry(code).pseudonym[0]!,
    pseudonymKeys: (code) => [...entry(code).pseudonym],
    currentKek: (code) => entry(code).currentKek,
    kekById: (code, id) => {
      const keys = entry(code).kek;
      // Period keys unwrap closed cases' data keys, never wrap new ones; only this municipality's.
      if (isPeriodKeyId(id)) return periodKeysDir !== undefined && id.startsWith(`t-${code}-`) ? readPeriodKey(periodKeysDir, id) : undefined;
      return keys.get(id);
    },
  };
}

function keyFilePath(dir: string, gemeentecode: string): string {
  return join(dir, `${gemeentecode}.json`);
}

function newKeyRing(kind: 'p' | 'k', gemeentecode: string, now: Date) {
  const id = `${kind}-${gemeentecode}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(2).toString('hex')}`;
  return { current: id, keys: { [id]: randomBytes(32).toString('base64') } };
}

function readKeyFile(file: string): KeyFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    // The JSON parser's message may quote file content, i.e. key bytes: keep only its kind.
    throw new KeystoreFileError(file, err instanceof SyntaxError ? 'geen geldige JSON' : 'niet leesbaar');
  }
  const result = keyFileSchema.safeParse(parsed);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new KeystoreFileError(file, where);
  }
  return result.data;
}

function ringCurrentFirst(ring: { current: string; keys: Record<string, string> }): Array<[string, Buffer]> {
  const entries = Object.entries(ring.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')] as [string, Buffer]);
  return entries.sort(([a], [b]) => (a === ring.current ? -1 : b === ring.current ? 1 : 0));
}

/** Key bytes as a non-enumerable property: a key object that reaches a logger or JSON.stringify shows its id only. */
function hideSecret<F extends 'secret' | 'key'>(holder: { id: string }, field: F, bytes: Buffer): { id: string } & Record<F, Buffer> {
  return Object.defineProperty(holder, field, { value: bytes, enumerable: false }) as { id: string } & Record<F, Buffer>;
}

/**
 * Rotate a municipality's keys: a new pseudonymisation key and a new key-encryption key become
 * current; the old ones stay in the ring (old pseudonyms must still be recognised for six
 * months of combining, old blobs must stay readable until re-wrapped). Atomic replace.
 */
export function rotateMunicipalKeys(dir: string, gemeentecode: string, now: Date = new Date()): { pseudonym: { from: string; to: string }; kek: { from: string; to: string } } {
  if (!gemeentecodePattern.test(gemeentecode)) throw new KeystoreFileError(join(dir, `${gemeentecode}.json`), 'gemeentecode moet 4 cijfers zijn');
  const file = keyFilePath(dir, gemeentecode);
  if (!existsSync(file)) throw new MissingMunicipalKeysError(gemeentecode);
  const content = readKeyFile(file);
  const pseudonym = newKeyRing('p', gemeentecode, now);
  const kek = newKeyRing('k', gemeentecode, now);
  const result = { pseudonym: { from: content.pseudonym.current, to: pseudonym.current }, kek: { from: content.kek.current, to: kek.current } };
  const next: KeyFile = {
    gemeentecode,
    pseudonym: { current: pseudonym.current, keys: { ...content.pseudonym.keys, ...pseudonym.keys } },
    kek: { current: kek.current, keys: { ...content.kek.keys, ...kek.keys } },
  };
  replaceSecretJson(file, next);
  return result;
}

/**
 * The keystore a running gateway uses: reloaded on request (SIGHUP), and once by itself when a
 * blob names a key-encryption key it does not know yet (rotated by `vroegsignaal keys rotate`).
 */
export function reloadingKeystore(dir: string, periodKeysDir?: string): MunicipalKeystore & { reload(): void } {
  let current = loadKeystore(dir, periodKeysDir);
  const reload = () => {
    current = loadKeystore(dir, periodKeysDir);
  };
  return {
    reload,
    gemeentecodes: () => current.gemeentecodes(),
    pseudonymKey: (code) => current.pseudonymKey(code),
    pseudonymKeys: (code) => current.pseudonymKeys(code),
    currentKek: (code) => current.currentKek(code),
    kekById: (code, id) => {
      const found = current.kekById(code, id);
      // A period key is read from disk each time: reloading the municipal keys cannot bring it.
      if (found || isPeriodKeyId(id)) return found;
      reload();
      return current.kekById(code, id);
    },
  };
}
