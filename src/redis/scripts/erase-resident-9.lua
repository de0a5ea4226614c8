--[[
  Erase one resident from one case at their request (AVG art. 17), checking, writing and
  appending the audit record together (src/cases/erase.ts, eraseResidentFromCase).

  Only the requester's signals lose their contact details (and are marked `gewist`); a
  housemate's stay. The case leaves the queue (status `gewist`) only when no contact details of
  anyone remain; then the address's `open` pointer goes too, if it points here, so a later signal
  opens a new case rather than joining one in no queue. A closed case keeps its status (its
  outcome is a DDAS fact). The person's signals are read here, so a signal that joined after the
  request was planned is erased too, and a housemate's never is.

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] case
  KEYS[4] the municipality's open queue
  KEYS[5] the municipality's leases
  KEYS[6] contact expiry index
  KEYS[7] the address
  KEYS[8] the outbox (an erasure is a case event)
  KEYS[9] the municipality's signals for the DDAS delivery (an erased signal can no longer name its client)

  ARGV[1] the person's pseudonyms (JSON array: one per key in the ring)
  ARGV[2] now (ISO)
  ARGV[3] zaakId
  ARGV[4] now (ms)
  ARGV[5…] the records (recordArgs)

  Returns {found (0/1), signals erased, case taken out of the queue (0/1)}; nothing is written or
  recorded when the case is not found.
]]
--- @include "append-records"
--- @include "outbox"
if redis.call('EXISTS', KEYS[3]) == 0 then return {0, 0, 0} end
local mine = {}
for _, p in ipairs(cjson.decode(ARGV[1])) do mine[p] = true end
local casePerson = redis.call('HGET', KEYS[3], 'persoonPseudonym')
local signals = cjson.decode(redis.call('HGET', KEYS[3], 'signalen') or '[]')
local erased = 0
for i, s in ipairs(signals) do
  -- As signalPerson (case.ts): a signal without its person is the case's creator's only if it opened the case.
  local person = s.persoonPseudonym
  if person == nil and i == 1 then person = casePerson end
  if person and mine[person] then
    redis.call('HDEL', KEYS[3], 'contact:' .. s.signaalId)
    redis.call('ZREM', KEYS[9], s.signaalId)
    if s.gewist == nil then s.gewist = ARGV[2] end
    erased = erased + 1
  end
end
if erased > 0 then redis.call('HSET', KEYS[3], 'signalen', cjson.encode(signals)) end
local remaining = 0
for _, f in ipairs(redis.call('HKEYS', KEYS[3])) do
  if string.sub(f, 1, 8) == 'contact:' then remaining = remaining + 1 end
end
local outOfQueue = 0
if remaining == 0 then
  local status = redis.call('HGET', KEYS[3], 'status')
  -- A closed case keeps its status: its outcome is a DDAS fact. Open or claimed work ends here.
  if status == 'open' or status == 'opgepakt' then
    redis.call('HSET', KEYS[3], 'status', 'gewist')
    redis.call('HDEL', KEYS[3], 'claimant', 'leaseTot')
    redis.call('ZREM', KEYS[4], ARGV[3])
    redis.call('ZREM', KEYS[5], ARGV[3])
    outOfQueue = 1
  end
  if redis.call('HEXISTS', KEYS[3], 'gewist') == 0 then redis.call('HSET', KEYS[3], 'gewist', ARGV[2]) end
  -- Nothing left for the retention job to delete.
  redis.call('ZREM', KEYS[6], ARGV[3])
  if redis.call('HGET', KEYS[7], 'open') == ARGV[3] then redis.call('HDEL', KEYS[7], 'open') end
end
appendRecords(5)
if erased > 0 then emitCaseEvent(KEYS[8], KEYS[3], 'gewist', ARGV[4], {}) end
return {1, erased, outOfQueue}
