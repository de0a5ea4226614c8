import type { Redis } from 'ioredis';
import { auditKeys, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { caseKeys, intakeKeys, outreachKeys, reportingKeys, notificationKeys } from '../redis/keys.js';
import { redisScript, type ScriptArg } from '../redis/lua.js';
import { caseFacts, firstClaimFields, reportingMonth } from '../reporting/fields.js';

/**
 * Claiming is one Lua script per municipality queue: lapsed leases go back first, then the best
 * open case is leased to the caller — each with its audit record in the same script, and the
 * partners' signal status with it. Redis runs scripts one at a time, so a case is never handed
 * to two workers, and a crash after the script leaves a lease that simply lapses.
 *
 * Audit records are sealed outside Redis (salted SHA-256, compressed), so the caller prepares a
 * record for each case the script may touch: the lapsed leases and the best few open cases it
 * read. Should the best case then be one it did not prepare (others claimed meanwhile, a new case
 * arrived), the script changes nothing more and answers 'stale'; the caller reads again, wider.
 *
 * Each claim names its request: ioredis re-sends a script whose reply was lost on reconnect, and
 * without the request key that second run claimed a second case nobody was shown.
 *
 * A case's first claim (no `datumOpgepakt` yet) raises the team lead's counters of this month,
 * prepared per claimable case like its records.
 *
 * The script: src/redis/scripts/claim-next-7.lua (its header lists KEYS, ARGV and the answers).
 */
const runClaim = redisScript<[string, string | null, string[]]>('claim-next-7');

/** The case fields records are made from (pseudonymous: ids, the persons' pseudonyms in its signals). */
export type CaseRef = Record<string, string>;
const refFields = ['zaakId', 'gemeentecode', 'persoonPseudonym', 'status', 'signalen', 'aangemaakt', 'aanbodtermijn', 'datumOpgepakt'] as const;

export interface ClaimRequest {
  gemeentecode: string;
  sub: string;
  now: Date;
  leaseUntil: Date;
  requestId: string;
  /** The sealed audit records of claiming (`zaak-opgepakt`) or of a lapse (`claim-verlopen`), one per person in the case. */
  recordsFor(c: CaseRef, name: 'zaak-opgepakt' | 'claim-verlopen'): SealedRecord[];
}

export interface ClaimResult {
  zaakId: string | undefined;
  /** Cases whose lease lapsed and went back to the queue during this call (each recorded). */
  lapsed: string[];
}

/**
 * Claims of one municipality wait their turn in this process: they all want the same best case,
 * and run at once every plan but one would be stale. Across processes the script's check decides.
 */
const inLine = new WeakMap<Redis, Map<string, Promise<unknown>>>();

export function claimNext(redis: Redis, req: ClaimRequest): Promise<ClaimResult> {
  let lines = inLine.get(redis);
  if (!lines) inLine.set(redis, (lines = new Map()));
  const before = lines.get(req.gemeentecode) ?? Promise.resolve();
  const mine = before.then(() => claimOnce(redis, req));
  const done = mine.catch(() => undefined);
  lines.set(req.gemeentecode, done);
  void done.then(() => {
    if (lines.get(req.gemeentecode) === done) lines.delete(req.gemeentecode);
  });
  return mine;
}

async function claimOnce(redis: Redis, req: ClaimRequest): Promise<ClaimResult> {
  const open = outreachKeys.open(req.gemeentecode);
  const leases = outreachKeys.leases(req.gemeentecode);
  // The best case and the next; wider when others (another process, a new case) got there first.
  for (let width = 2; width <= 512; width *= 4) {
    const [lapsedIds, candidates] = await Promise.all([redis.zrangebyscore(leases, '-inf', req.now.getTime()), redis.zrange(open, 0, width - 1)]);
    const refs = await readRefs(redis, [...new Set([...lapsedIds, ...candidates])]);
    const prepared: ScriptArg[] = [];
    const figures: Record<string, string[]> = {};
    let count = 0;
    const prepare = (id: string, kind: 'L' | 'C') => {
      const ref = refs.get(id)!;
      prepared.push(id, kind, ...recordArgs(req.recordsFor(ref, kind === 'L' ? 'claim-verlopen' : 'zaak-opgepakt')));
      count++;
      const facts = kind === 'C' && !ref.datumOpgepakt ? caseFacts(ref.signalen, ref.aangemaakt) : undefined;
      if (facts) figures[id] = firstClaimFields(facts, ref.aanbodtermijn || undefined, req.now);
    };
    // A lapsed case goes back to the queue first, where it may then be the best one.
    for (const id of lapsedIds) {
      if (refs.get(id)?.status !== 'opgepakt') continue;
      prepare(id, 'L');
      prepare(id, 'C');
    }
    for (const id of candidates) if (refs.get(id)?.status === 'open') prepare(id, 'C');
    const [flag, zaakId, lapsed] = await runClaim(redis, [
      auditKeys.counter, auditKeys.stream, open, leases, outreachKeys.claimRequest(req.requestId), reportingKeys.month(req.gemeentecode, reportingMonth(req.now)), notificationKeys.outbox,
    ], [
      String(req.now.getTime()), String(req.leaseUntil.getTime()), req.sub, caseKeys.case(''), req.now.toISOString(), intakeKeys.signal(''),
      String(count), ...prepared, JSON.stringify(figures),
    ]);
    if (flag === 'ok') return { zaakId: zaakId ?? undefined, lapsed };
  }
  throw new Error('de wachtrij bleef veranderen tijdens het oppakken');
}

async function readRefs(redis: Redis, ids: string[]): Promise<Map<string, CaseRef>> {
  if (ids.length === 0) return new Map();
  const read = redis.pipeline();
  for (const id of ids) read.hmget(caseKeys.case(id), ...refFields);
  const replies = (await read.exec()) ?? [];
  const refs = new Map<string, CaseRef>();
  replies.forEach(([err, values], i) => {
    if (err) throw err;
    const v = values as Array<string | null>;
    if (v[0]) refs.set(ids[i]!, Object.fromEntries(refFields.map((f, j) => [f, v[j] ?? ''])));
  });
  return refs;
}
