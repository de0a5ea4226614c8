import type { Redis } from 'ioredis';
import { queryKeys, retentionKeys } from '../redis/keys.js';
import { addIsoDuration } from './duration.js';
import { expandMember } from '../audit/query-index.js';

interface KindReport {
  perMaand: Record<string, number>;
  achterstallig: number;
}

export interface RetentionReport {
  contactgegevens: KindReport;
  zaakfeiten: KindReport;
  signalenZonderZaak: KindReport;
  auditInhoud: KindReport;
  laatsteVeger: string | null;
  vernietigdeSleutels: Array<{ sleutel: string; op: string }>;
}

const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * Items per month of expiry, counted in Redis (ZCOUNT per month) so a report over millions of
 * items moves no members. `term` is given when the index is scored by write time, not expiry.
 */
async function kind(redis: Redis, key: string, now: Date, term?: string, runs = false): Promise<KindReport> {
  // The audit time index holds runs of records (audit/query-index.ts): count the records in them.
  const zcount = async (min: number | string, max: number | string) => runs
    ? (await redis.zrangebyscore(key, min, max)).reduce((n, member) => n + expandMember(member).length, 0)
    : redis.zcount(key, min, max);
  const toScore = (expiry: number) => (term ? addIsoDuration(new Date(expiry), term, -1).getTime() : expiry);
  const [first] = await redis.zrange(key, 0, 0, 'WITHSCORES').then((r) => r.slice(1).map(Number));
  const [last] = await redis.zrange(key, -1, -1, 'WITHSCORES').then((r) => r.slice(1).map(Number));
  const perMaand: Record<string, number> = {};
  if (first !== undefined && last !== undefined) {
    const fromExpiry = term ? addIsoDuration(new Date(first), term).getTime() : first;
    const toExpiry = term ? addIsoDuration(new Date(last), term).getTime() : last;
    for (let m = monthStart(fromExpiry); m <= toExpiry; m = nextMonth(m)) {
      const count = await zcount(toScore(m), `(${toScore(nextMonth(m))}`);
      if (count > 0) perMaand[new Date(m).toISOString().slice(0, 7)] = count;
    }
  }
  const achterstallig = await zcount('-inf', toScore(now.getTime()));
  return { perMaand, achterstallig };
}

/** What is held until when, what is overdue (must be 0), and what was shredded. */
export async function retentionReport(redis: Redis, now: Date, auditContentTerm: string): Promise<RetentionReport> {
  const destroyed = await redis.zrange(retentionKeys.destroyedKeys, 0, -1, 'WITHSCORES');
  return {
    contactgegevens: await kind(redis, retentionKeys.contactExpiry, now),
    zaakfeiten: await kind(redis, retentionKeys.caseFactsExpiry, now),
    signalenZonderZaak: await kind(redis, retentionKeys.signalExpiry, now),
    auditInhoud: await kind(redis, queryKeys.facet('tijd'), now, auditContentTerm, true),
    laatsteVeger: await redis.get(retentionKeys.lastSweep),
    vernietigdeSleutels: Array.from({ length: destroyed.length / 2 }, (_, i) => ({ sleutel: destroyed[2 * i]!, op: new Date(Number(destroyed[2 * i + 1])).toISOString() })),
  };
}

export function overdue(report: RetentionReport): number {
  return report.contactgegevens.achterstallig + report.zaakfeiten.achterstallig + report.signalenZonderZaak.achterstallig + report.auditInhoud.achterstallig;
}
