import { statSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { appendAuditRecords } from '../audit/append.js';
import { sealRecord } from '../audit/leaf.js';
import { processingRecord } from '../audit/records.js';
import { traceFromHeader } from '../audit/trace.js';
import { caseSignals, signalPerson } from '../cases/case.js';
import type { PartnerRegistry } from '../partners/registry.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import { caseKeys } from '../redis/keys.js';
import { cloudEvent } from './cloud-event.js';
import type { Sender } from './deliver.js';
import { startDeliveryWorkers, type DeliveryJob } from './delivery-worker.js';
import type { OutboxEvent } from './event.js';
import { feedbackMessages } from './feedback.js';
import { closeQueues, openQueues, type RelayJob } from './queues.js';
import { OutboxRelay } from './relay.js';
import { readSubscriptions, type Subscription } from './subscriptions.js';
import { startTimerWorker } from './timer-worker.js';
import { deadlineTimer } from './timers.js';

/** Who may receive what, as the relay and the workers read it at each event and attempt. */
export interface Receivers {
  bundle(): PolicyBundle;
  partners(): PartnerRegistry;
  subscriptions(): Subscription[];
  /** The gateway's OIN (the CloudEvents source); absent: no municipal events can be named. */
  gatewayOin: string | undefined;
}

/**
 * The jobs one outbox event becomes: its deadline timer, a terugmelding for each signal whose
 * partner registered a callback and whose new status the policy pushes, and a CloudEvent for each
 * subscription of the case's municipality. Job ids derive from the event id, so a replay adds
 * nothing twice. Job data is pseudonymous, as the event is.
 */
export function routeEvent(event: OutboxEvent, receivers?: Receivers): RelayJob[] {
  const jobs: RelayJob[] = [];
  const timer = deadlineTimer(event);
  if (timer) jobs.push({ queue: 'termijn', name: 'termijn', jobId: timer.jobId, data: { gemeentecode: timer.gemeentecode, aanbodtermijn: timer.aanbodtermijn }, dueAt: timer.dueAt });
  if (!receivers) return jobs;
  for (const m of feedbackMessages(event, receivers.bundle().terugmelding, receivers.partners())) {
    const data: DeliveryJob = {
      ontvanger: m.partnerOin, eventId: event.id,
      message: { kind: 'terugmelding', idempotencyKey: m.idempotencyKey, body: m.body },
      terugmelding: { partnerOin: m.partnerOin, signaalId: m.body.signaalId, zaakId: event.zaakId, rules: m.rules, fields: Object.keys(m.body) },
    };
    jobs.push({ queue: 'terugmelding', name: 'terugmelding', jobId: `${m.idempotencyKey}-${m.partnerOin}`, data: data as unknown as Record<string, unknown> });
  }
  // A caseless repeat's event is its partner's only: no case, nothing for a municipality.
  const subscribed = receivers.gatewayOin && event.zaakId ? receivers.subscriptions().filter((s) => s.gemeentecode === event.gemeentecode) : [];
  if (subscribed.length > 0) {
    const body = cloudEvent(event, receivers.gatewayOin!);
    for (const s of subscribed) {
      const data: DeliveryJob = { ontvanger: s.id, eventId: event.id, message: { kind: 'cloudevent', idempotencyKey: event.id, body } };
      jobs.push({ queue: 'gebeurtenis', name: `nl.vroegsignaal.zaak.${event.type}`, jobId: `${event.id}-${s.id}`, data: data as unknown as Record<string, unknown> });
    }
  }
  return jobs;
}

/** The subscriptions file, read again only when it changed (every event asks). */
export function subscriptionsReader(path: string): () => Subscription[] {
  let stamp = '';
  let current: Subscription[] = [];
  return () => {
    const s = statSync(path, { throwIfNoEntry: false });
    const next = s ? `${s.ino}:${s.mtimeMs}:${s.size}` : '';
    if (next !== stamp) {
      current = s ? readSubscriptions(path) : [];
      stamp = next;
    }
    return current;
  };
}

export interface NotificationDeps {
  redis: Redis;
  /** BullMQ's connection (no per-command retry cap: its workers block on it). */
  queueRedis: Redis;
  clock: () => Date;
  logger: Logger;
  relay: boolean;
  auditRetention: () => string;
  receivers: Receivers;
  /** Absent when the gateway has no client certificate to send with: deliveries wait in their queues. */
  sender: Sender | undefined;
}

/** The record of one delivered terugmelding: what a partner learned about whom, under which rules. */
async function recordFeedback(redis: Redis, job: DeliveryJob, now: Date, auditRetention: string): Promise<void> {
  const t = job.terugmelding;
  if (!t) return;
  const h = await redis.hgetall(caseKeys.case(t.zaakId));
  const signals = caseSignals(h);
  const index = signals.findIndex((s) => s.signaalId === t.signaalId);
  const person = index >= 0 ? signalPerson(signals[index]!, index, h.persoonPseudonym) : undefined;
  const trace = traceFromHeader(undefined);
  await appendAuditRecords(redis, [sealRecord(processingRecord(trace, 'terugmelding-verstrekt', now, {
    'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:signalen-ontvangen',
    'dpl.core.data_subject_id': person ?? h.persoonPseudonym ?? `zaak:${t.zaakId}`,
    'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
    'vroegsignaal.vertrouwelijkheid': 'normaal',
    'vroegsignaal.bewaartermijn': auditRetention,
    ...(h.gemeentecode ? { 'vroegsignaal.gemeentecode': h.gemeentecode } : {}),
    'vroegsignaal.zaak_id': t.zaakId,
    'vroegsignaal.signaal_id': t.signaalId,
    'vroegsignaal.partner_oin': t.partnerOin,
    'vroegsignaal.terugmelding.velden': t.fields,
    'vroegsignaal.terugmelding.regels': t.rules,
  }))]);
}

/** The background half of notifications: the outbox relay and the workers of its queues. */
export function startNotifications(deps: NotificationDeps): { stop(): Promise<void> } {
  const queues = openQueues(deps.queueRedis);
  const relay = new OutboxRelay(deps.redis, {
    queues, route: (events) => {
      // The registry, policy and subscriptions read once per batch, not once per event.
      const r = deps.receivers;
      const [bundle, partners, subscriptions] = [r.bundle(), r.partners(), r.subscriptions()];
      const snapshot: Receivers = { bundle: () => bundle, partners: () => partners, subscriptions: () => subscriptions, gatewayOin: r.gatewayOin };
      return events.flatMap((event) => routeEvent(event, snapshot));
    },
    clock: deps.clock,
    onError: (err) => deps.logger.error({ err: { message: err.message } }, 'outbox-relay'),
  });
  if (deps.relay) relay.start();
  const timers = startTimerWorker(deps.queueRedis, { redis: deps.redis, clock: deps.clock, auditRetention: deps.auditRetention });
  timers.on('error', (err) => deps.logger.error({ err: { message: err.message } }, 'termijn-worker'));
  const deliveries = deps.sender ? startDeliveryWorkers(deps.queueRedis, {
    sender: deps.sender,
    target: (queue, ontvanger) => {
      if (queue === 'terugmelding') return deps.receivers.partners().feedbackReceiver(ontvanger);
      const s = deps.receivers.subscriptions().find((x) => x.id === ontvanger);
      return s ? { url: s.url, ca: s.ca } : undefined;
    },
    delivered: (job) => recordFeedback(deps.redis, job, deps.clock(), deps.auditRetention()),
    onSkipped: (queue, ontvanger) => deps.logger.info({ wachtrij: queue, ontvanger }, 'melding niet bezorgd: ontvanger bestaat niet meer'),
  }) : [];
  for (const w of deliveries) w.on('error', (err) => deps.logger.error({ err: { message: err.message } }, 'meldingen-worker'));
  return {
    async stop() {
      await relay.stop();
      await Promise.all([timers.close(), ...deliveries.map((w) => w.close())]);
      deps.sender?.close();
      await closeQueues(queues);
    },
  };
}
