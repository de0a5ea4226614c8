import type { Redis } from 'ioredis';
import { groupOf, queueGroupDeletion } from './content.js';
import { auditLogKeys } from '../redis/keys.js';

/**
 * Retention end for one record on its own (the sweeper ends whole groups, see content.ts): it
 * gets its deletion marker at once and no reader shows its content again; the group's bytes go
 * when its last member does. True when there was content to delete.
 */
export async function deleteRecordContent(redis: Redis, index: number, at: Date): Promise<boolean> {
  const group = await groupOf(redis, index);
  if (!group) return false;
  const markers = await redis.hmget(auditLogKeys.content(index), `d:${index}`);
  if (markers[0]) return false;
  const others = group.indexes.filter((i) => i !== index);
  const read = redis.pipeline();
  for (const i of others) read.hexists(auditLogKeys.content(i), `d:${i}`);
  const allOthersGone = ((await read.exec()) ?? []).every(([, exists]) => exists === 1);
  if (allOthersGone) await queueGroupDeletion(redis.multi(), group.head, group.indexes, at).exec();
  else await redis.hset(auditLogKeys.content(index), `d:${index}`, at.toISOString());
  return true;
}
