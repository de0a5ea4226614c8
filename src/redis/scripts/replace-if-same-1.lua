--[[
  Replace one hash field only if it still holds what was read (a compare-and-set without WATCH):
  re-wrapping a contact blob after a key rotation must not overwrite a blob that changed
  meanwhile. (src/privacy/rewrap-store.ts, rewrapMunicipality)

  KEYS[1] the case

  ARGV[1] field
  ARGV[2] the value read
  ARGV[3] the new value

  Returns 1 when replaced, 0 when the field held something else.
]]
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
