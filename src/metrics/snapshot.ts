import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { memberCount } from '../audit/query-index.js';
import { overdueScoreRanges } from '../outreach/deadlines.js';
import { auditLogKeys, notificationKeys, outreachKeys, queryKeys, retentionKeys } from '../redis/keys.js';
import { addIsoDuration } from '../retention/duration.js';

/** What the gauges show, read from Redis at scrape time: counts only, no member of any set. */
export interface MetricsSnapshot {
  audit: {
    /** Records appended but not yet in the Merkle tree. */
    pendingRecords: number;
    /** Age of the oldest of them (0 when none waits). */
    oldestPendingSeconds: number;
    /** Age of the newest checkpoint; undefined before the first. */
    checkpointAgeSeconds: number | undefined;
  };
  outboxEntries: number;
  queues: Array<{ queue: string; counts: Record<QueueState, number> }>;
  /**
   * Per municipality, as the Sturing page counts them (reporting/current.ts): waiting in the queue,
   * of those past their offer deadline, claimed with the lease running, and claims past their lease
   * end that the next claim or action returns to the queue.
   */
  cases: Array<{ gemeentecode: string; open: number; claimed: number; overdue: number; claimsExpired: number }>;
  retentionOverdue: Record<RetentionKind, number>;
}

export const queueStates = ['waiting', 'delayed', 'active', 'failed'] as const;
export type QueueState = (typeof queueStates)[number];
export const retentionKinds = ['contactgegevens', 'zaakfeiten', 'signalen', 'auditinhoud'] as const;
export type RetentionKind = (typeof retentionKinds)[number];

export interface SnapshotSources {
  redis: Redis;
  queues: Array<{ name: string; queue: Queue }>;
  /** The municipalities of the policy bundle: the only ones with a worklist. */
  gemeentecodes: string[];
  /** The domain clock (lease ends, deadlines and expiries are on it). */
  now: Date;
  /** The audit content term (ISO duration) of the bundle. */
  auditContentTerm: string;
}

/**
 * Audit content runs read per scrape, as the sweeper takes them per run: past this the count is a
 * lower bound, which is still far from 0 (what it should be after a sweep).
 */
const auditRunsRead = 1_000;

/**
 * One round trip for everything: a pipeline and BullMQ's count script per queue, sent together on
 * one connection. O(log n) counts per sorted set, five per municipality, never a scan or a read of
 * a case. Times that Redis stamped (stream ids, the checkpoint's time) are
 * compared with Redis's own clock, read in the same round trip.
 */
export async function readSnapshot(s: SnapshotSources): Promise<MetricsSnapshot> {
  const nowMs = s.now.getTime();
  const overdue = overdueScoreRanges(s.now);
  const p = s.redis.pipeline();
  p.time();
  p.get(auditLogKeys.counter);
  p.get(auditLogKeys.size);
  p.xrange(auditLogKeys.pending, '-', '+', 'COUNT', 1);
  p.get(auditLogKeys.checkpointTime);
  p.xlen(notificationKeys.outbox);
  p.zcount(retentionKeys.contactExpiry, '-inf', nowMs);
  p.zcount(retentionKeys.caseFactsExpiry, '-inf', nowMs);
  p.zcount(retentionKeys.signalExpiry, '-inf', nowMs);
  p.zrangebyscore(queryKeys.facet('tijd'), '-inf', addIsoDuration(s.now, s.auditContentTerm, -1).getTime(), 'LIMIT', 0, auditRunsRead);
  for (const code of s.gemeentecodes) {
    p.zcard(outreachKeys.open(code));
    p.zcard(outreachKeys.leases(code));
    for (const range of overdue) p.zcount(outreachKeys.open(code), range.min, `(${range.max}`);
    p.zcount(outreachKeys.leases(code), '-inf', nowMs);
  }
  const [replies, queueCounts] = await Promise.all([
    p.exec(),
    Promise.all(s.queues.map(({ queue }) => queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed'))),
  ]);
  const values = (replies ?? []).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
  let at = 0;
  const next = <T>() => values[at++] as T;
  const [seconds, micros] = next<[string, string]>();
  const redisNowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const appended = Number(next<string | null>() ?? 0);
  const sequenced = Number(next<string | null>() ?? 0);
  const oldest = next<Array<[string, string[]]>>()[0]?.[0];
  const checkpointAt = next<string | null>();
  const age = (ms: number) => Math.max(0, redisNowMs - ms) / 1000;
  const snapshot: MetricsSnapshot = {
    audit: {
      pendingRecords: Math.max(0, appended - sequenced),
      // Stream ids start with the time Redis added the entry, in ms.
      oldestPendingSeconds: oldest ? age(Number(oldest.split('-')[0])) : 0,
      checkpointAgeSeconds: checkpointAt ? age(Number(checkpointAt)) : undefined,
    },
    outboxEntries: next<number>(),
    retentionOverdue: {
      contactgegevens: next<number>(),
      zaakfeiten: next<number>(),
      signalen: next<number>(),
      auditinhoud: next<string[]>().reduce((n, run) => n + memberCount(run), 0),
    },
    cases: [],
    queues: s.queues.map(({ name }, i) => {
      const c = queueCounts[i]!;
      return { queue: name, counts: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0), delayed: c.delayed ?? 0, active: c.active ?? 0, failed: c.failed ?? 0 } };
    }),
  };
  for (const gemeentecode of s.gemeentecodes) {
    const open = next<number>();
    const leases = next<number>();
    const overdueCount = overdue.reduce((n) => n + next<number>(), 0);
    const claimsExpired = next<number>();
    snapshot.cases.push({ gemeentecode, open, claimed: Math.max(0, leases - claimsExpired), overdue: overdueCount, claimsExpired });
  }
  return snapshot;
}
