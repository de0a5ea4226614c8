import type { Redis } from 'ioredis';
import type { SealedRecord } from './leaf.js';
import { auditLogKeys, contentBucketSize, contentKeyPrefix } from './keys.js';
import { packFacts, recordFacts } from './query-index.js';
import { luaScript } from '../redis/script.js';

export const auditKeys = { counter: auditLogKeys.counter, stream: auditLogKeys.pending };

/**
 * Lua fragment shared by every script that appends audit records. Indexes are assigned inside
 * the same atomic script that stores the content, so they are consecutive with no gaps and the
 * stream order equals index order — which the Merkle sequencer relies on.
 *
 * Content goes straight to its bucket (the index is known only here, hence the key is built
 * here); the stream gets one entry per append with just what the sequencer needs: the first
 * index, the 32-byte leaf data of each record, and its search facts. A record thus crosses the
 * wire once, not three times (append, sequencer read, sequencer write).
 * Expects: KEYS[1] counter, KEYS[2] stream; `n` records starting at ARGV[pos] (json, salt, leaf, facts).
 */
export const luaAppendRecords = `
local function appendRecords(n, pos)
  local last = redis.call('INCRBY', KEYS[1], n)
  local first = last - n
  local leaves, facts = {}, {}
  for i = 0, n - 1 do
    local index = string.format('%d', first + i)
    local bucket = '${contentKeyPrefix}' .. string.format('%d', math.floor((first + i) / ${contentBucketSize}))
    redis.call('HSET', bucket, 'r:' .. index, ARGV[pos], 's:' .. index, ARGV[pos + 1])
    leaves[#leaves + 1] = ARGV[pos + 2]
    facts[#facts + 1] = ARGV[pos + 3]
    pos = pos + 4
  end
  redis.call('XADD', KEYS[2], '*', 'index', string.format('%d', first), 'leaves', table.concat(leaves), 'facts', '[' .. table.concat(facts, ',') .. ']')
  return first, pos
end
`;

/** Arguments each record takes in a script call (see recordArgs). */
export const recordArgCount = 4;

export function recordArgs(records: SealedRecord[]): Array<string | Buffer> {
  return records.flatMap((r) => [r.json, r.salt.toString('base64'), r.leafData, JSON.stringify(packFacts(recordFacts(r.record)))]);
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
