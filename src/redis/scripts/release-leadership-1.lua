--[[
  Give up a single-leader lock (audit sequencer, outbox relay) if this instance holds it, so a
  standby takes over at once rather than waiting out the lease. (src/audit/sequencer.ts, stop;
  src/notifications/relay.ts)

  KEYS[1] leader lock

  ARGV[1] this instance's id

  Returns 1 when the lock was released, 0 when another instance held it (or nobody).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
