import type { Redis } from 'ioredis';
import { readContent } from '../../src/audit/content.js';
import { auditLogKeys } from '../../src/redis/keys.js';

export interface StoredAuditRecord {
  index: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pick fields freely
  record: any;
  salt: string;
  json: string;
}

/** Every audit record with content, sequenced or not, in index order (content is written at append). */
export async function auditRecords(redis: Redis): Promise<StoredAuditRecord[]> {
  const count = Number((await redis.get(auditLogKeys.counter)) ?? 0);
  const contents = await readContent(redis, Array.from({ length: count }, (_, i) => i));
  const out: StoredAuditRecord[] = [];
  for (const [index, c] of contents) if (c && 'json' in c) out.push({ index, record: JSON.parse(c.json), salt: c.salt, json: c.json });
  return out;
}
