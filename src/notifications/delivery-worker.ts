import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { queuePrefix } from '../redis/keys.js';
import type { DeliveryTarget, OutgoingMessage, Sender } from './deliver.js';
import { queueNames, type QueueName } from './queues.js';
import type { DeliveryJobData } from './status.js';
import { retryDelayMs } from './timers.js';

/** A delivery job: the message as the relay made it, and to whom (resolved again at each attempt). */
export interface DeliveryJob extends DeliveryJobData {
  message: OutgoingMessage;
  /** For a terugmelding: what the audit record of its delivery says (which signal, which rules). */
  terugmelding?: { partnerOin: string; signaalId: string; zaakId: string; rules: string[]; fields: string[] };
}

export interface DeliveryWorkerDeps {
  sender: Sender;
  /** The receiver's address now: a receiver fixed after failures gets the retried message there. Absent: it was removed. */
  target(queue: QueueName, ontvanger: string): DeliveryTarget | undefined;
  /** After a 2xx: the record of what was disclosed (terugmelding) — before the job counts as done. */
  delivered(job: DeliveryJob): Promise<void>;
  onSkipped?(queue: QueueName, ontvanger: string): void;
  /**
   * Deliveries to one receiver at a time, at most: `healthy` while it answers, `failing` once it
   * failed three times in a row (so a receiver that is down or hangs until the timeout holds one
   * slot, and everyone else's messages keep flowing).
   */
  perReceiver?: { healthy: number; failing: number };
  concurrency?: number;
}

/** Attempts for a message the receiver refuses as such (a 4xx other than 408 and 429). */
export const refusalAttempts = 3;

/** A retryable failure; carries the receiver's Retry-After for the backoff strategy. */
class RetryLater extends Error {
  constructor(reason: string, readonly retryAfterMs?: number) {
    super(reason);
  }
}

/**
 * The workers of the two delivery queues. Each attempt resolves the receiver anew, sends with the
 * gateway's client certificate and a signed body (deliver.ts), and ends as delivered, retried
 * with capped exponential backoff and jitter (timers.ts; at least what a Retry-After asked) —
 * a message the receiver refuses as such (a 4xx) three times at most. A receiver holds at most
 * a few of the worker's slots, one once it keeps failing: further jobs for it step aside as
 * delayed jobs for a moment, so deliveries to everyone else go on.
 */
export function startDeliveryWorkers(connection: Redis, deps: DeliveryWorkerDeps): Array<Worker<DeliveryJob>> {
  const inFlight = new Map<string, number>();
  const failures = new Map<string, number>();
  const caps = deps.perReceiver ?? { healthy: 8, failing: 1 };
  const start = (queue: QueueName) => new Worker<DeliveryJob>(queue, async (job: Job<DeliveryJob>, token?: string) => {
    const receiverKey = `${queue}:${job.data.ontvanger}`;
    const limit = (failures.get(receiverKey) ?? 0) >= 3 ? caps.failing : caps.healthy;
    if ((inFlight.get(receiverKey) ?? 0) >= limit) {
      await job.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 500), token);
      throw new DelayedError();
    }
    const target = deps.target(queue, job.data.ontvanger);
    if (!target) {
      // The receiver was removed: nobody to tell any more.
      deps.onSkipped?.(queue, job.data.ontvanger);
      return 'geen-ontvanger';
    }
    inFlight.set(receiverKey, (inFlight.get(receiverKey) ?? 0) + 1);
    try {
      const result = await deps.sender.deliver(target, job.data.message);
      if (result.outcome === 'retry') failures.set(receiverKey, (failures.get(receiverKey) ?? 0) + 1);
      else failures.delete(receiverKey);
      // CONTRACT §7: anything but a 2xx is retried with backoff. A refusal of the message as such
      // (a 4xx) will not change by waiting, so it gets a few attempts, not twenty.
      if (result.outcome === 'permanent' && job.attemptsMade + 1 >= refusalAttempts) throw new UnrecoverableError(`geweigerd: ${result.reason}`);
      if (result.outcome === 'permanent') throw new RetryLater(`geweigerd: ${result.reason}`);
      if (result.outcome === 'retry') throw new RetryLater(`opnieuw: ${result.reason}`, result.retryAfterMs);
    } finally {
      const left = (inFlight.get(receiverKey) ?? 1) - 1;
      if (left > 0) inFlight.set(receiverKey, left);
      else inFlight.delete(receiverKey);
    }
    await deps.delivered(job.data);
    return 'bezorgd';
  }, {
    connection,
    prefix: queuePrefix,
    concurrency: deps.concurrency ?? 16,
    // A gateway killed mid-delivery leaves its jobs active: another instance (or this one
    // restarted) takes them over within seconds, and a job survives several such kills.
    lockDuration: 10_000,
    stalledInterval: 5_000,
    maxStalledCount: 5,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
        Math.max(retryDelayMs(attemptsMade), err instanceof RetryLater ? err.retryAfterMs ?? 0 : 0),
    },
  });
  return [start(queueNames.terugmelding), start(queueNames.gebeurtenis)];
}
