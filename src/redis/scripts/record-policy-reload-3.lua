--[[
  Record a policy reload once across every instance sharing this Redis: put the new revision in
  force and append its decision record ('beleid/herladen') together — only when the revision
  differs from the one in force. A reload sent to several instances at once (SIGHUP to each)
  thus leaves one record, and an instance catching up with a reload another recorded leaves
  none. The record names the revision read before (ARGV[2]) as the old one, so the script
  refuses when that is no longer what is stored; the caller reads again and retries. A recorded
  reload is published on the reload channel in the same step, so no instance misses one that
  was recorded while it listened. (src/policy/reload.ts, recordPolicyReload)

  KEYS[1] audit counter
  KEYS[2] audit stream
  KEYS[3] the policy revision in force

  ARGV[1] the new revision
  ARGV[2] the revision the caller read as in force ('' when none was stored yet)
  ARGV[3] the reload channel
  ARGV[4] the message published on it
  ARGV[5…] the decision record (recordArgs: group count, then per group: record count, packed
           content, leaves, facts)

  Returns the record's index when recorded; -1 when ARGV[1] is in force already (nothing
  written); -2 when the stored revision is no longer ARGV[2] (nothing written: read again).
]]
--- @include "append-records"
local stored = redis.call('GET', KEYS[3])
if stored == ARGV[1] then return -1 end
if (stored or '') ~= ARGV[2] then return -2 end
local index = appendRecords(5)
redis.call('SET', KEYS[3], ARGV[1])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return index
