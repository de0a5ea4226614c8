import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { KeyEncryptionKey } from './envelope.js';
import { replaceSecretJson } from './secret-file.js';

/**
 * Crypto-shredding that reaches copies: a closed case's data keys are re-wrapped under a key
 * that belongs to the ISO week in which its retention ends. When that week is over the key is
 * destroyed, so any Redis backup, AOF file or replica made earlier holds blobs nobody can open.
 * These keys live beside the municipal keys, outside Redis: `<gemeentecode>.perioden.json`.
 */
const fileSchema = z.object({ gemeentecode: z.string().regex(/^[0-9]{4}$/), perioden: z.record(z.string(), z.string()) }).strict();
type PeriodFile = z.infer<typeof fileSchema>;

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

function filePath(dir: string, gemeentecode: string): string {
  return join(dir, `${gemeentecode}.perioden.json`);
}

export function readPeriodFile(dir: string, gemeentecode: string): PeriodFile {
  const file = filePath(dir, gemeentecode);
  if (!existsSync(file)) return { gemeentecode, perioden: {} };
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function writePeriodFile(dir: string, content: PeriodFile): void {
  replaceSecretJson(filePath(dir, content.gemeentecode), content);
}

/** The key for the week in which `expiry` falls, made on first use. */
export function periodKeyFor(dir: string, gemeentecode: string, expiry: Date): KeyEncryptionKey {
  const period = isoWeek(expiry);
  const content = readPeriodFile(dir, gemeentecode);
  let b64 = content.perioden[period];
  if (!b64) {
    b64 = randomBytes(32).toString('base64');
    writePeriodFile(dir, { ...content, perioden: { ...content.perioden, [period]: b64 } });
  }
  return { id: periodKeyId(gemeentecode, period), key: Buffer.from(b64, 'base64') };
}

/** Destroy every period key whose week has ended; returns the destroyed key ids. */
export function destroyExpiredPeriodKeys(dir: string, gemeentecode: string, now: Date): string[] {
  const content = readPeriodFile(dir, gemeentecode);
  const expired = Object.keys(content.perioden).filter((period) => periodEnd(period).getTime() <= now.getTime());
  if (expired.length === 0) return [];
  const kept = Object.fromEntries(Object.entries(content.perioden).filter(([period]) => !expired.includes(period)));
  writePeriodFile(dir, { ...content, perioden: kept });
  return expired.map((period) => periodKeyId(gemeentecode, period));
}
