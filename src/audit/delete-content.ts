import type { ChainableCommander, Redis } from 'ioredis';
import { auditLogKeys } from './keys.js';

/**
 * Retention end for one record: content and salt go, the leaf stays. Without the salt nobody can
 * test a guess against the leaf, and every proof over the tree still verifies. A marker records
 * when, so a verifier reports "content deleted" instead of "record removed". Queued on a
 * transaction, so a sweep deletes a page of records in one round trip.
 */
export function queueRecordContentDeletion(tx: ChainableCommander, index: number, at: Date): ChainableCommander {
  const key = auditLogKeys.content(index);
  return tx.hset(key, `d:${index}`, at.toISOString()).hdel(key, `r:${index}`, `s:${index}`);
}

/** One record on its own; true when there was content to delete. */
export async function deleteRecordContent(redis: Redis, index: number, at: Date): Promise<boolean> {
  const [, [, removed]] = (await queueRecordContentDeletion(redis.multi(), index, at).exec()) as [unknown, [unknown, number]];
  return removed > 0;
}
