--[[
  Record a contact attempt on a claimed case. The attempt joins the list inside Redis (no
  read-modify-write in between that could lose a concurrent one). The list is JSON; the new
  element is spliced in as sent, so earlier ones stay byte for byte what they were. The first
  attempt that reached the resident raises the team lead's counters. (src/cases/actions.ts,
  recordContactAttempt)

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] case
  KEYS[4] the municipality's leases
  KEYS[5] the municipality's open queue
  KEYS[6] the outbox
  KEYS[7] this month's figures

  ARGV[1] claimant (sub)
  ARGV[2] now (ms)
  ARGV[3] new lease end (ms)
  ARGV[4] zaakId
  ARGV[5] signal key prefix
  ARGV[6] position of the lapse records' arguments
  ARGV[7] position of the attempt's records' arguments
  ARGV[8] the attempt (JSON)
  ARGV[9] its first-contact figures (JSON array; empty for an attempt that reached no one)
  ARGV[10…] the lapse records, then the attempt's records (recordArgs each)

  Returns:
    {'ok', case hash as HGETALL}  recorded, lease renewed
    {'geen-toegang'}              not claimed by this claimant
    {'claim-verlopen'}            the claim had lapsed: the case went back to the queue, recorded
]]
--- @include "action-prelude"
--- @include "count-figures"
appendRecords(tonumber(ARGV[7]))
renew()
local list = redis.call('HGET', KEYS[3], 'contactpogingen')
local function reachedBefore()
  for _, earlier in ipairs(cjson.decode(list or '[]')) do
    if earlier.bereikt == true then return true end
  end
  return false
end
local figures = cjson.decode(ARGV[9])
if #figures > 0 and not reachedBefore() then countFigures(KEYS[7], figures) end
if not list or list == '[]' then list = '[' .. ARGV[8] .. ']' else list = string.sub(list, 1, -2) .. ',' .. ARGV[8] .. ']' end
redis.call('HSET', KEYS[3], 'contactpogingen', list)
emitCaseEvent(OUTBOX, KEYS[3], 'contactpoging', ARGV[2], {})
return {'ok', caseHash()}
