import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import { sealRecord } from '../audit/leaf.js';
import { processingRecord } from '../audit/records.js';
import { newSpanId } from '../audit/trace.js';
import { caseKeys } from '../cases/keys.js';
import { queuePrefix } from '../outreach/queue.js';
import { randomBytes } from 'node:crypto';

export const retentionQueueName = 'retentie';

/** A retention job names what to delete and by which rule, never the data itself. */
export interface ContactDeletionJob {
  zaakId: string;
  regel: string;
  bewaarTot: string;
}

/**
 * Delete a closed case's contact details (every signal's blob) once its retention ends, and
 * record the deletion. Idempotent: a second run finds nothing and records nothing.
 */
export async function deleteContactDetails(redis: Redis, job: ContactDeletionJob, now: Date, auditRetention: string): Promise<number> {
  const key = caseKeys.case(job.zaakId);
  const h = await redis.hgetall(key);
  if (h.status !== 'afgesloten' || !h.contactBewaarTot || Date.parse(h.contactBewaarTot) > now.getTime()) return 0;
  const fields = Object.keys(h).filter((f) => f.startsWith('contact:'));
  if (fields.length === 0) return 0;
  await redis.hdel(key, ...fields);
  await appendAuditRecords(redis, [sealRecord(processingRecord({ traceId: randomBytes(16).toString('hex'), spanId: newSpanId() }, 'contactgegevens-verwijderd', now, {
    'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:contact-opnemen',
    'dpl.core.data_subject_id': h.persoonPseudonym!, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
    'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk', 'vroegsignaal.bewaartermijn': auditRetention,
    'vroegsignaal.gemeentecode': h.gemeentecode!, 'vroegsignaal.zaak_id': job.zaakId,
  }))]);
  return fields.length;
}

/** A delayed BullMQ job per closed case, due when its contact details must go. */
export class RetentionScheduler {
  private readonly queue: Queue<ContactDeletionJob>;
  constructor(connection: Redis) {
    this.queue = new Queue<ContactDeletionJob>(retentionQueueName, { connection, prefix: queuePrefix });
  }

  async schedule(job: ContactDeletionJob, now: Date): Promise<void> {
    await this.queue.add('contactgegevens', job, {
      jobId: `contact-${job.zaakId}`,
      delay: Math.max(0, Date.parse(job.bewaarTot) - now.getTime()),
      attempts: 10,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }

  /** Move a planned deletion (shorter retention): the old job goes, a new one is due earlier. */
  async reschedule(job: ContactDeletionJob, now: Date): Promise<void> {
    await this.queue.remove(`contact-${job.zaakId}`);
    await this.schedule(job, now);
  }

  /** A case whose facts expired: no job may still name it. */
  async forget(zaakId: string): Promise<void> {
    await this.queue.remove(`contact-${zaakId}`);
  }

  /** The sweeper as a repeatable job: one schedule however many gateways run. */
  async scheduleSweeper(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler('veger', { every: everyMs }, { name: 'veger', data: { zaakId: '', regel: 'veger', bewaarTot: '' } });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export function startRetentionWorker(connection: Redis, redis: Redis, auditRetention: () => string, clock: () => Date, sweepNow: () => Promise<unknown>): Worker<ContactDeletionJob> {
  return new Worker<ContactDeletionJob>(retentionQueueName, async (job: Job<ContactDeletionJob>) => {
    if (job.name === 'veger') await sweepNow();
    else await deleteContactDetails(redis, job.data, clock(), auditRetention());
  }, { connection, prefix: queuePrefix, concurrency: 4 });
}
