import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import { sealRecord } from '../audit/leaf.js';
import { traceFromHeader } from '../audit/trace.js';
import { uuidv7 } from '../ids/uuid.js';
import { keyPrefix } from '../redis/connection.js';
import { destroyExpiredPeriodKeys } from '../privacy/period-keys.js';
import { deleteContactDetails } from './contact-deletion.js';
import { addIsoDuration } from './duration.js';
import { deleteRecordContent } from '../audit/delete-content.js';
import { indexOps, queryKeys, recordFacts } from '../audit/query-index.js';
import { auditLogKeys } from '../audit/keys.js';
import { caseKeys } from '../cases/keys.js';
import { intakeKeys } from '../intake/keys.js';

/** Closed cases by the end of their contact-detail retention: what the sweeper walks. */
export const contactExpiryKey = `${keyPrefix}bewaar:contactgegevens`;
/** Closed cases by the end of their pseudonymous facts' retention. */
export const caseFactsExpiryKey = `${keyPrefix}bewaar:zaakfeiten`;
/** When the sweeper last ran, and which period keys it destroyed (ids only). */
export const lastSweepKey = `${keyPrefix}bewaar:laatste-veger`;
export const destroyedKeysKey = `${keyPrefix}bewaar:vernietigde-sleutels`;

export interface SweepInput {
  redis: Redis;
  municipalKeysDir: string;
  gemeentecodes: string[];
  auditRetention: string;
  bundleRevision: string;
  now: Date;
  /** Drop queue jobs that name an expired case (retention jobs still waiting). */
  forgetJobs?: (zaakId: string) => Promise<void>;
}

/**
 * The safety net behind the delayed jobs: after downtime or a clock jump, everything overdue goes
 * in one pass. Idempotent: run twice, the second run finds nothing. Also destroys the retention
 * period keys whose week is over (crypto-shredding of every copy).
 */
export async function sweep(input: SweepInput): Promise<{ deleted: string[]; destroyedKeys: string[]; auditDeleted: number; casesDeleted: number }> {
  const due = await input.redis.zrangebyscore(contactExpiryKey, '-inf', input.now.getTime());
  const deleted: string[] = [];
  for (const zaakId of due) {
    const bewaarTot = new Date(input.now.getTime()).toISOString();
    if ((await deleteContactDetails(input.redis, { zaakId, regel: 'sweeper', bewaarTot }, input.now, input.auditRetention)) > 0) deleted.push(zaakId);
    await input.redis.zrem(contactExpiryKey, zaakId);
  }
  const auditDeleted = await expireAuditContent(input);
  const casesDeleted = await expireCaseFacts(input);
  const destroyedKeys = input.gemeentecodes.flatMap((code) => destroyExpiredPeriodKeys(input.municipalKeysDir, code, input.now));
  if (destroyedKeys.length > 0) {
    const trace = traceFromHeader(undefined);
    await appendAuditRecords(input.redis, [sealRecord({
      kind: 'besluit', decision_id: uuidv7(input.now.getTime()), timestamp: input.now.toISOString(), path: 'bewaartermijn/sleutels-vernietigd',
      input: { sleutels: destroyedKeys }, result: 'allow', reasons: [], bundle_revision: input.bundleRevision,
      trace_id: trace.traceId, span_id: trace.spanId, processing_activity_id: 'urn:vroegsignaal:verwerking:auditlogging',
    })]);
  }
  const tx = input.redis.multi().set(lastSweepKey, input.now.toISOString());
  for (const id of destroyedKeys) tx.zadd(destroyedKeysKey, input.now.getTime(), id);
  await tx.exec();
  return { deleted, destroyedKeys, auditDeleted, casesDeleted };
}

/**
 * A case past its facts' term goes entirely: the case, its signals, their idempotency keys, and
 * every index entry naming it or its pseudonyms. What remains is the audit log's leaves.
 */
async function expireCaseFacts(input: SweepInput): Promise<number> {
  const due = await input.redis.zrangebyscore(caseFactsExpiryKey, '-inf', input.now.getTime(), 'LIMIT', 0, 1_000);
  for (const zaakId of due) {
    const h = await input.redis.hgetall(caseKeys.case(zaakId));
    const tx = input.redis.multi().del(caseKeys.case(zaakId)).zrem(caseFactsExpiryKey, zaakId).zrem(contactExpiryKey, zaakId);
    if (h.gemeentecode && h.adresPseudonym && h.persoonPseudonym) {
      const signals = JSON.parse(h.signalen ?? '[]') as Array<{ signaalId: string; partnerOin: string }>;
      for (const s of signals) {
        const id = await input.redis.hget(intakeKeys.signal(s.signaalId), 'id');
        tx.del(intakeKeys.signal(s.signaalId)).zrem(intakeKeys.byMunicipality(h.gemeentecode), s.signaalId);
        if (id) tx.del(intakeKeys.idempotency(s.partnerOin, id));
        tx.del(caseKeys.partnerAtAddress(h.gemeentecode, h.adresPseudonym, s.partnerOin));
      }
      tx.zrem(caseKeys.person(h.gemeentecode, h.persoonPseudonym), zaakId);
      const address = caseKeys.address(h.gemeentecode, h.adresPseudonym);
      // The address record goes unless a later case lives there.
      const open = await input.redis.hget(address, 'open');
      if (!open || open === zaakId) tx.del(address);
    }
    await tx.exec();
    await input.forgetJobs?.(zaakId);
  }
  return due.length;
}

/**
 * Audit record content past its term loses content and salt; the leaf stays, so every proof
 * still holds and `audit verify` reports "content deleted". Bounded per run; the next run goes on.
 */
async function expireAuditContent(input: SweepInput): Promise<number> {
  const cutoff = addIsoDuration(input.now, input.auditRetention, -1).getTime();
  const due = await input.redis.zrangebyscore(queryKeys.facet('tijd'), '-inf', cutoff, 'LIMIT', 0, 10_000);
  let count = 0;
  for (const index of due) {
    const json = await input.redis.hget(auditLogKeys.content(Number(index)), `r:${index}`);
    if (json) {
      // The search indexes name pseudonyms: they go with the content ('alle' keeps the leaf findable).
      const ops = indexOps(Number(index), recordFacts(JSON.parse(json) as Record<string, unknown>));
      const tx = input.redis.multi();
      for (const z of ops.zadd) if (z.key !== queryKeys.facet('alle')) tx.zrem(z.key, index);
      await tx.exec();
    }
    if (await deleteRecordContent(input.redis, Number(index), input.now)) count++;
    await input.redis.zrem(queryKeys.facet('tijd'), index);
  }
  return count;
}
