--[[
  Fragment: appendRecords(pos) — append audit records (see src/audit/append.ts, recordArgs).

  Indexes are assigned inside the same atomic script that stores the content, so they are
  consecutive with no gaps and the stream order equals index order — which the Merkle sequencer
  relies on. Content goes straight to its bucket as a compressed group (the index is known only
  here, hence the bucket key is built here, from the auditContentPrefix constant); the stream gets one
  entry per group with just what the sequencer needs: the first index, the 32-byte leaf data of
  each record, and their search facts. A record thus crosses the wire once, compressed.

  Uses KEYS[1] audit counter, KEYS[2] audit stream (every script that includes it passes these
  first). At ARGV[pos]: the group count, then per group: record count, packed content, leaves,
  facts. Returns the first index.
]]
local function appendRecords(pos)
  local groups = tonumber(ARGV[pos])
  pos = pos + 1
  local first
  for g = 1, groups do
    local n = tonumber(ARGV[pos])
    local head = redis.call('INCRBY', KEYS[1], n) - n
    if not first then first = head end
    local id = string.format('%d', head)
    redis.call('HSET', {{auditContentPrefix}} .. string.format('%d', math.floor(head / {{auditContentBucketSize}})), 'g:' .. id, ARGV[pos + 1])
    redis.call('XADD', KEYS[2], '*', 'index', id, 'leaves', ARGV[pos + 2], 'facts', ARGV[pos + 3])
    pos = pos + 4
  end
  return first
end
