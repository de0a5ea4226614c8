import type { Redis } from 'ioredis';
import type { SealedRecord } from './leaf.js';
import { auditLogKeys, contentBucketSize, contentKeyPrefix } from '../redis/keys.js';
import { groupRecords, packGroup } from './content.js';
import { packFacts, recordFacts } from './query-index.js';
import { luaScript } from '../redis/script.js';

export const auditKeys = { counter: auditLogKeys.counter, stream: auditLogKeys.pending };

/**
 * Lua fragment shared by every script that appends audit records. Indexes are assigned inside
 * the same atomic script that stores the content, so they are consecutive with no gaps and the
 * stream order equals index order — which the Merkle sequencer relies on.
 *
 * Content goes straight to its bucket as a compressed group (content.ts; the index is known
 * only here, hence the key is built here); the stream gets one entry per group with just what
 * the sequencer needs: the first index, the 32-byte leaf data of each record, and their search
 * facts. A record thus crosses the wire once, compressed.
 * Expects: KEYS[1] counter, KEYS[2] stream; at ARGV[pos] the group count, then per group:
 * record count, packed content, leaves, facts (see recordArgs). Returns the first index.
 */
export const luaAppendRecords = `
local function appendRecords(pos)
  local groups = tonumber(ARGV[pos])
  pos = pos + 1
  local first
  for g = 1, groups do
    local n = tonumber(ARGV[pos])
    local head = redis.call('INCRBY', KEYS[1], n) - n
    if not first then first = head end
    local id = string.format('%d', head)
    redis.call('HSET', '${contentKeyPrefix}' .. string.format('%d', math.floor(head / ${contentBucketSize})), 'g:' .. id, ARGV[pos + 1])
    redis.call('XADD', KEYS[2], '*', 'index', id, 'leaves', ARGV[pos + 2], 'facts', ARGV[pos + 3])
    pos = pos + 4
  end
  return first
end
`;

/** The records as script arguments: grouped (content.ts), each group packed with its leaves and facts. */
export function recordArgs(records: SealedRecord[]): Array<string | Buffer> {
  const groups = groupRecords(records);
  return [String(groups.length), ...groups.flatMap((g) => [
    String(g.length),
    packGroup(g.map((r) => ({ json: r.json, salt: r.salt.toString('base64') }))),
    Buffer.concat(g.map((r) => r.leafData)),
    JSON.stringify(g.map((r) => packFacts(recordFacts(r.record)))),
  ])];
}

const appendScript = `${luaAppendRecords}
return appendRecords(1)`;
const runAppend = luaScript<number>(appendScript);

/** Append records on their own (e.g. a denied signal's decision). Confirmed before returning. */
export async function appendAuditRecords(redis: Redis, records: SealedRecord[]): Promise<number> {
  const first = await runAppend(redis, [auditKeys.counter, auditKeys.stream], recordArgs(records));
  return Number(first);
}
