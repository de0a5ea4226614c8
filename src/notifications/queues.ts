import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { queuePrefix } from '../redis/keys.js';
import { deliveryAttempts } from './timers.js';

/**
 * The BullMQ queues the relay fills. One queue per kind of receiver rather than one per receiver:
 * 340 municipalities and their subscriptions would need a blocking connection each. A receiver
 * that keeps failing does not hold up the others because its jobs wait out their backoff as
 * delayed jobs, and the worker caps how many deliveries to one receiver run at once
 * (delivery-worker.ts).
 */
export const queueNames = {
  /** Terugmelding to a signaalpartner's callback. */
  terugmelding: 'terugmelding',
  /** CloudEvents to a municipality's subscription. */
  gebeurtenis: 'gebeurtenis',
  /** Offer-deadline timers (one per municipality and day). */
  termijn: 'termijn',
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** A job the relay adds; its id makes a replayed outbox entry add nothing twice. */
export interface RelayJob {
  queue: QueueName;
  name: string;
  jobId: string;
  data: Record<string, unknown>;
  /** When it may run (absent: now). */
  dueAt?: Date;
}

/**
 * Deliveries retry with the backoff of timers.ts (a custom strategy: BullMQ's exponential one has
 * no cap). A delivered job goes at once — what was delivered is in the audit log; a job that
 * used up its attempts stays failed and visible (`vroegsignaal meldingen status`) until retried.
 */
export const deliveryJobOptions: JobsOptions = {
  attempts: deliveryAttempts,
  backoff: { type: 'begrensd' },
  removeOnComplete: true,
  removeOnFail: false,
};

/** A timer that ran stays a week, so a late replay of its event does not plan it again. */
export const timerJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: false,
};

export type NotificationQueues = Record<QueueName, Queue>;

export function openQueues(connection: Redis): NotificationQueues {
  const open = (name: QueueName) => new Queue(name, { connection, prefix: queuePrefix });
  return { terugmelding: open('terugmelding'), gebeurtenis: open('gebeurtenis'), termijn: open('termijn') };
}

export async function closeQueues(queues: NotificationQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/** Add relay jobs, one addBulk per queue. */
export async function addJobs(queues: NotificationQueues, jobs: RelayJob[], now: Date): Promise<void> {
  // Many cases share a deadline timer: each job id once per call, not one add script per case.
  const byQueue = new Map<QueueName, Map<string, RelayJob>>();
  for (const job of jobs) {
    const list = byQueue.get(job.queue) ?? new Map<string, RelayJob>();
    if (!list.has(job.jobId)) list.set(job.jobId, job);
    byQueue.set(job.queue, list);
  }
  await Promise.all([...byQueue].map(([name, list]) => queues[name].addBulk([...list.values()].map((job) => ({
    name: job.name,
    data: job.data,
    opts: {
      ...(name === 'termijn' ? timerJobOptions : deliveryJobOptions),
      jobId: job.jobId,
      ...(job.dueAt ? { delay: Math.max(0, job.dueAt.getTime() - now.getTime()) } : {}),
    },
  })))));
}
