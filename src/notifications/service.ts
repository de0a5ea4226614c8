import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { OutboxEvent } from './event.js';
import { closeQueues, openQueues, type RelayJob } from './queues.js';
import { OutboxRelay } from './relay.js';
import { startTimerWorker } from './timer-worker.js';
import { deadlineTimer } from './timers.js';

export interface NotificationDeps {
  redis: Redis;
  /** BullMQ's connection (no per-command retry cap: its workers block on it). */
  queueRedis: Redis;
  clock: () => Date;
  logger: Logger;
  relay: boolean;
  auditRetention: () => string;
}

/** The jobs one outbox event becomes: its deadline timer now; deliveries to receivers next. */
export function routeEvent(event: OutboxEvent): RelayJob[] {
  const jobs: RelayJob[] = [];
  const timer = deadlineTimer(event);
  if (timer) jobs.push({ queue: 'termijn', name: 'termijn', jobId: timer.jobId, data: { gemeentecode: timer.gemeentecode, aanbodtermijn: timer.aanbodtermijn }, dueAt: timer.dueAt });
  return jobs;
}

/** The background half of notifications: the outbox relay and the workers of its queues. */
export function startNotifications(deps: NotificationDeps): { stop(): Promise<void> } {
  const queues = openQueues(deps.queueRedis);
  const relay = new OutboxRelay(deps.redis, {
    queues, route: routeEvent, clock: deps.clock,
    onError: (err) => deps.logger.error({ err: { message: err.message } }, 'outbox-relay'),
  });
  if (deps.relay) relay.start();
  const timers = startTimerWorker(deps.queueRedis, { redis: deps.redis, clock: deps.clock, auditRetention: deps.auditRetention });
  timers.on('error', (err) => deps.logger.error({ err: { message: err.message } }, 'termijn-worker'));
  return {
    async stop() {
      await relay.stop();
      await timers.close();
      await closeQueues(queues);
    },
  };
}
