--[[
  Fragment: backToQueue(caseKey, leasesKey, openKey, zaakId) — a claimed case back in its
  municipality's queue (a lapse or a release): open, no claimant, at the place it had
  (`wachtrijscore`, which a crisis signal joining meanwhile may have moved up). Shared by the claim
  and the case actions, so a case goes back the same way everywhere.
]]
local function backToQueue(caseKey, leasesKey, openKey, zaakId)
  redis.call('HSET', caseKey, 'status', 'open')
  redis.call('HDEL', caseKey, 'claimant', 'leaseTot')
  redis.call('ZREM', leasesKey, zaakId)
  local score = redis.call('HGET', caseKey, 'wachtrijscore')
  if score then redis.call('ZADD', openKey, score, zaakId) end
end
