import type { Redis } from 'ioredis';
import { sealRecord } from '../audit/leaf.js';
import { processingRecord } from '../audit/records.js';
import { newSpanId } from '../audit/trace.js';
import { casePersons } from '../cases/case.js';
import { caseKeys, intakeKeys, retentionKeys } from '../redis/keys.js';
import { contactEndGuards, contactRetentionEnd } from '../cases/retention-ends.js';
import { randomBytes } from 'node:crypto';
import { type DeletionContext } from './case-facts.js';
import { deleteGuarded } from './guarded-delete.js';

/** A retention job names what to delete and by which rule, never the data itself. */
export interface RetentionJob {
  zaakId: string;
  regel: string;
  bewaarTot: string;
}

/**
 * Delete a closed case's contact details (every signal's blob) once its retention ends, with the
 * record of it in the same atomic step. Idempotent: a second run finds nothing and records nothing.
 */
export async function deleteContactDetails(redis: Redis, job: RetentionJob, ctx: Omit<DeletionContext, 'regel'>): Promise<number> {
  const key = caseKeys.case(job.zaakId);
  const h = await redis.hgetall(key);
  const bewaarTot = contactRetentionEnd(h);
  if (h.status !== 'afgesloten' || !bewaarTot || Date.parse(bewaarTot) > ctx.now.getTime()) return 0;
  const fields = Object.keys(h).filter((f) => f.startsWith('contact:'));
  if (fields.length === 0) return 0;
  const regel = h.contactBewaarRegel ?? job.regel;
  const traceId = randomBytes(16).toString('hex');
  const deleted = await deleteGuarded(redis, {
    guards: contactEndGuards(key, h),
    dels: [], hdels: [{ key, fields }], ifDels: [], fieldsMustGo: true,
    // Without its contact details a signal can no longer name its client in a DDAS delivery.
    zrems: [{ key: retentionKeys.contactExpiry, member: job.zaakId }, ...fields.map((f) => ({ key: intakeKeys.byMunicipality(h.gemeentecode!), member: f.slice('contact:'.length) }))],
    // One record per person whose contact details go (a combined case holds several residents').
    records: casePersons(h, { withContact: true }).map((person) => sealRecord(processingRecord({ traceId, spanId: newSpanId() }, 'contactgegevens-verwijderd', ctx.now, {
      'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:contact-opnemen',
      'dpl.core.data_subject_id': person, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
      'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk', 'vroegsignaal.bewaartermijn': ctx.auditRetention,
      'vroegsignaal.gemeentecode': h.gemeentecode!, 'vroegsignaal.zaak_id': job.zaakId,
      'vroegsignaal.contactgegevens_bewaard_tot': bewaarTot, 'vroegsignaal.bewaarregel': regel, 'vroegsignaal.beleid_revisie': ctx.bundleRevision,
    }))),
  });
  return deleted ? fields.length : 0;
}
