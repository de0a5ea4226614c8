--[[
  Release a claimed case: back to the queue at the place it had. (src/cases/actions.ts, releaseCase)

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] case
  KEYS[4] the municipality's leases
  KEYS[5] the municipality's open queue
  KEYS[6] the outbox

  ARGV[1] claimant (sub)
  ARGV[2] now (ms)
  ARGV[3] new lease end (ms; unused: the lease ends)
  ARGV[4] zaakId
  ARGV[5] signal key prefix
  ARGV[6] position of the lapse records' arguments
  ARGV[7] position of the release records' arguments
  ARGV[8…] the lapse records, then the release records (recordArgs each)

  Returns:
    {'ok', case hash as HGETALL}  released, recorded
    {'geen-toegang'}              not claimed by this claimant
    {'claim-verlopen'}            the claim had lapsed: the case went back to the queue, recorded
]]
--- @include "action-prelude"
appendRecords(tonumber(ARGV[7]))
backToQueue(KEYS[3], KEYS[4], KEYS[5], ARGV[4])
emitCaseEvent(OUTBOX, KEYS[3], 'vrijgegeven', ARGV[2], {})
return {'ok', caseHash()}
