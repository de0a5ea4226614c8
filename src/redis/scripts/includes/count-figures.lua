--[[
  Fragment: countFigures(figuresKey, fields) — raise the team lead's counters in the same atomic
  step as the change itself: no event without its count, no count without its event. The fields
  are decided in TypeScript (src/reporting/fields.ts); the script decides only *whether* (a first
  claim, a first reached attempt), since only it sees the state at that moment.
]]
local function countFigures(figuresKey, fields)
  for _, field in ipairs(fields) do redis.call('HINCRBY', figuresKey, field, 1) end
end
