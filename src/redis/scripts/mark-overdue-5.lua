--[[
  Mark one case overdue when its offer deadline timer fires (src/outreach/overdue.ts): only if it
  is still open and unclaimed, not marked before, and its deadline (which a crisis signal may
  have moved) is the one that passed or earlier — so a timer that fires late, twice, or for a
  case claimed meanwhile changes nothing. Marking counts for the team lead, is recorded, and is
  a case event, all in this one step.

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] case
  KEYS[4] the outbox
  KEYS[5] the month's figures (of the day the deadline passed)

  ARGV[1] the deadline that passed (YYYY-MM-DD)
  ARGV[2] now (ms)
  ARGV[3] now (ISO)
  ARGV[4] the figures to raise (JSON array)
  ARGV[5…] the records (recordArgs)

  Returns 1 when marked, 0 when nothing was to be done (nothing written or recorded).
]]
--- @include "append-records"
--- @include "count-figures"
--- @include "outbox"
local h = redis.call('HMGET', KEYS[3], 'status', 'verlopen', 'aanbodtermijn')
if h[1] ~= 'open' or h[2] or not h[3] or h[3] > ARGV[1] then return 0 end
redis.call('HSET', KEYS[3], 'verlopen', ARGV[3])
countFigures(KEYS[5], cjson.decode(ARGV[4]))
appendRecords(5)
emitCaseEvent(KEYS[4], KEYS[3], 'termijn-verstreken', ARGV[2], {})
return 1
