--[[
  Delete the outbox entries the relay moved into delivery jobs — only while the caller still
  leads (fenced like the audit sequencer: a paused ex-leader trims nothing). A replay after a
  crash between adding the jobs and this trim adds nothing twice: the jobs carry the event id.
  (src/notifications/relay.ts)

  KEYS[1] the relay's fencing token
  KEYS[2] the outbox stream

  ARGV[1] the caller's fencing token
  ARGV[2…] the stream ids moved

  Returns the number deleted; -1 when the caller no longer leads (nothing deleted).
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
return redis.call('XDEL', KEYS[2], unpack(ARGV, 2))
