import type { Redis } from 'ioredis';
import { auditKeys, luaAppendRecords, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';

/**
 * One atomic script for everything a 202 promises: the idempotency claim, the signal, the case
 * and its audit records. Either all are written or none (Redis runs a script to completion, and
 * with `appendfsync always` the AOF holds it before we answer). If another request with the same
 * partner id won the race, nothing is written and the winner's idempotency value is returned.
 */
const commitScript = `${luaAppendRecords}
local existing = redis.call('GET', KEYS[3])
if existing then return {0, existing} end
redis.call('SET', KEYS[3], ARGV[1])
local first, pos = appendRecords(tonumber(ARGV[2]), 3)
local hashCount = tonumber(ARGV[pos]); pos = pos + 1
for k = 4, 3 + hashCount do
  local fields = cjson.decode(ARGV[pos])
  pos = pos + 1
  local flat = {}
  for f, v in pairs(fields) do
    flat[#flat + 1] = f
    flat[#flat + 1] = v
  end
  redis.call('HSET', KEYS[k], unpack(flat))
end
redis.call('HSET', KEYS[4], 'auditIndex', first)
for k = 4 + hashCount, #KEYS do
  redis.call('ZADD', KEYS[k], ARGV[pos], ARGV[pos + 1])
  pos = pos + 2
end
return {1, tostring(first)}`;

export interface IdempotencyValue {
  contentHash: string;
  signaalId: string;
}

export interface CommitInput {
  idempotencyKey: string;
  idempotencyValue: IdempotencyValue;
  records: SealedRecord[];
  /** The first hash gets `auditIndex` = index of the first record (the receipt points at it). */
  hashes: Array<{ key: string; fields: Record<string, string> }>;
  /** Sorted-set entries written in the same step (the case's place in its municipality's queue). */
  zadds?: Array<{ key: string; score: number; member: string }>;
}

export type CommitResult =
  | { committed: true; firstAuditIndex: number }
  | { committed: false; existing: IdempotencyValue };

export async function commitIntake(redis: Redis, input: CommitInput): Promise<CommitResult> {
  const zadds = input.zadds ?? [];
  const keys = [auditKeys.counter, auditKeys.stream, input.idempotencyKey, ...input.hashes.map((h) => h.key), ...zadds.map((z) => z.key)];
  const args = [
    JSON.stringify(input.idempotencyValue),
    String(input.records.length),
    ...recordArgs(input.records),
    String(input.hashes.length),
    ...input.hashes.map((h) => JSON.stringify(h.fields)),
    ...zadds.flatMap((z) => [String(z.score), z.member]),
  ];
  const [flag, value] = (await redis.eval(commitScript, keys.length, ...keys, ...args)) as [number, string];
  if (flag === 1) return { committed: true, firstAuditIndex: Number(value) };
  return { committed: false, existing: JSON.parse(value) as IdempotencyValue };
}

export async function readIdempotency(redis: Redis, key: string): Promise<IdempotencyValue | undefined> {
  const raw = await redis.get(key);
  return raw ? (JSON.parse(raw) as IdempotencyValue) : undefined;
}
