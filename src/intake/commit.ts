import type { Redis } from 'ioredis';
import { auditKeys, luaAppendRecords, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { luaScript } from '../redis/script.js';
import { luaCountFigures } from '../reporting/lua.js';

/**
 * One atomic script for everything a 202 promises, for a chunk of signals at once: per signal the
 * idempotency claim, the signal, the case (new or combined), its worklist entry, the team lead's
 * counters and its audit record. Redis runs a script to completion; with `appendfsync always`
 * the AOF holds it before we answer.
 *
 * All or nothing per chunk: first every signal is checked — its id not seen before, and the
 * address state its plan was made for still holding (guards) — and only if all pass is anything
 * written. Otherwise nothing is, and the reply says per signal why (seen: its earlier value;
 * stale: plan again); the caller takes those out and sends the rest again. The records of the
 * whole chunk are packed together (better compression) and get consecutive indexes: a signal's
 * record is at the first index plus its offset.
 *
 * KEYS: audit counter, audit stream, then every key the plans name.
 * ARGV[1]: JSON array, per signal {idem = key position, value, offset, plan (keys by position)};
 * ARGV[2…]: the records of all signals, in order (see recordArgs).
 * Returns {1, first index} when written, or {0, {flag, value, …}} per signal: 0 seen (value the
 * earlier idempotency value), 2 stale, 1 fine (not written because another was not).
 */
const commitScript = `${luaAppendRecords}${luaCountFigures}
local batch = cjson.decode(ARGV[1])
local verdicts = {}
local clean = true
for i, item in ipairs(batch) do
  local existing = redis.call('GET', KEYS[item.idem])
  if existing then
    verdicts[#verdicts + 1] = 0
    verdicts[#verdicts + 1] = existing
    clean = false
  else
    local fresh = 1
    for _, g in ipairs(item.plan.guards) do
      if (redis.call('HGET', KEYS[g[1]], g[2]) or '') ~= g[3] then fresh = 2 end
    end
    if fresh == 2 then clean = false end
    verdicts[#verdicts + 1] = fresh
    verdicts[#verdicts + 1] = ''
  end
end
if not clean then return {0, verdicts} end
local first = appendRecords(2)
for _, item in ipairs(batch) do
  local plan = item.plan
  redis.call('SET', KEYS[item.idem], item.value)
  for _, h in ipairs(plan.hashes) do
    local flat = {}
    for f, v in pairs(h[2]) do
      flat[#flat + 1] = f
      flat[#flat + 1] = v
    end
    redis.call('HSET', KEYS[h[1]], unpack(flat))
  end
  for _, a in ipairs(plan.appends) do
    local list = cjson.decode(redis.call('HGET', KEYS[a[1]], a[2]) or '[]')
    table.insert(list, cjson.decode(a[3]))
    redis.call('HSET', KEYS[a[1]], a[2], cjson.encode(list))
  end
  for _, z in ipairs(plan.zadds) do
    if z[4] == 'XX' then redis.call('ZADD', KEYS[z[1]], 'XX', z[2], z[3]) else redis.call('ZADD', KEYS[z[1]], z[2], z[3]) end
  end
  if plan.figures then countFigures(KEYS[plan.figures[1]], plan.figures[2]) end
  redis.call('HSET', KEYS[plan.auditIndexInto], 'auditIndex', string.format('%d', first + item.offset))
end
return {1, string.format('%d', first)}`;
const runCommit = luaScript<[0, Array<number | string>] | [1, string]>(commitScript);

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
  const keys = [auditKeys.counter, auditKeys.stream];
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

/** One signal on its own (a chunk of one, which is never held back by another). */
export async function commitIntake(redis: Redis, input: CommitInput): Promise<CommitResult> {
  const [verdict] = await commitIntakes(redis, [input]);
  if (!verdict || 'heldBack' in verdict) throw new Error('een commit van één signaal werd tegengehouden');
  return verdict;
}

export async function readIdempotency(redis: Redis, key: string): Promise<IdempotencyValue | undefined> {
  const raw = await redis.get(key);
  return raw ? (JSON.parse(raw) as IdempotencyValue) : undefined;
}
