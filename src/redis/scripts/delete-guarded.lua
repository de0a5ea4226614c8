--[[
  One retention deletion, atomic: check that the item still has the expiry that was seen (a signal
  that joined the case meanwhile moved it), delete, and append the audit record — never a deletion
  without its record, nor a record of a deletion that did not happen.
  (src/retention/guarded-delete.ts, deleteGuarded)

  KEYS (as many as the plan names):
  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3…] the plan's keys, named in ARGV[1] by position

  ARGV[1] the plan (JSON; a key is named by its position in KEYS):
          guards = {{key, field, expected value ('' = absent)}, …}
          dels = {key, …}
          hdels = {{key, {field, …}}, …}
          zrems = {{key, member}, …}
          ifDels = {{key, {{field, allowed value, …}, …}, {field, …} or absent}, …}: when every
                   field allows (a value is compared by its first `|` part, as a partner's
                   history at an address starts with its signal), the named fields are removed
                   — or, when none are named, the key
          fieldsMustGo = true: record only if hdels removed something
          event = {case key, outbox key, now (ms)} (optional): the case's 'verwijderd' outbox
                  event, made from the case before it goes (never with fieldsMustGo)
  ARGV[2…] the records (recordArgs)

  Returns the first record's index; -1 when a guard no longer held, or when fieldsMustGo and
  no field was left to remove (nothing deleted, nothing recorded).
]]
--- @include "append-records"
--- @include "outbox"
local plan = cjson.decode(ARGV[1])
for _, g in ipairs(plan.guards) do
  if (redis.call('HGET', KEYS[g[1]], g[2]) or '') ~= g[3] then return -1 end
end
if plan.event then emitCaseEvent(KEYS[plan.event[2]], KEYS[plan.event[1]], 'verwijderd', plan.event[3], {}) end
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
    local v = string.match(redis.call('HGET', KEYS[c[1]], cond[1]) or '', '^[^|]*')
    local hit = false
    for i = 2, #cond do if v == cond[i] then hit = true end end
    if not hit then ok = false end
  end
  if ok and c[3] then redis.call('HDEL', KEYS[c[1]], unpack(c[3]))
  elseif ok then redis.call('DEL', KEYS[c[1]]) end
end
return appendRecords(2)
