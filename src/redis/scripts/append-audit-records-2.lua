--[[
  Append audit records on their own (e.g. a refused signal's decision, a sweep's deletions;
  src/audit/append.ts, appendAuditRecords).

  KEYS[1] audit counter
  KEYS[2] audit stream

  ARGV[1…] the records (recordArgs: group count, then per group: record count, packed content,
           leaves, facts)

  Returns the first record's index.
]]
--- @include "append-records"
return appendRecords(1)
