import type { Redis } from 'ioredis';
import { auditKeys, luaAppendRecords, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { luaScript } from '../redis/script.js';

/**
 * One atomic script per deletion: check that the item still has the expiry we saw (a signal that
 * joined the case meanwhile moved it), delete, and append the audit record — so there is never a
 * deletion without its record, nor a record of a deletion that did not happen.
 *
 * KEYS: audit counter, audit stream, then the plan's keys. ARGV: plan (JSON), records (see recordArgs).
 */
const script = `${luaAppendRecords}
local plan = cjson.decode(ARGV[1])
local g = plan.guard
if (redis.call('HGET', KEYS[g[1]], g[2]) or '') ~= g[3] then return -1 end
for _, k in ipairs(plan.dels) do redis.call('DEL', KEYS[k]) end
local removed = 0
for _, h in ipairs(plan.hdels) do removed = removed + redis.call('HDEL', KEYS[h[1]], unpack(h[2])) end
for _, z in ipairs(plan.zrems) do redis.call('ZREM', KEYS[z[1]], z[2]) end
-- Two deleters that read the same state (the sweeper and a job) both pass the guard; the
-- second finds the fields gone and records nothing.
if plan.fieldsMustGo and removed == 0 then return -1 end
for _, c in ipairs(plan.ifDels) do
  local ok = true
  for _, cond in ipairs(c[2]) do
    local v = redis.call('HGET', KEYS[c[1]], cond[1]) or ''
    local hit = false
    for i = 2, #cond do if v == cond[i] then hit = true end end
    if not hit then ok = false end
  end
  if ok then redis.call('DEL', KEYS[c[1]]) end
end
return appendRecords(2)`;
const runDeletion = luaScript<number>(script);

export interface GuardedDeletion {
  /** The hash field that must still hold this value ('' = absent), or nothing is deleted. */
  guard: { key: string; field: string; expected: string };
  dels: string[];
  hdels?: Array<{ key: string; fields: string[] }>;
  zrems: Array<{ key: string; member: string }>;
  /** Keys deleted only when every named field holds one of the allowed values ('' = absent). */
  ifDels: Array<{ key: string; when: Record<string, string[]> }>;
  records: SealedRecord[];
  /** Record only if `hdels` removed something (a deletion that found nothing left did not happen). */
  fieldsMustGo?: boolean;
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
    guard: [at(d.guard.key), d.guard.field, d.guard.expected],
    dels: d.dels.map(at),
    hdels: (d.hdels ?? []).filter((h) => h.fields.length > 0).map((h) => [at(h.key), h.fields]),
    zrems: d.zrems.map((z) => [at(z.key), z.member]),
    ifDels: d.ifDels.map((c) => [at(c.key), Object.entries(c.when).map(([field, allowed]) => [field, ...allowed])]),
    fieldsMustGo: d.fieldsMustGo ?? false,
  };
  // cjson turns an empty Lua table into {}, which ipairs walks as empty: fine either way.
  const first = await runDeletion(redis, keys, [JSON.stringify(plan), ...recordArgs(d.records)]);
  return first !== -1;
}
