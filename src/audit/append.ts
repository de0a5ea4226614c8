import type { Redis } from 'ioredis';
import type { SealedRecord } from './leaf.js';
import { auditLogKeys } from './keys.js';
import { luaScript } from '../redis/script.js';

export const auditKeys = { counter: auditLogKeys.counter, stream: auditLogKeys.pending };

/**
 * Lua fragment shared by every script that appends audit records. Indexes are assigned inside
 * the same atomic script as the stream entry, so they are consecutive with no gaps and the
 * stream order equals index order — which the Merkle sequencer relies on.
 * Expects: KEYS[1] counter, KEYS[2] stream; `n` records starting at ARGV[pos] (json, salt, leaf).
 */
export const luaAppendRecords = `
local function appendRecords(n, pos)
  local last = redis.call('INCRBY', KEYS[1], n)
  local first = last - n
  for i = 0, n - 1 do
    redis.call('XADD', KEYS[2], '*', 'index', first + i, 'record', ARGV[pos], 'salt', ARGV[pos + 1], 'leaf', ARGV[pos + 2])
    pos = pos + 3
  end
  return first, pos
end
`;

export function recordArgs(records: SealedRecord[]): string[] {
  return records.flatMap((r) => [r.json, r.salt.toString('base64'), r.leafData.toString('base64')]);
}

const appendScript = `${luaAppendRecords}
local first = appendRecords(tonumber(ARGV[1]), 2)
return first`;
const runAppend = luaScript<number>(appendScript);

/** Append records on their own (e.g. a denied signal's decision). Confirmed before returning. */
export async function appendAuditRecords(redis: Redis, records: SealedRecord[]): Promise<number> {
  const first = await runAppend(redis, [auditKeys.counter, auditKeys.stream], [String(records.length), ...recordArgs(records)]);
  return Number(first);
}
