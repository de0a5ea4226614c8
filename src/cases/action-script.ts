import type { Redis } from 'ioredis';
import { auditKeys, luaAppendRecords, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { caseKeys, intakeKeys, outreachKeys } from '../redis/keys.js';
import { luaBackToQueue, luaPartnerStatus } from '../outreach/lease-lua.js';
import { luaScript, type ScriptArg } from '../redis/script.js';
import { luaCountFigures } from '../reporting/lua.js';

/**
 * What every action on a claimed case (reveal, contact attempt, release, close) shares: one Lua
 * script that checks the claim, writes the data and appends the audit record together.
 *
 * The claim holds only for its claimant and only until `leaseTot`. A claim found lapsed is
 * given back to the queue right there, with its `claim-verlopen` record, and the action is
 * refused: a lapsed lease does not keep working for its old claimant until someone else claims.
 *
 * KEYS: audit counter, audit stream, case, leases, open queue, then the action's own keys.
 * ARGV: claimant, now (ms), new lease end (ms), zaakId, signal key prefix, position of the lapse
 * record's arguments, position of the action's, then the action's own arguments, then both
 * records' arguments (see recordArgs).
 */
export const luaActionPrelude = `${luaAppendRecords}${luaBackToQueue}${luaPartnerStatus}${luaCountFigures}
local function refusal()
  if redis.call('HGET', KEYS[3], 'status') ~= 'opgepakt' or redis.call('HGET', KEYS[3], 'claimant') ~= ARGV[1] then return 'geen-toegang' end
  if tonumber(redis.call('HGET', KEYS[3], 'leaseTot') or '0') <= tonumber(ARGV[2]) then
    backToQueue(KEYS[3], KEYS[4], KEYS[5], ARGV[4])
    appendRecords(tonumber(ARGV[6]))
    return 'claim-verlopen'
  end
  return nil
end
local function renew()
  redis.call('HSET', KEYS[3], 'leaseTot', ARGV[3])
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
end
local function caseHash()
  return redis.call('HGETALL', KEYS[3])
end
local refused = refusal()
if refused then return {refused} end
`;

/** Why an action did not happen; 'gewijzigd': what it was planned on changed (try again). */
export type ActionRefusal = 'geen-toegang' | 'claim-verlopen' | 'geen-gegevens' | 'gewijzigd';

export type ActionOutcome = { done: true; hash: Record<string, string> } | { done: false; reason: ActionRefusal };

/** Who acts on which case, when; and the record of the lapse, should the claim turn out lapsed. */
export interface ActionContext {
  zaakId: string;
  gemeentecode: string;
  sub: string;
  now: Date;
  leaseUntil: Date;
  /** The records of a lapse (one per person in the case), written if the claim turns out lapsed. */
  lapseRecords: SealedRecord[];
}

export function actionScript(body: string): (redis: Redis, ctx: ActionContext, records: SealedRecord[], extra?: { keys?: string[]; args?: ScriptArg[] }) => Promise<ActionOutcome> {
  const run = luaScript<[string, string[]?]>(luaActionPrelude + body);
  return async (redis, ctx, records, extra = {}) => {
    const own = extra.args ?? [];
    const lapseArgs = recordArgs(ctx.lapseRecords);
    const lapseAt = 8 + own.length;
    const keys = [auditKeys.counter, auditKeys.stream, caseKeys.case(ctx.zaakId), outreachKeys.leases(ctx.gemeentecode), outreachKeys.open(ctx.gemeentecode), ...(extra.keys ?? [])];
    const [flag, flat] = await run(redis, keys, [
      ctx.sub, String(ctx.now.getTime()), String(ctx.leaseUntil.getTime()), ctx.zaakId, intakeKeys.signal(''),
      String(lapseAt), String(lapseAt + lapseArgs.length), ...own, ...lapseArgs, ...recordArgs(records),
    ]);
    if (flag !== 'ok') return { done: false, reason: flag as ActionRefusal };
    const hash: Record<string, string> = {};
    for (let i = 0; i + 1 < (flat ?? []).length; i += 2) hash[flat![i]!] = flat![i + 1]!;
    return { done: true, hash };
  };
}
