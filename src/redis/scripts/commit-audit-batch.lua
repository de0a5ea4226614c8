--[[
  Commit one sequencer batch into the Merkle tree, fenced: only the holder of the newest fencing
  token may write, and only on top of the size it read. Nodes, search indexes, the new size, the
  checkpoint and the removal of the batch from the pending stream happen in one script, so a
  crash leaves either all or nothing. (Record content is already in place: the append wrote it.)
  (src/audit/sequencer.ts, AuditSequencer.step)

  KEYS (as many as the batch needs):
  KEYS[1] fencing token
  KEYS[2] tree size
  KEYS[3] newest checkpoint
  KEYS[4] checkpoints by size
  KEYS[5] pending stream
  KEYS[6] when the newest checkpoint was committed (ms, Redis's clock: the metrics give its age)
  KEYS[7…] the tree levels and search index keys the operations below name by position

  ARGV[1] this leader's fencing token
  ARGV[2] the size the batch was computed on
  ARGV[3] the new size
  ARGV[4] the signed checkpoint
  ARGV[5] the first stream id not in the batch (XTRIM MINID)
  ARGV[6…] node count, then per node: key position, byte offset, 32-byte hash;
           ZADD count, then per ZADD: key position, score, member;
           HINCRBY count, then per HINCRBY: key position, field, amount

  Returns 'OK'; errors FENCED (another leader took over) or SIZE (the tree grew meanwhile).
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED') end
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[2]) then return redis.error_reply('SIZE') end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
local now = redis.call('TIME')
redis.call('SET', KEYS[6], string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
redis.call('XTRIM', KEYS[5], 'MINID', ARGV[5])
local pos = 6
local nodeCount = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, nodeCount do
  redis.call('SETRANGE', KEYS[tonumber(ARGV[pos])], tonumber(ARGV[pos + 1]), ARGV[pos + 2])
  pos = pos + 3
end
local zaddCount = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, zaddCount do
  redis.call('ZADD', KEYS[tonumber(ARGV[pos])], ARGV[pos + 1], ARGV[pos + 2])
  pos = pos + 3
end
local incrCount = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, incrCount do
  redis.call('HINCRBY', KEYS[tonumber(ARGV[pos])], ARGV[pos + 1], ARGV[pos + 2])
  pos = pos + 3
end
return 'OK'
