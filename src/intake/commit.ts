import type { Redis } from 'ioredis';
import { auditKeys, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { redisScript } from '../redis/lua.js';
import { notificationKeys } from '../redis/keys.js';
import type { OutwardStatus } from '../notifications/event.js';

/**
 * The script for everything a 202 promises (src/redis/scripts/commit-intake.lua), for a chunk of
 * signals: all are written, or none and each says why.
 */
const runCommit = redisScript<[0, Array<number | string>] | [1, string]>('commit-intake');

export interface IdempotencyValue {
  contentHash: string;
  signaalId: string;
}

export interface CommitPlan {
  /** Hash fields that must still hold the value seen when planning ('' = absent). */
  guards?: Array<{ key: string; field: string; expected: string }>;
  hashes: Array<{ key: string; fields: Record<string, string> }>;
  /** JSON arrays in a hash field that get one more element (a signal joining a case). */
  appends?: Array<{ key: string; field: string; value: unknown }>;
  /** `onlyIfPresent`: move a member that is there (ZADD XX), add none (a case in no queue stays out). */
  zadds?: Array<{ key: string; score: number; member: string; onlyIfPresent?: boolean }>;
  /** The hash that gets `auditIndex` = index of the first record (the receipt points at it). */
  auditIndexInto: string;
  /** The team lead's counters this intake raises (src/reporting/fields.ts), in the month's hash. */
  figures?: { key: string; fields: string[] };
  /** The case's outbox event (notifications/event.ts): made or joined, and the partner's status. */
  event?: { caseKey: string; type: 'aangemaakt' | 'samengevoegd' | 'herhaald'; nowMs: number; signal: { signaalId: string; id: string; partnerOin: string; status: OutwardStatus } };
}

export interface CommitInput extends CommitPlan {
  idempotencyKey: string;
  idempotencyValue: IdempotencyValue;
  records: SealedRecord[];
}

export type CommitResult =
  | { committed: true; firstAuditIndex: number }
  | { committed: false; existing: IdempotencyValue }
  | { committed: false; stale: true };

/** Per signal of a chunk: written (its first record's index), seen before, planned on a stale state, or held back by another. */
export type ChunkVerdict = CommitResult | { committed: false; heldBack: true };

/**
 * Commit a chunk of signals in one script call (see commitScript): all are written, or none and
 * each says why. At most one signal per address and per idempotency key in a chunk: the
 * guards of one signal do not see the writes of another in the same call.
 */
export async function commitIntakes(redis: Redis, inputs: CommitInput[]): Promise<ChunkVerdict[]> {
  const keys = [auditKeys.counter, auditKeys.stream, notificationKeys.outbox];
  const positions = new Map<string, number>();
  const at = (key: string) => {
    let position = positions.get(key);
    if (position === undefined) {
      position = keys.push(key);
      positions.set(key, position);
    }
    return position;
  };
  let offset = 0;
  const batch = inputs.map((input) => {
    const item = {
      idem: at(input.idempotencyKey),
      value: JSON.stringify(input.idempotencyValue),
      offset,
      plan: {
        guards: (input.guards ?? []).map((g) => [at(g.key), g.field, g.expected]),
        hashes: input.hashes.map((h) => [at(h.key), h.fields]),
        appends: (input.appends ?? []).map((a) => [at(a.key), a.field, JSON.stringify(a.value)]),
        // Scores travel as strings: a Lua number would be printed with 14 digits and lose the tie-break.
        zadds: (input.zadds ?? []).map((z) => [at(z.key), String(z.score), z.member, z.onlyIfPresent ? 'XX' : '']),
        auditIndexInto: at(input.auditIndexInto),
        ...(input.figures ? { figures: [at(input.figures.key), input.figures.fields] } : {}),
        ...(input.event ? { event: [at(input.event.caseKey), input.event.type, input.event.nowMs, input.event.signal] } : {}),
      },
    };
    offset += input.records.length;
    return item;
  });
  const reply = await runCommit(redis, keys, [JSON.stringify(batch), ...recordArgs(inputs.flatMap((i) => i.records))]);
  if (reply[0] === 1) {
    const first = Number(reply[1]);
    return batch.map((item) => ({ committed: true, firstAuditIndex: first + item.offset }));
  }
  const verdicts = reply[1];
  return inputs.map((_, i) => {
    const flag = Number(verdicts[2 * i]);
    if (flag === 0) return { committed: false, existing: JSON.parse(String(verdicts[2 * i + 1])) as IdempotencyValue };
    if (flag === 2) return { committed: false, stale: true };
    return { committed: false, heldBack: true };
  });
}
