--[[
  Everything a 202 promises, for a chunk of signals at once: per signal the idempotency claim,
  the signal, the case (new or combined), its worklist entry, the team lead's counters, its
  audit record and the case's outbox event. (src/intake/commit.ts, commitIntakes)

  All or nothing per chunk: first every signal is checked — its id not seen before, and the
  address state its plan was made for still holding (guards) — and only if all pass is anything
  written. The records of the whole chunk get consecutive indexes: a signal's first record is at
  the first index plus its offset.

  KEYS (as many as the plans name):
  KEYS[1] audit counter
  KEYS[2] audit pending stream
  KEYS[3] the outbox (notifications)
  KEYS[4…] every key the plans name, by position

  ARGV[1] JSON array, per signal: idem (position of its idempotency key), value (the idempotency
          value to store), offset (of its first record in the chunk), plan: guards {key, field,
          expected}, hashes {key, fields}, appends {key, field, JSON element}, zadds {key, score,
          member, 'XX' or ''}, auditIndexInto (key), figures {key, fields} (optional),
          event {case key (a caseless repeat: its signal key), kind, now (ms), the signal's
          outward status} (optional)
  ARGV[2…] the records of all signals, in order (append-records: group count, then per group
          record count, packed content, leaves, facts)

  Returns {1, first index} when written; else nothing is written and {0, {flag, value, …}} says
  per signal: 0 seen before (value: the earlier idempotency value), 2 stale (a guard failed),
  1 fine but held back by another.
]]
--- @include "append-records"
--- @include "count-figures"
--- @include "outbox"
local batch = cjson.decode(ARGV[1])
local verdicts = {}
local clean = true
for i, item in ipairs(batch) do
  local existing = redis.call('GET', KEYS[item.idem])
  if existing then
    verdicts[#verdicts + 1] = 0
    verdicts[#verdicts + 1] = existing
    clean = false
  else
    local fresh = 1
    for _, g in ipairs(item.plan.guards) do
      if (redis.call('HGET', KEYS[g[1]], g[2]) or '') ~= g[3] then fresh = 2 end
    end
    if fresh == 2 then clean = false end
    verdicts[#verdicts + 1] = fresh
    verdicts[#verdicts + 1] = ''
  end
end
if not clean then return {0, verdicts} end
local first = appendRecords(2)
for _, item in ipairs(batch) do
  local plan = item.plan
  redis.call('SET', KEYS[item.idem], item.value)
  for _, h in ipairs(plan.hashes) do
    local flat = {}
    for f, v in pairs(h[2]) do
      flat[#flat + 1] = f
      flat[#flat + 1] = v
    end
    redis.call('HSET', KEYS[h[1]], unpack(flat))
  end
  for _, a in ipairs(plan.appends) do
    local list = cjson.decode(redis.call('HGET', KEYS[a[1]], a[2]) or '[]')
    table.insert(list, cjson.decode(a[3]))
    redis.call('HSET', KEYS[a[1]], a[2], cjson.encode(list))
  end
  for _, z in ipairs(plan.zadds) do
    if z[4] == 'XX' then redis.call('ZADD', KEYS[z[1]], 'XX', z[2], z[3]) else redis.call('ZADD', KEYS[z[1]], z[2], z[3]) end
  end
  if plan.figures then countFigures(KEYS[plan.figures[1]], plan.figures[2]) end
  redis.call('HSET', KEYS[plan.auditIndexInto], 'auditIndex', string.format('%d', first + item.offset))
  if plan.event and plan.event[2] == 'herhaald' then emitSignalEvent(KEYS[3], KEYS[plan.event[1]], plan.event[3], plan.event[4])
  elseif plan.event then emitCaseEvent(KEYS[3], KEYS[plan.event[1]], plan.event[2], plan.event[3], {plan.event[4]}) end
end
return {1, string.format('%d', first)}