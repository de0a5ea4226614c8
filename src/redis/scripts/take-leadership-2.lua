--[[
  Take a single-leader lock (the audit sequencer's, the outbox relay's), or renew it if it is
  ours; the fencing token grows with every new leader. (src/audit/sequencer.ts, claimLeadership;
  src/notifications/relay.ts)

  KEYS[1] leader lock
  KEYS[2] fencing token counter

  ARGV[1] this instance's id
  ARGV[2] lease (ms)

  Returns the fencing token (string) while this instance leads; false (nil) when another does.
]]
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return redis.call('GET', KEYS[2])
end
if holder then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return tostring(redis.call('INCR', KEYS[2]))
