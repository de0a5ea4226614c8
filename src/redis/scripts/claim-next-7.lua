--[[
  Claim the best open case of one municipality's queue (src/outreach/claims.ts, claimNext):
  lapsed leases go back first, then the best open case is leased to the caller — each with its
  audit record, and the partners' signal status with it. Redis runs scripts one at a time, so a
  case is never handed to two workers.

  The caller prepares the records of every case the script may touch (the lapsed leases and the
  best few open cases it read); should the best case be one it did not prepare, the script
  changes nothing more and answers 'stale'. A claim names its request (KEYS[5]): ioredis re-sends
  a script whose reply was lost on reconnect, and the re-run must answer the same case. A case's
  first claim raises the team lead's counters.

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] the municipality's open queue
  KEYS[4] the municipality's leases
  KEYS[5] this claim request (the case it got, ten minutes)
  KEYS[6] this month's figures
  KEYS[7] the outbox (each lapse and the claim as a case event)

  ARGV[1] now (ms)
  ARGV[2] lease end (ms)
  ARGV[3] claimant (sub)
  ARGV[4] case key prefix
  ARGV[5] now (ISO)
  ARGV[6] signal key prefix
  ARGV[7] number of prepared entries
  ARGV[8…] per entry: zaakId, 'L' (lapse) or 'C' (claim), its records (recordArgs: group count,
           four per group); last, the first-claim figures (JSON: zaakId → fields)

  Returns:
    {'ok', zaakId, lapsed ids}  claimed (or the request's earlier answer, with no lapsed ids)
    {'ok', false, lapsed ids}   the queue is empty
    {'stale', false, lapsed ids} the best case was not prepared: read again, wider
]]
--- @include "append-records"
--- @include "back-to-queue"
--- @include "partner-status"
--- @include "count-figures"
--- @include "outbox"
local earlier = redis.call('GET', KEYS[5])
if earlier then return {'ok', earlier, {}} end
local lapseAt, claimAt = {}, {}
local pos = 8
for _ = 1, tonumber(ARGV[7]) do
  if ARGV[pos + 1] == 'L' then lapseAt[ARGV[pos]] = pos + 2 else claimAt[ARGV[pos]] = pos + 2 end
  -- zaakId, kind, then the records' arguments: a group count and four per group (recordArgs).
  pos = pos + 3 + 4 * tonumber(ARGV[pos + 2])
end
local firstClaimFigures = cjson.decode(ARGV[pos])
local lapsed = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1])) do
  local key = ARGV[4] .. id
  if redis.call('HGET', key, 'status') ~= 'opgepakt' then
    redis.call('ZREM', KEYS[4], id)
  elseif lapseAt[id] then
    backToQueue(key, KEYS[4], KEYS[3], id)
    appendRecords(lapseAt[id])
    emitCaseEvent(KEYS[7], key, 'vrijgegeven', ARGV[1], {})
    lapsed[#lapsed + 1] = id
  end
end
while true do
  local top = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  if #top == 0 then return {'ok', false, lapsed} end
  local id = top[1]
  local key = ARGV[4] .. id
  if redis.call('HGET', key, 'status') ~= 'open' then
    redis.call('ZREM', KEYS[3], id)
  elseif not claimAt[id] then
    return {'stale', false, lapsed}
  else
    redis.call('ZREM', KEYS[3], id)
    redis.call('HSET', key, 'status', 'opgepakt', 'claimant', ARGV[3], 'leaseTot', ARGV[2], 'wachtrijscore', top[2])
    if redis.call('HSETNX', key, 'datumOpgepakt', ARGV[5]) == 1 and firstClaimFigures[id] then countFigures(KEYS[6], firstClaimFigures[id]) end
    redis.call('ZADD', KEYS[4], ARGV[2], id)
    redis.call('SET', KEYS[5], id, 'PX', 600000)
    appendRecords(claimAt[id])
    emitCaseEvent(KEYS[7], key, 'opgepakt', ARGV[1], setPartnerStatus(key, ARGV[6], 'in behandeling'))
    return {'ok', id, lapsed}
  end
end
