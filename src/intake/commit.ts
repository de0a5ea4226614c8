import type { Redis } from 'ioredis';
import { auditKeys, luaAppendRecords, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { luaScript } from '../redis/script.js';
import { luaCountFigures } from '../reporting/lua.js';

/**
 * One atomic script for everything a 202 promises: the idempotency claim, the signal, the case
 * (new or combined), its queue entry and its audit records. Either all are written or none
 * (Redis runs a script to completion; with `appendfsync always` the AOF holds it before we
 * answer). Guards make combining race-free: the plan was made for a state of the address that
 * must still hold, or nothing is written and the caller plans again.
 *
 * KEYS: audit counter, audit stream, idempotency key, then the plan's keys.
 * ARGV: idempotency value, plan (JSON, keys by position in KEYS), records (see recordArgs).
 */
const commitScript = `${luaAppendRecords}${luaCountFigures}
local existing = redis.call('GET', KEYS[3])
if existing then return {0, existing} end
local plan = cjson.decode(ARGV[2])
for _, g in ipairs(plan.guards) do
  local actual = redis.call('HGET', KEYS[g[1]], g[2])
  if (actual or '') ~= g[3] then return {2, ''} end
end
redis.call('SET', KEYS[3], ARGV[1])
local first = appendRecords(3)
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
redis.call('HSET', KEYS[plan.auditIndexInto], 'auditIndex', first)
return {1, tostring(first)}`;
const runCommit = luaScript<[number, string]>(commitScript);

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

export async function commitIntake(redis: Redis, input: CommitInput): Promise<CommitResult> {
  const keys = [auditKeys.counter, auditKeys.stream, input.idempotencyKey];
  const at = (key: string) => {
    let i = keys.indexOf(key);
    if (i < 0) i = keys.push(key) - 1;
    return i + 1;
  };
  const plan = {
    guards: (input.guards ?? []).map((g) => [at(g.key), g.field, g.expected]),
    hashes: input.hashes.map((h) => [at(h.key), h.fields]),
    appends: (input.appends ?? []).map((a) => [at(a.key), a.field, JSON.stringify(a.value)]),
    // Scores travel as strings: a Lua number would be printed with 14 digits and lose the tie-break.
    zadds: (input.zadds ?? []).map((z) => [at(z.key), String(z.score), z.member, z.onlyIfPresent ? 'XX' : '']),
    auditIndexInto: at(input.auditIndexInto),
    ...(input.figures ? { figures: [at(input.figures.key), input.figures.fields] } : {}),
  };
  const args = [JSON.stringify(input.idempotencyValue), JSON.stringify(plan), ...recordArgs(input.records)];
  const [flag, value] = await runCommit(redis, keys, args);
  if (flag === 1) return { committed: true, firstAuditIndex: Number(value) };
  if (flag === 2) return { committed: false, stale: true };
  return { committed: false, existing: JSON.parse(value) as IdempotencyValue };
}

export async function readIdempotency(redis: Redis, key: string): Promise<IdempotencyValue | undefined> {
  const raw = await redis.get(key);
  return raw ? (JSON.parse(raw) as IdempotencyValue) : undefined;
}
