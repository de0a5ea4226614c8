import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { notificationKeys } from '../redis/keys.js';
import { redisScript } from '../redis/lua.js';
import type { OutboxEvent } from './event.js';
import { readOutbox } from './outbox.js';
import { addJobs, type NotificationQueues, type RelayJob } from './queues.js';

const takeLeadership = redisScript<string | null>('take-leadership-2');
const releaseLeadership = redisScript<number>('release-leadership-1');
const trimOutbox = redisScript<number>('trim-outbox-2');

export interface RelayOptions {
  queues: NotificationQueues;
  /** The jobs a batch of events becomes (receivers, timers): decided when moved, by today's registry and policy. */
  route: (events: OutboxEvent[]) => RelayJob[];
  clock: () => Date;
  batchSize?: number;
  leaseMs?: number;
  onError?: (err: Error) => void;
}

/**
 * Moves outbox events into BullMQ jobs. Any number of instances may run; one leads (a lease with a
 * fencing token, as the audit sequencer), the others stand by and take over when its lease lapses.
 * At least once: jobs are added, then the moved entries deleted — a crash in between replays
 * them, and the job ids (the event id) make the replay add nothing twice while a job is pending.
 */
export class OutboxRelay {
  private readonly instanceId = randomUUID();
  private token: string | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: Redis | undefined;

  constructor(private readonly redis: Redis, private readonly options: RelayOptions) {}

  get isLeader(): boolean {
    return this.token !== undefined;
  }

  /** Move one batch; returns how many events were moved (0 when there were none, or another leads). */
  async step(): Promise<number> {
    const token = await takeLeadership(this.redis, [notificationKeys.relayLeader, notificationKeys.relayFencing], [this.instanceId, String(this.options.leaseMs ?? 5000)]);
    this.token = token ?? undefined;
    if (!token) return 0;
    const entries = await readOutbox(this.redis, this.options.batchSize ?? 500);
    if (entries.length === 0) return 0;
    await addJobs(this.options.queues, this.options.route(entries.map((e) => e.event)), this.options.clock());
    const trimmed = await trimOutbox(this.redis, [notificationKeys.relayFencing, notificationKeys.outbox], [token, ...entries.map((e) => e.streamId)]);
    if (trimmed < 0) this.token = undefined;
    return entries.length;
  }

  /**
   * Run until stopped: drain, then wait for the next entry (XREAD BLOCK on a connection of its
   * own, at most a second, so a standby also looks again for a lapsed leader).
   */
  start(): void {
    this.wake = this.redis.duplicate();
    const loop = async () => {
      while (!this.stopped) {
        try {
          while ((await this.step()) > 0 && !this.stopped);
          if (this.stopped) break;
          await this.wake!.xread('BLOCK', 1000, 'STREAMS', notificationKeys.outbox, '$');
        } catch (err) {
          if (this.stopped) break;
          this.options.onError?.(err as Error);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    };
    this.running = loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.disconnect();
    await this.running;
    // Hand over at once rather than making a standby wait out the lease.
    await releaseLeadership(this.redis, [notificationKeys.relayLeader], [this.instanceId]).catch(() => undefined);
  }
}
