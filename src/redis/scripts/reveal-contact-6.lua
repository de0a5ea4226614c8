--[[
  Reveal a claimed case's contact details: the audit record is appended before anything is read
  out for showing, in the same script that checks the claim; if the append fails, the script
  fails and nothing is shown. Answers the case hash (with its encrypted contact blobs) for the
  caller to decrypt. (src/cases/actions.ts, revealContact)

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] case
  KEYS[4] the municipality's leases
  KEYS[5] the municipality's open queue
  KEYS[6] the outbox (a lapse found here is a case event)

  ARGV[1] claimant (sub)
  ARGV[2] now (ms)
  ARGV[3] new lease end (ms)
  ARGV[4] zaakId
  ARGV[5] signal key prefix
  ARGV[6] position of the lapse records' arguments
  ARGV[7] position of the reveal records' arguments
  ARGV[8…] the lapse records, then the reveal records (recordArgs each)

  Returns:
    {'ok', case hash as HGETALL}  shown, lease renewed, record appended
    {'geen-gegevens'}             the case holds no contact details (nothing recorded)
    {'geen-toegang'}              not claimed by this claimant
    {'claim-verlopen'}            the claim had lapsed: the case went back to the queue, recorded
]]
--- @include "action-prelude"
local h = caseHash()
local any = false
for i = 1, #h, 2 do if string.sub(h[i], 1, 8) == 'contact:' then any = true end end
if not any then return {'geen-gegevens'} end
appendRecords(tonumber(ARGV[7]))
renew()
return {'ok', h}
