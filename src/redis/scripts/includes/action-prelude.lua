--[[
  Fragment: what every action on a claimed case (reveal, contact attempt, release, close) shares:
  check the claim before the action writes its data and its audit record.

  The claim holds only for its claimant and only until `leaseTot`. A claim found lapsed is given
  back to the queue right there, with its `claim-verlopen` record, and the action is refused: a
  lapsed lease does not keep working for its old claimant until someone else claims.

  Uses KEYS[1] audit counter, KEYS[2] audit stream, KEYS[3] case, KEYS[4] leases, KEYS[5] open
  queue, KEYS[6] the outbox (OUTBOX: a lapse is a case event, and so is each action that changes
  the case); ARGV[1] claimant, ARGV[2] now (ms), ARGV[3] new lease end (ms), ARGV[4] zaakId, ARGV[6]
  position of the lapse record's arguments. Returns from the script, before the action's own
  part, {'geen-toegang'} or {'claim-verlopen'}; gives the action renew() and caseHash().
]]
--- @include "append-records"
--- @include "back-to-queue"
--- @include "outbox"
local OUTBOX = KEYS[6]
local function refusal()
  if redis.call('HGET', KEYS[3], 'status') ~= 'opgepakt' or redis.call('HGET', KEYS[3], 'claimant') ~= ARGV[1] then return 'geen-toegang' end
  if tonumber(redis.call('HGET', KEYS[3], 'leaseTot') or '0') <= tonumber(ARGV[2]) then
    backToQueue(KEYS[3], KEYS[4], KEYS[5], ARGV[4])
    appendRecords(tonumber(ARGV[6]))
    emitCaseEvent(OUTBOX, KEYS[3], 'vrijgegeven', ARGV[2], {})
    return 'claim-verlopen'
  end
  return nil
end
local function renew()
  redis.call('HSET', KEYS[3], 'leaseTot', ARGV[3])
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
end
local function caseHash()
  return redis.call('HGETALL', KEYS[3])
end
local refused = refusal()
if refused then return {refused} end
