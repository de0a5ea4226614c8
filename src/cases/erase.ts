import type { Redis } from 'ioredis';
import { auditKeys, luaAppendRecords, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { caseKeys, outreachKeys, retentionKeys } from '../redis/keys.js';
import { luaScript } from '../redis/script.js';

/**
 * Erasure at a resident's request (AVG art. 17), one case at a time, in one atomic script that
 * checks, writes and appends its audit record together.
 *
 * A combined (meervoudig) case holds signals about several residents of one address. Only the
 * requester's signals lose their contact details (and are marked `gewist`); a housemate's stay,
 * because the housemate did not ask and is still owed the offer of help. The case therefore
 * leaves the queue (status `gewist`) only when no contact details of anyone remain in it: a case
 * nobody can be reached for is no work, while a case with a housemate's details still is.
 *
 * When the case leaves the queue the address's `open` pointer goes too, if it points here:
 * otherwise a later signal for this address (the erased resident's own included) would join a
 * case that is in no queue and never reach a worker. Without the pointer it opens a new case.
 * The address's `gesloten` stays as it was: an erased case was not closed with an outcome.
 *
 * Pseudonymous case facts stay until their own term: the DDAS report is a legal duty (art. 17(3)(b)).
 * The person's signals are read inside the script, so a signal that joined after the request was
 * planned is erased too, and a housemate's never is.
 *
 * KEYS: audit counter, audit stream, case, open queue, leases, contact expiry index, address.
 * ARGV: the person's pseudonyms (JSON array: one per key in the ring), now (ISO), zaakId, records.
 * Returns {found (0/1), signals erased, case taken out of the queue (0/1)}.
 */
const eraseScript = `${luaAppendRecords}
if redis.call('EXISTS', KEYS[3]) == 0 then return {0, 0, 0} end
local mine = {}
for _, p in ipairs(cjson.decode(ARGV[1])) do mine[p] = true end
local casePerson = redis.call('HGET', KEYS[3], 'persoonPseudonym')
local signals = cjson.decode(redis.call('HGET', KEYS[3], 'signalen') or '[]')
local erased = 0
for i, s in ipairs(signals) do
  -- As signalPerson (case.ts): a signal without its person is the case's creator's only if it opened the case.
  local person = s.persoonPseudonym
  if person == nil and i == 1 then person = casePerson end
  if person and mine[person] then
    redis.call('HDEL', KEYS[3], 'contact:' .. s.signaalId)
    if s.gewist == nil then s.gewist = ARGV[2] end
    erased = erased + 1
  end
end
if erased > 0 then redis.call('HSET', KEYS[3], 'signalen', cjson.encode(signals)) end
local remaining = 0
for _, f in ipairs(redis.call('HKEYS', KEYS[3])) do
  if string.sub(f, 1, 8) == 'contact:' then remaining = remaining + 1 end
end
local outOfQueue = 0
if remaining == 0 then
  local status = redis.call('HGET', KEYS[3], 'status')
  -- A closed case keeps its status: its outcome is a DDAS fact. Open or claimed work ends here.
  if status == 'open' or status == 'opgepakt' then
    redis.call('HSET', KEYS[3], 'status', 'gewist')
    redis.call('HDEL', KEYS[3], 'claimant', 'leaseTot')
    redis.call('ZREM', KEYS[4], ARGV[3])
    redis.call('ZREM', KEYS[5], ARGV[3])
    outOfQueue = 1
  end
  if redis.call('HEXISTS', KEYS[3], 'gewist') == 0 then redis.call('HSET', KEYS[3], 'gewist', ARGV[2]) end
  -- Nothing left for the retention job to delete.
  redis.call('ZREM', KEYS[6], ARGV[3])
  if redis.call('HGET', KEYS[7], 'open') == ARGV[3] then redis.call('HDEL', KEYS[7], 'open') end
end
appendRecords(4)
return {1, erased, outOfQueue}`;
const runErase = luaScript<[number, number, number]>(eraseScript);

export interface CaseErasure {
  zaakId: string;
  gemeentecode: string;
  /** The case's address pseudonym (where its `open` pointer lives). */
  adresPseudonym: string;
  /** The requester's pseudonyms in this municipality, one per pseudonymisation key in the ring. */
  persoonPseudonyms: string[];
  now: Date;
  /** The `gewist-op-verzoek` record(s), appended only when the case still exists. */
  records: SealedRecord[];
}

export interface CaseErasureResult {
  found: boolean;
  signalsErased: number;
  /** The case left the queue (no contact details of anyone remain). */
  outOfQueue: boolean;
}

export async function eraseResidentFromCase(redis: Redis, e: CaseErasure): Promise<CaseErasureResult> {
  const keys = [
    auditKeys.counter, auditKeys.stream, caseKeys.case(e.zaakId), outreachKeys.open(e.gemeentecode), outreachKeys.leases(e.gemeentecode),
    retentionKeys.contactExpiry, caseKeys.address(e.gemeentecode, e.adresPseudonym),
  ];
  const [found, erased, outOfQueue] = await runErase(redis, keys, [JSON.stringify(e.persoonPseudonyms), e.now.toISOString(), e.zaakId, ...recordArgs(e.records)]);
  return { found: found === 1, signalsErased: erased, outOfQueue: outOfQueue === 1 };
}
