import type { Redis } from 'ioredis';
import { caseKeys, outreachKeys } from '../redis/keys.js';
import { overdueScoreRanges } from '../outreach/deadlines.js';

/** What is open and with whom right now: read from the queue and the leases, never from every case. */
export interface CurrentWorkload {
  /** Waiting in the queue, nobody has picked them up. */
  open: number;
  /** Of those, past their offer deadline. */
  openTeLaat: number;
  /** Picked up, the claim still running. */
  opgepakt: number;
  /** Picked up, but the claim ran out and nobody has claimed since (back in the queue at the next claim). */
  claimVerlopen: number;
  /** Running claims per worker (the IdP's pseudonymous `sub`), most first. */
  perMedewerker: Array<{ medewerker: string; zaken: number }>;
}

/**
 * The queue's score holds the offer deadline (outreach/deadlines.ts queueScore: crisis first, then
 * deadline in days): every score below that of "deadline today" is a case past its deadline, in
 * each of the two groups. Two ZCOUNTs, whatever the queue's length.
 */
async function overdueInQueue(redis: Redis, openKey: string, now: Date): Promise<number> {
  const counts = await Promise.all(overdueScoreRanges(now).map(({ min, max }) => redis.zcount(openKey, min, `(${max}`)));
  return counts.reduce((a, b) => a + b, 0);
}

/** The claimed cases are as many as the workers hold (not every case): their claimant is read from each. */
async function claims(redis: Redis, leasesKey: string, now: Date) {
  const entries = await redis.zrange(leasesKey, 0, -1, 'WITHSCORES');
  const read = redis.pipeline();
  const ids: Array<{ zaakId: string; leaseTot: number }> = [];
  for (let i = 0; i + 1 < entries.length; i += 2) {
    ids.push({ zaakId: entries[i]!, leaseTot: Number(entries[i + 1]) });
    read.hmget(caseKeys.case(entries[i]!), 'status', 'claimant');
  }
  const replies = ids.length > 0 ? ((await read.exec()) ?? []) : [];
  const perWorker = new Map<string, number>();
  let lapsed = 0;
  replies.forEach(([err, value], i) => {
    if (err) throw err;
    const [status, claimant] = value as [string | null, string | null];
    if (status !== 'opgepakt' || !claimant) return;
    if (ids[i]!.leaseTot <= now.getTime()) lapsed++;
    else perWorker.set(claimant, (perWorker.get(claimant) ?? 0) + 1);
  });
  return { perWorker, lapsed };
}

export async function currentWorkload(redis: Redis, gemeentecode: string, now: Date): Promise<CurrentWorkload> {
  const openKey = outreachKeys.open(gemeentecode);
  const [open, openTeLaat, { perWorker, lapsed }] = await Promise.all([
    redis.zcard(openKey), overdueInQueue(redis, openKey, now), claims(redis, outreachKeys.leases(gemeentecode), now),
  ]);
  const perMedewerker = [...perWorker].map(([medewerker, zaken]) => ({ medewerker, zaken }))
    .sort((a, b) => b.zaken - a.zaken || a.medewerker.localeCompare(b.medewerker));
  return { open, openTeLaat, opgepakt: perMedewerker.reduce((n, w) => n + w.zaken, 0), claimVerlopen: lapsed, perMedewerker };
}
