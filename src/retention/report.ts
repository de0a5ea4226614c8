import type { Redis } from 'ioredis';
import { caseFactsExpiryKey, contactExpiryKey, destroyedKeysKey, lastSweepKey } from './sweeper.js';

interface KindReport {
  perMaand: Record<string, number>;
  achterstallig: number;
}

export interface RetentionReport {
  contactgegevens: KindReport;
  zaakfeiten: KindReport;
  laatsteVeger: string | null;
  vernietigdeSleutels: Array<{ sleutel: string; op: string }>;
}

/** What is held until when, what is overdue (must be 0), and what was shredded. */
async function kind(redis: Redis, key: string, now: Date): Promise<KindReport> {
  const entries = await redis.zrange(key, 0, -1, 'WITHSCORES');
  const perMaand: Record<string, number> = {};
  let achterstallig = 0;
  for (let i = 0; i < entries.length; i += 2) {
    const at = Number(entries[i + 1]);
    const month = new Date(at).toISOString().slice(0, 7);
    perMaand[month] = (perMaand[month] ?? 0) + 1;
    if (at <= now.getTime()) achterstallig++;
  }
  return { perMaand, achterstallig };
}

export async function retentionReport(redis: Redis, now: Date): Promise<RetentionReport> {
  const destroyed = await redis.zrange(destroyedKeysKey, 0, -1, 'WITHSCORES');
  return {
    contactgegevens: await kind(redis, contactExpiryKey, now),
    zaakfeiten: await kind(redis, caseFactsExpiryKey, now),
    laatsteVeger: await redis.get(lastSweepKey),
    vernietigdeSleutels: Array.from({ length: destroyed.length / 2 }, (_, i) => ({ sleutel: destroyed[2 * i]!, op: new Date(Number(destroyed[2 * i + 1])).toISOString() })),
  };
}
