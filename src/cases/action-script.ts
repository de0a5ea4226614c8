import type { Redis } from 'ioredis';
import { auditKeys, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { caseKeys, intakeKeys, notificationKeys, outreachKeys } from '../redis/keys.js';
import { redisScript, type ScriptArg } from '../redis/lua.js';

/**
 * What every action on a claimed case (reveal, contact attempt, release, close) shares: one Lua
 * script that checks the claim, writes the data and appends the audit record together. Each
 * action's script is a file under src/redis/scripts that includes "action-prelude" (the claim
 * check: a claim found lapsed goes back to the queue, recorded, and the action is refused).
 *
 * KEYS: audit counter, audit stream, case, leases, open queue, the outbox (a lapse, and an action that
 * changes the case, is a case event), then the action's own keys.
 * ARGV: claimant, now (ms), new lease end (ms), zaakId, signal key prefix, position of the lapse
 * record's arguments, position of the action's, then the action's own arguments, then both
 * records' arguments (see recordArgs).
 */
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

export function actionScript(file: string): (redis: Redis, ctx: ActionContext, records: SealedRecord[], extra?: { keys?: string[]; args?: ScriptArg[] }) => Promise<ActionOutcome> {
  const run = redisScript<[string, string[]?]>(file);
  return async (redis, ctx, records, extra = {}) => {
    const own = extra.args ?? [];
    const lapseArgs = recordArgs(ctx.lapseRecords);
    const lapseAt = 8 + own.length;
    const keys = [auditKeys.counter, auditKeys.stream, caseKeys.case(ctx.zaakId), outreachKeys.leases(ctx.gemeentecode), outreachKeys.open(ctx.gemeentecode), notificationKeys.outbox, ...(extra.keys ?? [])];
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
