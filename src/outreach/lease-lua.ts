/**
 * Lua fragments shared by the claim script and the case-action scripts (cases/actions.ts), so a
 * case goes back to its queue and partners learn its status the same way everywhere.
 */

/**
 * A claimed case back in its municipality's queue (a lapse or a release): open, no claimant, at
 * the place it had (`wachtrijscore`, which a crisis signal joining meanwhile may have moved up).
 */
export const luaBackToQueue = `
local function backToQueue(caseKey, leasesKey, openKey, zaakId)
  redis.call('HSET', caseKey, 'status', 'open')
  redis.call('HDEL', caseKey, 'claimant', 'leaseTot')
  redis.call('ZREM', leasesKey, zaakId)
  local score = redis.call('HGET', caseKey, 'wachtrijscore')
  if score then redis.call('ZADD', openKey, score, zaakId) end
end
`;

/**
 * What each partner whose signal is in the case sees (GET /v1/vroegsignalen/{id}). A signal whose
 * facts already went (retention) is not brought back as a hash holding only a status.
 */
export const luaPartnerStatus = `
local function setPartnerStatus(caseKey, signalPrefix, status)
  local signals = cjson.decode(redis.call('HGET', caseKey, 'signalen') or '[]')
  for _, s in ipairs(signals) do
    local key = signalPrefix .. s.signaalId
    if redis.call('EXISTS', key) == 1 then redis.call('HSET', key, 'status', status) end
  end
end
`;
