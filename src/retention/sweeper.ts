import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import { sealRecord } from '../audit/leaf.js';
import { traceFromHeader } from '../audit/trace.js';
import { uuidv7 } from '../ids/uuid.js';
import { destroyExpiredPeriodKeys, periodKeyMunicipalities } from '../privacy/period-keys.js';
import { deleteContactDetails } from './contact-deletion.js';
import { addIsoDuration } from './duration.js';
import { queueGroupDeletion, readContent } from '../audit/content.js';
import { expandMember, facetKeys, recordFacts } from '../audit/query-index.js';
import { deleteCaseFacts, deleteCaselessSignal } from './case-facts.js';
import { queryKeys, retentionKeys } from '../redis/keys.js';

export interface SweepResult {
  deleted: string[];
  destroyedKeys: string[];
  auditDeleted: number;
  casesDeleted: number;
  signalsDeleted: number;
}

export interface SweepInput {
  redis: Redis;
  /** The state directory's period keys (crypto-shredding), see period-keys.ts. */
  periodKeysDir: string;
  gemeentecodes: string[];
  auditRetention: string;
  bundleRevision: string;
  now: Date;
  /** Drop the retention jobs still waiting for a case whose facts are gone. */
  forgetJobs?: (zaakId: string) => Promise<void>;
}

/**
 * The safety net behind the delayed jobs: after downtime or a clock jump, everything overdue goes
 * in one pass. Idempotent: run twice, the second run finds nothing. Also destroys the retention
 * period keys whose week is over (crypto-shredding of every copy).
 */
export async function sweep(input: SweepInput): Promise<SweepResult> {
  const due = await input.redis.zrangebyscore(retentionKeys.contactExpiry, '-inf', input.now.getTime());
  const deleted: string[] = [];
  for (const zaakId of due) {
    const bewaarTot = new Date(input.now.getTime()).toISOString();
    if ((await deleteContactDetails(input.redis, { zaakId, regel: 'bewaartermijnen.contactgegevens', bewaarTot }, input)) > 0) deleted.push(zaakId);
    await input.redis.zrem(retentionKeys.contactExpiry, zaakId);
  }
  const auditDeleted = await expireAuditContent(input);
  const casesDeleted = await expireCaseFacts(input);
  const signalsDeleted = await expireCaselessSignals(input);
  // Every municipality with period keys, a configured one or not: a key nobody sweeps would never be destroyed.
  const withKeys = new Set([...input.gemeentecodes, ...periodKeyMunicipalities(input.periodKeysDir)]);
  const destroyedKeys = [...withKeys].flatMap((code) => destroyExpiredPeriodKeys(input.periodKeysDir, code, input.now));
  if (destroyedKeys.length > 0) {
    const trace = traceFromHeader(undefined);
    await appendAuditRecords(input.redis, [sealRecord({
      kind: 'besluit', decision_id: uuidv7(input.now.getTime()), timestamp: input.now.toISOString(), path: 'bewaartermijn/sleutels-vernietigd',
      input: { sleutels: destroyedKeys }, result: 'allow', reasons: [], bundle_revision: input.bundleRevision,
      trace_id: trace.traceId, span_id: trace.spanId, processing_activity_id: 'urn:vroegsignaal:verwerking:auditlogging',
    })]);
  }
  const tx = input.redis.multi().set(retentionKeys.lastSweep, input.now.toISOString());
  for (const id of destroyedKeys) tx.zadd(retentionKeys.destroyedKeys, input.now.getTime(), id);
  await tx.exec();
  return { deleted, destroyedKeys, auditDeleted, casesDeleted, signalsDeleted };
}

/** Cases past their facts' term (open ones too: provisional expiry), bounded per run. */
async function expireCaseFacts(input: SweepInput): Promise<number> {
  const due = await input.redis.zrangebyscore(retentionKeys.caseFactsExpiry, '-inf', input.now.getTime(), 'LIMIT', 0, 1_000);
  const ctx = { now: input.now, auditRetention: input.auditRetention, bundleRevision: input.bundleRevision, regel: 'bewaartermijnen.zaakfeiten' };
  let count = 0;
  for (const zaakId of due) {
    const gemeentecode = await deleteCaseFacts(input.redis, zaakId, ctx);
    if (gemeentecode === undefined) continue;
    count++;
    await input.forgetJobs?.(zaakId);
  }
  return count;
}

/** Repeats that joined no case, past their term. */
async function expireCaselessSignals(input: SweepInput): Promise<number> {
  const due = await input.redis.zrangebyscore(retentionKeys.signalExpiry, '-inf', input.now.getTime(), 'LIMIT', 0, 1_000);
  const ctx = { now: input.now, auditRetention: input.auditRetention, bundleRevision: input.bundleRevision, regel: 'bewaartermijnen.zaakfeiten' };
  let count = 0;
  for (const signaalId of due) if (await deleteCaselessSignal(input.redis, signaalId, ctx)) count++;
  return count;
}

/**
 * Audit record content past its term loses content and salt; the leaf stays, so every proof
 * still holds and `audit verify` reports "content deleted". Bounded per run; the next run goes on.
 */
async function expireAuditContent(input: SweepInput): Promise<number> {
  const cutoff = addIsoDuration(input.now, input.auditRetention, -1).getTime();
  // Runs of the time index scored by their latest record: a run due is due as a whole.
  const runs = await input.redis.zrangebyscore(queryKeys.facet('tijd'), '-inf', cutoff, 'LIMIT', 0, 1_000);
  let count = 0;
  // A page at a time: two reads (the page, then the rest of its groups) and one transaction.
  // Content is stored per group whose members share one time, so a due record's group is due.
  for (let start = 0; start < runs.length; start += 16) {
    const pageRuns = runs.slice(start, start + 16);
    const page = pageRuns.flatMap(expandMember);
    const heads = new Map<number, number>();
    for (const c of (await readContent(input.redis, page)).values()) if (c && 'json' in c) heads.set(c.head, c.groupSize);
    const members = [...heads].flatMap(([head, size]) => Array.from({ length: size }, (_, k) => head + k));
    const contents = await readContent(input.redis, members);
    const tx = input.redis.multi();
    for (const i of new Set([...page, ...members])) {
      const c = contents.get(i);
      // The search indexes name pseudonyms: they go with the content (the unfiltered view still
      // lists the leaf). A run starts with its earliest record, so removing the run that starts
      // here (scored by its first index) removes each run once, at most runSpanMs early.
      if (c && 'json' in c) for (const key of facetKeys(recordFacts(JSON.parse(c.json) as object))) tx.zremrangebyscore(key, i, i);
    }
    tx.zrem(queryKeys.facet('tijd'), ...pageRuns);
    for (const [head, size] of heads) {
      queueGroupDeletion(tx, head, Array.from({ length: size }, (_, k) => head + k), input.now);
      count += size;
    }
    await tx.exec();
  }
  return count;
}
