import type { Redis } from 'ioredis';
import { auditKeys, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { redisScript } from '../redis/lua.js';
import { caseKeys, notificationKeys, outreachKeys, reportingKeys } from '../redis/keys.js';
import { caseFacts, field, reportingMonth } from '../reporting/fields.js';

/** src/redis/scripts/mark-overdue-5.lua (its header lists KEYS, ARGV and the answer). */
const runMark = redisScript<number>('mark-overdue-5');

export interface OverdueRun {
  gemeentecode: string;
  /** The deadline day that passed. */
  aanbodtermijn: string;
  now: Date;
  /** The sealed records of marking one case overdue (one per person in it). */
  recordsFor(h: Record<string, string>): SealedRecord[];
}

/**
 * The offer deadline of `aanbodtermijn` passed: every case of the municipality still waiting in
 * its queue with that deadline or an earlier one is marked overdue (the queue's score holds the
 * deadline day, so a range finds them without a scan). Returns how many were marked.
 */
export async function markOverdue(redis: Redis, run: OverdueRun): Promise<number> {
  const day = Math.floor(Date.parse(`${run.aanbodtermijn}T00:00:00Z`) / 86_400_000);
  const open = outreachKeys.open(run.gemeentecode);
  // queueScore: crisis cases score from 0, the others from 1e15, each by deadline day × 1e8.
  const [crisis, others] = await Promise.all([
    redis.zrangebyscore(open, 0, (day + 1) * 1e8 - 1),
    redis.zrangebyscore(open, 1e15, 1e15 + (day + 1) * 1e8 - 1),
  ]);
  let marked = 0;
  const ids = [...crisis, ...others];
  // One round for every candidate's state; then one guarded script per case that is still due.
  const hashes = await Promise.all(ids.map((zaakId) => redis.hgetall(caseKeys.case(zaakId))));
  for (const [i, zaakId] of ids.entries()) {
    const caseKey = caseKeys.case(zaakId);
    const h = hashes[i]!;
    if (h.status !== 'open' || h.verlopen || !h.aanbodtermijn || h.aanbodtermijn > run.aanbodtermijn) continue;
    const facts = caseFacts(h.signalen, h.aangemaakt);
    const figures = facts ? [field('termijnVerstreken', facts.partnerType)] : [];
    marked += await runMark(redis, [auditKeys.counter, auditKeys.stream, caseKey, notificationKeys.outbox, reportingKeys.month(run.gemeentecode, reportingMonth(run.now))], [
      run.aanbodtermijn, String(run.now.getTime()), run.now.toISOString(), JSON.stringify(figures), ...recordArgs(run.recordsFor(h)),
    ]);
  }
  return marked;
}
