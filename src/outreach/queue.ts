import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SignaalpartnerType } from '../intake/schema.js';

/**
 * BullMQ stores job data in clear text, so a job carries only pseudonymous facts: enough to
 * order the queue (crisis, dates), never enough to identify a resident.
 */
export interface OutreachJob {
  zaakId: string;
  partnerType: SignaalpartnerType;
  bedrag: number;
  signaaldatum: string;
  ontstaansdatum: string;
  crisissignaal: boolean;
}

export const queuePrefix = 'vs:bull';

export function queueName(gemeentecode: string): string {
  return `zaken-${gemeentecode}`;
}

/** BullMQ priority: lower runs first. Crisis signals (eviction, cut-off) jump the queue. */
export function jobPriority(job: OutreachJob): number {
  return job.crisissignaal ? 1 : 10;
}

/** One Queue object per municipality, made on first use and reused. */
export class OutreachQueues {
  private readonly queues = new Map<string, Queue<OutreachJob>>();
  constructor(private readonly connection: Redis) {}

  get(gemeentecode: string): Queue<OutreachJob> {
    let q = this.queues.get(gemeentecode);
    if (!q) {
      q = new Queue<OutreachJob>(queueName(gemeentecode), { connection: this.connection, prefix: queuePrefix });
      this.queues.set(gemeentecode, q);
    }
    return q;
  }

  async enqueue(gemeentecode: string, job: OutreachJob): Promise<void> {
    // jobId = zaakId makes a retried enqueue a no-op instead of a second job for one case.
    await this.get(gemeentecode).add('zaak', job, {
      jobId: job.zaakId,
      priority: jobPriority(job),
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    });
  }

  /** Undo an enqueue whose case was never committed (lost a race, or the commit failed). */
  async withdraw(gemeentecode: string, zaakId: string): Promise<void> {
    await this.get(gemeentecode).remove(zaakId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
