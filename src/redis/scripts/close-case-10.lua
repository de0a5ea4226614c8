--[[
  Close a claimed case in one step: the final fields, the contact blobs re-wrapped under their
  period key, the claim and lease gone, both expiry indexes, the address's memory of the closing,
  the partners' status, the team lead's count of its end result, and the record. The re-wrap needs
  keys, so it is computed before, from the blobs read then; the script refuses ('gewijzigd')
  unless exactly those blobs are still there — a blob that joined or went meanwhile would
  otherwise escape crypto-shredding or come back. (src/cases/close.ts, closeCase)

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] case
  KEYS[4] the municipality's leases
  KEYS[5] the municipality's open queue
  KEYS[6] the outbox
  KEYS[7] contact expiry index
  KEYS[8] case facts expiry index
  KEYS[9] the address
  KEYS[10] this month's figures

  ARGV[1] claimant (sub)
  ARGV[2] now (ms)
  ARGV[3] new lease end (ms; unused: the lease ends)
  ARGV[4] zaakId
  ARGV[5] signal key prefix
  ARGV[6] position of the lapse records' arguments
  ARGV[7] position of the close records' arguments
  ARGV[8] fields to set (JSON object)
  ARGV[9] the contact blobs read (JSON object: field → blob)
  ARGV[10] contact expiry (ms)
  ARGV[11] case facts expiry (ms)
  ARGV[12] closed at (ISO)
  ARGV[13] partner status
  ARGV[14] the close's figures (JSON array)
  ARGV[15…] the lapse records, then the close records (recordArgs each)

  Returns:
    {'ok', case hash as HGETALL}  closed, recorded, counted
    {'gewijzigd'}                 the contact blobs changed since they were read (try again)
    {'geen-toegang'}              not claimed by this claimant
    {'claim-verlopen'}            the claim had lapsed: the case went back to the queue, recorded
]]
--- @include "action-prelude"
--- @include "partner-status"
--- @include "count-figures"
local expected = cjson.decode(ARGV[9])
local h = caseHash()
local left = 0
for _ in pairs(expected) do left = left + 1 end
for i = 1, #h, 2 do
  if string.sub(h[i], 1, 8) == 'contact:' then
    if expected[h[i]] ~= h[i + 1] then return {'gewijzigd'} end
    left = left - 1
  end
end
if left ~= 0 then return {'gewijzigd'} end
appendRecords(tonumber(ARGV[7]))
local flat = {}
for f, v in pairs(cjson.decode(ARGV[8])) do
  flat[#flat + 1] = f
  flat[#flat + 1] = v
end
redis.call('HSET', KEYS[3], unpack(flat))
redis.call('HDEL', KEYS[3], 'claimant', 'leaseTot')
redis.call('ZREM', KEYS[4], ARGV[4])
redis.call('ZADD', KEYS[7], ARGV[10], ARGV[4])
redis.call('ZADD', KEYS[8], ARGV[11], ARGV[4])
redis.call('HSET', KEYS[9], 'gesloten', ARGV[12])
if redis.call('HGET', KEYS[9], 'open') == ARGV[4] then redis.call('HDEL', KEYS[9], 'open') end
countFigures(KEYS[10], cjson.decode(ARGV[14]))
emitCaseEvent(OUTBOX, KEYS[3], 'afgesloten', ARGV[2], setPartnerStatus(KEYS[3], ARGV[5], ARGV[13]))
return {'ok', caseHash()}
