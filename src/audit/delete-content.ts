import type { Redis } from 'ioredis';
import { auditLogKeys } from './keys.js';

/**
 * Retention end for one record: content and salt go, the leaf stays. Without the salt nobody can
 * test a guess against the leaf, and every proof over the tree still verifies. A marker records
 * when, so a verifier reports "content deleted" instead of "record removed".
 */
export async function deleteRecordContent(redis: Redis, index: number, at: Date): Promise<boolean> {
  const key = auditLogKeys.content(index);
  const [, [, removed]] = (await redis.multi().hset(key, `d:${index}`, at.toISOString()).hdel(key, `r:${index}`, `s:${index}`).exec()) as [unknown, [unknown, number]];
  return removed > 0;
}
