import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyEncryptionKey } from './envelope.js';
import { syncDir, writeFileIfAbsent } from './secret-file.js';

/**
 * Crypto-shredding that reaches copies: a closed case's data keys are re-wrapped under a key
 * that belongs to the ISO week in which its retention ends. When that week is over the key is
 * destroyed, so any Redis backup, AOF file or replica made earlier holds blobs nobody can open.
 *
 * These keys live in the gateway's writable state directory (not beside the read-only secrets),
 * one file per period, so that several processes or instances sharing the directory never lose
 * a fresh key nor bring back a destroyed one (a shared JSON file rewritten by each did both):
 *
 *   <periodKeysDir>/<gemeentecode>/<ISO week>.key   32 bytes in base64 and a newline, mode 0600
 *
 * Made exclusively: written to a private temporary file (opened 'wx', O_EXCL), fsynced, then
 * hard-linked into place — link fails when the name exists, so nobody ever reads a half-written
 * key, and racing creators all end with the one that was linked first. Destroyed by unlink. The
 * directory is fsynced after either, so neither a new key (data wrapped under it) nor a
 * destruction is undone by a crash. Nothing is ever rewritten, so destroyed bytes cannot return.
 * A key for a week that has ended is refused rather than made: its data would be past its term.
 * (Were two processes' clocks so far apart that one made a week's key again after another
 * destroyed it, that key would be new random bytes: what the old one wrapped stays unreadable,
 * and the next sweep destroys the new one.)
 * The state directory must support hard links (any POSIX file system does).
 */

/** ISO 8601 week of a date, e.g. 2027-W21 (weeks start on Monday; week 1 holds January 4th). */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The first moment after the ISO week `period` (Monday 00:00 UTC of the next week). */
export function periodEnd(period: string): Date {
  const [year, week] = period.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000);
  return new Date(monday.getTime() + week * 7 * 86_400_000);
}

export const periodKeyId = (gemeentecode: string, period: string) => `t-${gemeentecode}-${period}`;

/** Whether a key id names a period key (these are never re-wrapped: see rewrap-store). */
export const isPeriodKeyId = (id: string) => id.startsWith('t-');

const idPattern = /^t-([0-9]{4})-([0-9]{4}-W[0-9]{2})$/;
const gemeentecodePattern = /^[0-9]{4}$/;
const keyFilePattern = /^([0-9]{4}-W[0-9]{2})\.key$/;
const tempFilePattern = /^\.([0-9]{4}-W[0-9]{2})\.[0-9a-f]+\.tmp$/;
/** Exactly 32 bytes in canonical base64. */
const key256Base64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Making the key of a week that has ended: refused, so a destroyed key is never made again. */
export class PeriodKeyDestroyedError extends Error {
  override name = 'PeriodKeyDestroyedError';
  constructor(readonly keyId: string) {
    super(`periodesleutel ${keyId} is vernietigd of de week is voorbij: wordt niet opnieuw gemaakt`);
  }
}

/** A period key file that is not one key. Names the file, never its content. */
export class PeriodKeyFileError extends Error {
  override name = 'PeriodKeyFileError';
  constructor(readonly file: string) {
    super(`periodesleutel ${file}: geen 32 bytes in base64`);
  }
}

const municipalityDir = (dir: string, gemeentecode: string) => join(dir, gemeentecode);
const keyFile = (dir: string, gemeentecode: string, period: string) => join(dir, gemeentecode, `${period}.key`);

function asKey(id: string, bytes: Buffer): KeyEncryptionKey {
  // Key bytes non-enumerable: a key object that reaches a logger or JSON.stringify shows its id only.
  return Object.defineProperty({ id }, 'key', { value: bytes, enumerable: false }) as KeyEncryptionKey;
}

/** The key in a file, or undefined when there is none. */
function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const b64 = text.trim();
  if (!key256Base64.test(b64)) throw new PeriodKeyFileError(file);
  return Buffer.from(b64, 'base64');
}

/**
 * The key for the week in which `expiry` falls, made on first use (by whichever process is
 * first; every other gets the same key). Refused when that week has ended by `now`: its key is
 * destroyed or about to be, and data must never be wrapped under a key that is gone.
 */
export function periodKeyFor(dir: string, gemeentecode: string, expiry: Date, now: Date): KeyEncryptionKey {
  if (!gemeentecodePattern.test(gemeentecode)) throw new Error(`ongeldige gemeentecode voor een periodesleutel: ${gemeentecode}`);
  const period = isoWeek(expiry);
  const id = periodKeyId(gemeentecode, period);
  if (periodEnd(period).getTime() <= now.getTime()) throw new PeriodKeyDestroyedError(id);
  const file = keyFile(dir, gemeentecode, period);
  let bytes = readKeyFile(file);
  if (!bytes) {
    const made = randomBytes(32);
    bytes = linkNew(municipalityDir(dir, gemeentecode), period, file, made) ? made : readKeyFile(file);
    if (!bytes) throw new PeriodKeyDestroyedError(id); // linked by another and destroyed in between
  }
  return asKey(id, bytes);
}

/** Link a fully written key file into place; false when the name existed already. */
function linkNew(folder: string, period: string, file: string, bytes: Buffer): boolean {
  if (mkdirSync(folder, { recursive: true, mode: 0o700 }) !== undefined) syncDir(folder);
  const temp = join(folder, `.${period}.${randomBytes(6).toString('hex')}.tmp`);
  return writeFileIfAbsent(file, `${bytes.toString('base64')}\n`, { temp, linksRequired: true });
}

function unlinkQuietly(file: string): boolean {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  syncDir(file);
  return true;
}

/** A period key by its id (`t-<gemeentecode>-<week>`), read from disk; undefined once destroyed. */
export function readPeriodKey(dir: string, id: string): KeyEncryptionKey | undefined {
  const match = idPattern.exec(id);
  if (!match) return undefined;
  const [, gemeentecode, period] = match as unknown as [string, string, string];
  const bytes = readKeyFile(keyFile(dir, gemeentecode, period));
  return bytes ? asKey(id, bytes) : undefined;
}

/** The weeks that have a key now, for one municipality (sorted). */
export function periodKeyWeeks(dir: string, gemeentecode: string): string[] {
  return listDir(municipalityDir(dir, gemeentecode)).map((n) => keyFilePattern.exec(n)?.[1]).filter((p): p is string => p !== undefined).sort();
}

/** The municipalities that have a folder of period keys (a municipality no longer configured is still swept). */
export function periodKeyMunicipalities(dir: string): string[] {
  return listDir(dir).filter((n) => gemeentecodePattern.test(n)).sort();
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Destroy every period key whose week has ended by `now`; returns the ids this call destroyed
 * (a key another process unlinked first is not counted twice). Leftover temporary files of a
 * crashed creator hold key bytes too: those of ended weeks go as well.
 */
export function destroyExpiredPeriodKeys(dir: string, gemeentecode: string, now: Date): string[] {
  const folder = municipalityDir(dir, gemeentecode);
  const ended = (period: string) => periodEnd(period).getTime() <= now.getTime();
  const destroyed: string[] = [];
  for (const name of listDir(folder)) {
    const temp = tempFilePattern.exec(name)?.[1];
    if (temp && ended(temp)) rmSync(join(folder, name), { force: true });
  }
  for (const period of periodKeyWeeks(dir, gemeentecode).filter(ended)) {
    if (unlinkQuietly(keyFile(dir, gemeentecode, period))) destroyed.push(periodKeyId(gemeentecode, period));
  }
  return destroyed;
}
