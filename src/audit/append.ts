import type { Redis } from 'ioredis';
import type { SealedRecord } from './leaf.js';
import { auditLogKeys } from '../redis/keys.js';
import { groupRecords, packGroup } from './content.js';
import { packFacts, recordFacts } from './query-index.js';
import { redisScript } from '../redis/lua.js';

export const auditKeys = { counter: auditLogKeys.counter, stream: auditLogKeys.pending };

/**
 * Every script that appends audit records includes the fragment src/redis/scripts/includes/
 * append-records.lua: indexes are assigned inside the same atomic script that stores the
 * content, so they are consecutive with no gaps and the stream order equals index order — which
 * the Merkle sequencer relies on. Its arguments are what `recordArgs` makes.
 */

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

const runAppend = redisScript<number>('append-audit-records-2');

/** Append records on their own (e.g. a denied signal's decision). Confirmed before returning. */
export async function appendAuditRecords(redis: Redis, records: SealedRecord[]): Promise<number> {
  const first = await runAppend(redis, [auditKeys.counter, auditKeys.stream], recordArgs(records));
  return Number(first);
}
