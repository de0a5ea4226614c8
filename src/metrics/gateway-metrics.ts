import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PolicySnapshot } from '../intake/service.js';
import { queueNames } from '../notifications/queues.js';
import { queuePrefix } from '../redis/keys.js';
import { retentionQueueName } from '../retention/scheduler.js';
import { partnerTypeLabel, routeLabel, statusClass, statusLabel } from './labels.js';
import { perScrape, withTimeout } from './per-scrape.js';
import type { MetricsRecorder } from './recorder.js';
import { timeRedisCommands } from './redis-timing.js';
import { CommandTimes, registerCommandTimes } from './command-times.js';
import { queueStates, readSnapshot, retentionKinds, type MetricsSnapshot } from './snapshot.js';

export interface GatewayMetricsOptions {
  /** The request-path connection (intake, cases, sequencer, relay): its commands are timed. */
  redis: Redis;
  /**
   * BullMQ's connection: the gauges read through it, so a scrape's own reads neither count as the
   * request path's latency nor wait in its pipeline.
   */
  queueRedis: Redis;
  policy: () => PolicySnapshot;
  clock: () => Date;
  /**
   * Whether this process reads the Redis gauges (queues, cases, audit, retention) at scrape time.
   * Every process may; with HTTP_WORKERS > 1 the first process does and the listeners leave them out,
   * so the figures summed over the processes count each once.
   */
  redisGauges?: boolean;
  /**
   * How a scrape is answered; default: this registry. With HTTP_WORKERS > 1 the first process sums
   * every process's registry and a listener asks the first process (cluster.ts).
   */
  render?: (own: Registry) => Promise<string>;
  /** How long a scrape waits for Redis before it answers without the Redis gauges (default 5 s). */
  redisTimeoutMs?: number;
  onReadError?: (err: Error) => void;
}

export interface GatewayMetrics extends MetricsRecorder {
  registry: Registry;
  /** One answered HTTP request (the onResponse hook, http-hook.ts). */
  observeRequest(listener: string, method: string, route: string | undefined, status: number, seconds: number): void;
  /** The text a scrape gets (Prometheus text format 0.0.4). */
  render(): Promise<string>;
  contentType: string;
  close(): Promise<void>;
}

/** Buckets for request latency, in seconds: an intake answers in milliseconds, a batch of 1,000 in seconds. */
const requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Buckets for one Redis command, in seconds: most answer well under a millisecond, a sequencer batch takes longer. */
const redisBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The gateway's metrics: one registry per gateway (never prom-client's global one, so two gateways
 * in one process — the tests — each count their own). Counters and histograms are counted as
 * things happen; the gauges about stored state are read from Redis when scraped, in one round trip
 * (snapshot.ts) shared by all of them. Help texts are English, as Prometheus' own are.
 */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const intake = new Counter({
    name: 'vroegsignaal_intake_outcomes_total',
    help: 'Intake answers by signaalpartner type and HTTP status: one per single signal, one per batch item, one per batch refused as a whole',
    labelNames: ['partner_type', 'status'] as const,
    registers,
  });
  const requests = new Histogram({
    name: 'vroegsignaal_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by listener, method, route template and status class',
    labelNames: ['listener', 'method', 'route', 'status_class'] as const,
    buckets: requestBuckets,
    registers,
  });
  const redisCommands = new CommandTimes(redisBuckets);
  registerCommandTimes(registry, redisCommands, 'vroegsignaal_redis_command_duration_seconds',
    'Time from sending a Redis command on the request connection to its reply, by command (scripts by their defined name)', 'command');
  const lapses = new Counter({
    name: 'vroegsignaal_claim_lapses_total',
    help: 'Claims whose lease had lapsed, given back to the queue by this instance, by municipality',
    labelNames: ['gemeentecode'] as const,
    registers,
  });
  const untimeRedis = timeRedisCommands(options.redis, (command, seconds) => redisCommands.record(command, seconds));

  let queues: Array<{ name: string; queue: Queue }> = [];
  if (options.redisGauges !== false) {
    queues = [retentionQueueName, queueNames.terugmelding, queueNames.gebeurtenis, queueNames.termijn]
      .map((name) => ({ name, queue: new Queue(name, { connection: options.queueRedis, prefix: queuePrefix }) }));
    registerRedisGauges(registry, perScrape(async () => {
      const policy = options.policy();
      try {
        return await withTimeout(readSnapshot({
          redis: options.queueRedis,
          queues,
          gemeentecodes: policy.bundle.gemeenten.map((g) => g.gemeentecode),
          now: options.clock(),
          auditContentTerm: policy.bundle.termijnen.auditInhoud.duur,
        }), options.redisTimeoutMs ?? 5_000, 'Redis antwoordde niet op tijd voor de metrics');
      } catch (err) {
        options.onReadError?.(err as Error);
        return undefined;
      }
    }));
  }

  return {
    registry,
    contentType: registry.contentType,
    intakeOutcome(partnerType, status, count = 1) {
      intake.inc({ partner_type: partnerTypeLabel(partnerType), status: statusLabel(status) }, count);
    },
    leaseLapsed(gemeentecode, count) {
      if (count > 0) lapses.inc({ gemeentecode }, count);
    },
    observeRequest(listener, method, route, status, seconds) {
      requests.observe({ listener, method, route: routeLabel(route), status_class: statusClass(status) }, seconds);
    },
    render: () => (options.render ? options.render(registry) : registry.metrics()),
    async close() {
      untimeRedis();
      await Promise.all(queues.map(({ queue }) => queue.close()));
      registry.clear();
    },
  };
}

/**
 * The gauges about stored state, each filled from the scrape's one snapshot. When Redis cannot be
 * read they are left empty for that scrape (a missing series, not a stale one) and
 * vroegsignaal_metrics_redis_up says 0.
 */
function registerRedisGauges(registry: Registry, snapshot: () => Promise<MetricsSnapshot | undefined>): void {
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, s: MetricsSnapshot) => void) =>
    new Gauge<L>({
      name, help, labelNames, registers,
      async collect() {
        const s = await snapshot();
        this.reset();
        // prom-client gives a gauge without labels a 0 of its own; no reading is no sample, not a 0.
        if (labelNames.length === 0) this.remove();
        if (s) fill(this, s);
      },
    });
  new Gauge({
    name: 'vroegsignaal_metrics_redis_up',
    help: '1 when this scrape could read the gauges below from Redis, 0 when Redis failed or was too slow',
    registers,
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  gauge('vroegsignaal_audit_pending_records', 'Audit records appended but not yet sequenced into the Merkle tree', [], (g, s) => g.set(s.audit.pendingRecords));
  gauge('vroegsignaal_audit_oldest_pending_age_seconds', 'Age of the oldest audit record not yet sequenced (0 when none waits); GET /readyz fails beyond a minute', [], (g, s) => g.set(s.audit.oldestPendingSeconds));
  gauge('vroegsignaal_audit_checkpoint_age_seconds', 'Time since the newest audit checkpoint was committed (grows while nothing is appended)', [], (g, s) => {
    if (s.audit.checkpointAgeSeconds !== undefined) g.set(s.audit.checkpointAgeSeconds);
  });
  gauge('vroegsignaal_outbox_entries', 'Case events in the outbox stream not yet moved into delivery jobs by the relay', [], (g, s) => g.set(s.outboxEntries));
  gauge('vroegsignaal_queue_jobs', 'BullMQ jobs by queue and state (waiting includes prioritized)', ['queue', 'state'], (g, s) => {
    for (const q of s.queues) for (const state of queueStates) g.set({ queue: q.queue, state }, q.counts[state]);
  });
  gauge('vroegsignaal_cases_open', 'Cases waiting in the municipality\'s worklist, unclaimed', ['gemeentecode'], (g, s) => {
    for (const c of s.cases) g.set({ gemeentecode: c.gemeentecode }, c.open);
  });
  gauge('vroegsignaal_cases_claimed', 'Cases claimed by a worker, the lease still running', ['gemeentecode'], (g, s) => {
    for (const c of s.cases) g.set({ gemeentecode: c.gemeentecode }, c.claimed);
  });
  gauge('vroegsignaal_cases_overdue', 'Unclaimed cases in the worklist past their offer deadline', ['gemeentecode'], (g, s) => {
    for (const c of s.cases) g.set({ gemeentecode: c.gemeentecode }, c.overdue);
  });
  gauge('vroegsignaal_claims_expired', 'Claims past their lease end not yet returned to the worklist (the next claim or action of the municipality returns them)', ['gemeentecode'], (g, s) => {
    for (const c of s.cases) g.set({ gemeentecode: c.gemeentecode }, c.claimsExpired);
  });
  gauge('vroegsignaal_retention_overdue_items', 'Stored items past the end of their retention, not yet deleted, by kind (audit content: at most 1,000 runs counted)', ['kind'], (g, s) => {
    for (const kind of retentionKinds) g.set({ kind }, s.retentionOverdue[kind]);
  });
}
