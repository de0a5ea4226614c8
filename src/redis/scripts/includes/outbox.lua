--[[
  Fragment: emitCaseEvent(outboxKey, caseKey, kind, nowMs, signalen) — the transactional outbox
  (src/notifications/outbox.ts). A script that changes a case appends the event of that change
  here, so an event exists if and only if its change does. The case's own counter `sq` numbers
  its events (a receiver orders them by it, and `<zaakId>.<sq>` is the event's id). The event
  carries the case as it now is, pseudonymous only; `signalen` lists each signal whose outward
  status this change set ({signaalId, id, partnerOin, status}), for the partners' terugmelding.
]]
local function emitCaseEvent(outboxKey, caseKey, kind, nowMs, signalen)
  local h = redis.call('HMGET', caseKey, 'zaakId', 'gemeentecode', 'status', 'aanbodtermijn', 'eindresultaat', 'signalen')
  if not h[1] then return end
  local partnerTypes, seen = {}, {}
  for _, s in ipairs(cjson.decode(h[6] or '[]')) do
    if s.partnerType and not seen[s.partnerType] then
      seen[s.partnerType] = true
      partnerTypes[#partnerTypes + 1] = s.partnerType
    end
  end
  local zaak = {status = h[3], partnerTypes = partnerTypes}
  if h[4] then zaak.aanbodtermijn = h[4] end
  if h[5] then zaak.eindresultaat = h[5] end
  local sequence = redis.call('HINCRBY', caseKey, 'sq', 1)
  local event = {type = kind, t = tonumber(nowMs), zaakId = h[1], gemeentecode = h[2], zaak = zaak, signalen = signalen or {}}
  redis.call('XADD', outboxKey, '*', 'sq', sequence, 'e', cjson.encode(event))
end

--[[
  emitSignalEvent(outboxKey, signalKey, nowMs, signal): a repeat that joined no case is 'niet
  opgepakt' at once; its partner hears so like any other (the event has no case, so no
  municipality is told). Numbered by the signal's own counter: its id is `<signaalId>.<sq>`.
]]
local function emitSignalEvent(outboxKey, signalKey, nowMs, signal)
  local sequence = redis.call('HINCRBY', signalKey, 'sq', 1)
  local event = {type = 'herhaald', t = tonumber(nowMs), zaakId = '', signaalId = signal.signaalId,
    gemeentecode = redis.call('HGET', signalKey, 'gemeentecode'), zaak = {status = 'niet opgepakt'}, signalen = {signal}}
  redis.call('XADD', outboxKey, '*', 'sq', sequence, 'e', cjson.encode(event))
end
