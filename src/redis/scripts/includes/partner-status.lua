--[[
  Fragment: setPartnerStatus(caseKey, signalPrefix, status) — what each partner whose signal is in
  the case sees (GET /v1/vroegsignalen/{id}). A signal whose facts already went (retention) is not
  brought back as a hash holding only a status. Returns the signals it set, as the outbox event
  lists them ({signaalId, id, partnerOin, status}): the terugmelding says the same as the endpoint.
]]
local function setPartnerStatus(caseKey, signalPrefix, status)
  local signals = cjson.decode(redis.call('HGET', caseKey, 'signalen') or '[]')
  local set = {}
  for _, s in ipairs(signals) do
    local key = signalPrefix .. s.signaalId
    if redis.call('EXISTS', key) == 1 then
      redis.call('HSET', key, 'status', status)
      set[#set + 1] = {signaalId = s.signaalId, id = redis.call('HGET', key, 'id'), partnerOin = s.partnerOin, status = status}
    end
  end
  return set
end
