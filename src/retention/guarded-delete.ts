import type { Redis } from 'ioredis';
import { auditKeys, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { redisScript } from '../redis/lua.js';
import { notificationKeys } from '../redis/keys.js';

/**
 * One atomic script per deletion: check that the item still has the expiry we saw (a signal that
 * joined the case meanwhile moved it), delete, and append the audit record — so there is never a
 * deletion without its record, nor a record of a deletion that did not happen.
 *
 * The script: src/redis/scripts/delete-guarded.lua (as many KEYS as the plan names).
 */
const runDeletion = redisScript<number>('delete-guarded');

export interface GuardedDeletion {
  /** The hash fields that must still hold these values ('' = absent), or nothing is deleted. */
  guards: Array<{ key: string; field: string; expected: string }>;
  dels: string[];
  hdels?: Array<{ key: string; fields: string[] }>;
  zrems: Array<{ key: string; member: string }>;
  /**
   * Deleted only when every named field holds one of the allowed values ('' = absent; a value is
   * compared by its first `|` part): the `fields` named, or the whole key when none are.
   */
  ifDels: Array<{ key: string; when: Record<string, string[]>; fields?: string[] }>;
  records: SealedRecord[];
  /** Record only if `hdels` removed something (a deletion that found nothing left did not happen). */
  fieldsMustGo?: boolean;
  /** A case that goes: its 'verwijderd' event in the outbox, made before it goes. */
  caseEvent?: { caseKey: string; now: Date };
}

/** Returns false when the guard no longer held (nothing deleted, nothing recorded). */
export async function deleteGuarded(redis: Redis, d: GuardedDeletion): Promise<boolean> {
  const keys = [auditKeys.counter, auditKeys.stream];
  const at = (key: string) => {
    let i = keys.indexOf(key);
    if (i < 0) i = keys.push(key) - 1;
    return i + 1;
  };
  const plan = {
    guards: d.guards.map((g) => [at(g.key), g.field, g.expected]),
    dels: d.dels.map(at),
    hdels: (d.hdels ?? []).filter((h) => h.fields.length > 0).map((h) => [at(h.key), h.fields]),
    zrems: d.zrems.map((z) => [at(z.key), z.member]),
    ifDels: d.ifDels.map((c) => [at(c.key), Object.entries(c.when).map(([field, allowed]) => [field, ...allowed]), ...(c.fields?.length ? [c.fields] : [])]),
    fieldsMustGo: d.fieldsMustGo ?? false,
    ...(d.caseEvent && !d.fieldsMustGo ? { event: [at(d.caseEvent.caseKey), at(notificationKeys.outbox), d.caseEvent.now.getTime()] } : {}),
  };
  // cjson turns an empty Lua table into {}, which ipairs walks as empty: fine either way.
  const first = await runDeletion(redis, keys, [JSON.stringify(plan), ...recordArgs(d.records)]);
  return first !== -1;
}
