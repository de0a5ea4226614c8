import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { queuePrefix } from '../redis/keys.js';
import type { RetentionJob } from './contact-deletion.js';

export const retentionQueueName = 'retentie';

/** What a deletion job is about: contact details or the whole case's facts. */
export type RetentionKind = 'contactgegevens' | 'zaakfeiten';

const jobId = (kind: RetentionKind, zaakId: string) => `${kind === 'contactgegevens' ? 'contact' : 'zaakfeiten'}-${zaakId}`;

/**
 * A delayed BullMQ job per case and kind, due when its data must go. The job names what to
 * delete and by which rule, never the data; the deletion itself checks the stored expiry, so a
 * job that runs early, late or twice deletes nothing it should not.
 */
export class RetentionScheduler {
  private readonly queue: Queue<RetentionJob>;
  constructor(connection: Redis) {
    this.queue = new Queue<RetentionJob>(retentionQueueName, { connection, prefix: queuePrefix });
  }

  async schedule(job: RetentionJob, now: Date, kind: RetentionKind = 'contactgegevens'): Promise<void> {
    await this.queue.add(kind, job, {
      jobId: jobId(kind, job.zaakId),
      delay: Math.max(0, Date.parse(job.bewaarTot) - now.getTime()),
      attempts: 10,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: true,
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }

  /** Move a planned deletion (shorter retention): the old job goes, a new one is due earlier. */
  async reschedule(job: RetentionJob, now: Date, kind: RetentionKind = 'contactgegevens'): Promise<void> {
    await this.queue.remove(jobId(kind, job.zaakId));
    await this.schedule(job, now, kind);
  }

  /** A case whose facts expired: no job may still name it. */
  async forget(zaakId: string): Promise<void> {
    await Promise.all([this.queue.remove(jobId('contactgegevens', zaakId)), this.queue.remove(jobId('zaakfeiten', zaakId))]);
  }

  /** The sweeper as a repeatable job: one schedule however many gateways run. */
  async scheduleSweeper(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler('veger', { every: everyMs }, { name: 'veger', data: { zaakId: '', regel: 'veger', bewaarTot: '' } });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export interface RetentionHandlers {
  contactDetails(job: RetentionJob): Promise<unknown>;
  caseFacts(job: RetentionJob): Promise<unknown>;
  sweep(): Promise<unknown>;
}

export function startRetentionWorker(connection: Redis, handlers: RetentionHandlers): Worker<RetentionJob> {
  return new Worker<RetentionJob>(retentionQueueName, async (job: Job<RetentionJob>) => {
    if (job.name === 'veger') await handlers.sweep();
    else if (job.name === 'zaakfeiten') await handlers.caseFacts(job.data);
    else await handlers.contactDetails(job.data);
  }, { connection, prefix: queuePrefix, concurrency: 4 });
}
