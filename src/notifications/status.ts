import type { Job } from 'bullmq';
import type { NotificationQueues, QueueName } from './queues.js';

/** What a delivery job carries: to whom (a partner's OIN or a subscription's id) and which event. */
export interface DeliveryJobData {
  ontvanger: string;
  eventId: string;
  [key: string]: unknown;
}

export interface QueueStatus {
  wachtend: number;
  uitgesteld: number;
  bezig: number;
  mislukt: number;
  /** Failed deliveries per receiver: where to look first. */
  misluktPerOntvanger: Record<string, number>;
  /** Age in seconds of the oldest job not yet delivered (waiting, delayed or failed); absent when none. */
  oudsteOnbezorgdSeconden?: number;
}

const deliveryQueues: QueueName[] = ['terugmelding', 'gebeurtenis'];

/** `vroegsignaal meldingen status`: per delivery queue what waits, what is delayed, what failed and for whom. */
export async function deliveryStatus(queues: NotificationQueues, now: Date): Promise<Record<string, QueueStatus>> {
  const result: Record<string, QueueStatus> = {};
  for (const name of deliveryQueues) {
    const queue = queues[name];
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'prioritized');
    const failed = (await queue.getFailed(0, -1)) as Array<Job<DeliveryJobData>>;
    const perReceiver: Record<string, number> = {};
    for (const job of failed) perReceiver[job.data.ontvanger] = (perReceiver[job.data.ontvanger] ?? 0) + 1;
    const undelivered = [...failed, ...((await queue.getJobs(['waiting', 'delayed', 'prioritized'], 0, -1)) as Array<Job<DeliveryJobData>>)];
    const oldest = undelivered.reduce((min, job) => Math.min(min, job.timestamp), Number.POSITIVE_INFINITY);
    result[name] = {
      wachtend: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      uitgesteld: counts.delayed ?? 0,
      bezig: counts.active ?? 0,
      mislukt: counts.failed ?? 0,
      misluktPerOntvanger: perReceiver,
      ...(Number.isFinite(oldest) ? { oudsteOnbezorgdSeconden: Math.max(0, Math.round((now.getTime() - oldest) / 1000)) } : {}),
    };
  }
  return result;
}

/** `vroegsignaal meldingen opnieuw [--ontvanger …]`: failed deliveries back in line (all, or one receiver's). Returns how many. */
export async function retryFailed(queues: NotificationQueues, ontvanger?: string): Promise<number> {
  let retried = 0;
  for (const name of deliveryQueues) {
    const failed = (await queues[name].getFailed(0, -1)) as Array<Job<DeliveryJobData>>;
    for (const job of failed) {
      if (ontvanger && job.data.ontvanger !== ontvanger) continue;
      // A fresh set of attempts: the receiver was fixed, so the backoff starts again at seconds.
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried++;
    }
  }
  return retried;
}
