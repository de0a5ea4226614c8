import type { Redis } from 'ioredis';
import { auditLogKeys, contentBucketSize } from '../../src/audit/keys.js';

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
  const read = redis.pipeline();
  for (let b = 0; b * contentBucketSize < count; b++) read.hgetall(auditLogKeys.content(b * contentBucketSize));
  const buckets = ((await read.exec()) ?? []).map(([, v]) => v as Record<string, string>);
  const out: StoredAuditRecord[] = [];
  for (let index = 0; index < count; index++) {
    const bucket = buckets[Math.floor(index / contentBucketSize)]!;
    const json = bucket[`r:${index}`];
    if (json) out.push({ index, record: JSON.parse(json), salt: bucket[`s:${index}`]!, json });
  }
  return out;
}
