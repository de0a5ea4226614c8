import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { ensureCheckpointKey, loadCheckpointSigner } from '../audit/checkpoint-key.js';
import { AuditSequencer } from '../audit/sequencer.js';
import { defaultAudience, devIssuer, devIssuerPaths, ensureDevIssuer } from '../auth/dev-issuer.js';
import { createTokenVerifier, type TokenVerifier } from '../auth/verify-token.js';
import { ensureDevMaterial } from '../config/dev-material.js';
import { ProductionConfigError, productionProblems } from '../config/production-check.js';
import { buildApp } from '../http/app.js';
import type { AppDeps } from '../http/deps.js';
import { loadReceiptSigner } from '../intake/receipt-key.js';
import { createLogger } from '../logging/logger.js';
import { createRegistryWatcher } from '../partners/registry.js';
import { keyProblems } from '../policy/key-check.js';
import { loadPolicyBundle, PolicyBundleError } from '../policy/load.js';
import { ensureMunicipalKeys, reloadingKeystore } from '../privacy/keystore.js';
import { createRedis } from '../redis/connection.js';
import { ReplicaBarrier } from '../redis/replicas.js';
import { describeTarget, type RedisTarget } from '../redis/target.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded.js';
import { RetentionScheduler, startRetentionWorker } from '../retention/scheduler.js';
import { sweep, type SweepResult } from '../retention/sweeper.js';
import { deleteCaseFacts } from '../retention/case-facts.js';
import { deleteContactDetails } from '../retention/contact-deletion.js';
import { applyShorterRetention } from '../retention/reschedule.js';
import { followPolicyReloads, recordPolicyReload } from '../policy/reload.js';
import { startNotifications, subscriptionsReader } from '../notifications/service.js';
import { senderFromFiles } from '../notifications/deliver.js';
import { consumerRegistryReader } from '../ddas/consumers.js';
import { createConsumerTokenVerifier } from '../ddas/consumer-token.js';
import { certificatesFromPem } from '../ddas/jades.js';
import { crlReader } from '../pki/crl.js';
import { loadDdasSigner } from '../ddas/signer.js';
import type { DdasDeps } from '../http/deps.js';
import { startTracing } from '../tracing/sdk.js';
import { createGatewayMetrics } from '../metrics/gateway-metrics.js';
import { startMetricsListener } from '../metrics/loopback.js';
import { answerListeners, askFirstProcess, clusterMetrics, shareWithFirstProcess } from '../metrics/cluster.js';

export interface RunningGateway {
  /** Absent in the background role, which serves no HTTP. */
  app?: FastifyInstance;
  url: string;
  port: number;
  /** The staff listener (STAFF_PORT): same services, no client-certificate request. Absent in the background role. */
  staffApp?: FastifyInstance;
  staffUrl: string;
  staffPort: number;
  /** The METRICS_PORT listener (plain HTTP on 127.0.0.1); absent when METRICS_PORT is unset. */
  metricsUrl?: string;
  /** The Redis every connection of this gateway is made from (config.redis, or the embedded server). */
  redisTarget: RedisTarget;
  /** Its URL when it is one address (REDIS_URL, the embedded server); empty with Sentinels. */
  redisUrl: string;
  logger: Logger;
  stop(): Promise<void>;
  reloadPolicy(): Promise<PolicyReload>;
  /** Run the retention sweeper now (what the hourly job does). */
  sweep(): Promise<SweepResult>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Tests trade AOF fsync for speed; the default is durable. */
  durableRedis?: boolean;
  rateLimitPerMinute?: number;
  /** Replaces the Redis health check behind load shedding (tests make it fail on purpose). */
  healthCheck?: () => Promise<boolean>;
  /** Progress lines for a person at a terminal (npm start); the structured log gets them too. */
  say?: (line: string) => void;
  /** Tests drive the sequencer by hand (no timers); the default runs it in the background. */
  sequencer?: boolean;
  /** Tests that read the outbox itself stop the relay that empties it; the default runs it. */
  relay?: boolean;
  /** How often the retention sweeper runs (a repeatable job); hourly by default. */
  sweepEveryMs?: number;
  /**
   * 'all' (default): one process does everything. With HTTP_WORKERS > 1 the first process takes
   * 'background' (embedded Redis, sequencer, retention; no listener) and each forked listener
   * 'http' (requests only; policy reloads follow the background process, which records them).
   */
  role?: 'all' | 'background' | 'http';
  /**
   * In the 'http' role: how `POST /v1/beleid/_herladen` gets the background process to reload
   * (which records it and then reloads every listener). Without it the endpoint reloads here.
   */
  reloadThroughBackground?: () => Promise<PolicyReload>;
  /**
   * Not in the 'http' role: called after this process followed a reload recorded by another
   * instance (its listeners, HTTP_WORKERS > 1, reload too).
   */
  onPolicyFollowed?: () => Promise<void>;
}

/** The revisions before and after a reload. */
export interface PolicyReload {
  from: string;
  to: string;
}

/**
 * The composition root: everything in one process on the embedded default, or against external
 * Redis and key files when configured. Returns once the HTTPS listener accepts connections.
 */
export async function startGateway(config: Config, options: StartOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const role = options.role ?? 'all';
  const background = role !== 'http';
  const say = options.say ?? ((line: string) => logger.info(line));
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => logger.warn({ err: err.message }, 'stoppen'));
  };
  try {
    // First, so its shutdown is the last cleanup: the spans of requests drained by the listeners'
    // close are exported too. The background role serves no requests and needs no spans.
    const tracing = config.tracing && role !== 'background' ? await startTracing(config.tracing, logger) : undefined;
    if (tracing) cleanups.push(() => tracing.shutdown());
    const { bundle, revision } = loadPolicyBundle(config.policiesDir);
    if (config.mode === 'production') {
      // Everything production needs, checked before anything starts: every missing item at once.
      const problems = await productionProblems(config, bundle);
      if (problems.length > 0) throw new ProductionConfigError(problems);
    }
    if (config.generateDevMaterial) {
      const { created } = await ensureDevMaterial(config);
      for (const item of created) say(`aangemaakt: ${item}`);
    }
    const verifyToken = await tokenVerifier(config, options.clock, say);
    const gemeentecodes = bundle.gemeenten.map((g: { gemeentecode: string }) => g.gemeentecode);
    if (config.mode === 'development') {
      for (const code of ensureMunicipalKeys(config.municipalKeysDir, gemeentecodes)) say(`sleutels aangemaakt voor gemeente ${code}`);
    }
    const keystore = reloadingKeystore(config.municipalKeysDir, config.periodKeysDir);
    const missingKeys = keyProblems(bundle, keystore);
    if (missingKeys.length > 0) throw new Error(`Sleutels ontbreken:\n  ${missingKeys.join('\n  ')}`);

    let embedded: EmbeddedRedis | undefined;
    let redisTarget = config.redis;
    if (!redisTarget) {
      embedded = await startEmbeddedRedis({ dir: config.home.redisDir, durable: options.durableRedis ?? true });
      cleanups.push(() => embedded!.stop());
      redisTarget = { kind: 'url', url: embedded.url };
      say(`redis-server gestart op ${embedded.url} (data in ${config.home.redisDir})`);
    } else {
      logger.info({ redis: describeTarget(redisTarget), minReplicas: config.redisReplicas.required }, 'redis');
    }
    const redisUrl = redisTarget.kind === 'url' ? redisTarget.url : '';
    const redis = createRedis(redisTarget);
    cleanups.push(() => redis.quit());
    // BullMQ's worker blocks on its connection, which must have no per-command retry cap.
    const queueRedis = createRedis(redisTarget, { maxRetriesPerRequest: null });
    cleanups.push(() => queueRedis.quit());
    // REDIS_MIN_REPLICAS: WAIT blocks the connection it is sent on, so it gets its own (the
    // intake's commits go there too, the WAIT right behind them). No replicas asked: no WAIT at all.
    const replicas = config.redisReplicas.required > 0
      ? new ReplicaBarrier(createRedis(redisTarget, { enableAutoPipelining: false }), config.redisReplicas)
      : undefined;
    if (replicas) cleanups.push(() => replicas.close());

    if (config.generateDevMaterial && ensureCheckpointKey(config.audit.checkpointKeyPath)) say(`checkpointsleutel aangemaakt (${config.audit.checkpointKeyPath})`);
    const checkpointSigner = loadCheckpointSigner(config.audit.checkpointKeyPath, config.audit.origin);
    if (background && options.sequencer !== false) {
      const sequencer = new AuditSequencer(redis, {
        origin: config.audit.origin, signer: checkpointSigner, ...(replicas ? { replicas } : {}),
        onError: (err) => logger.error({ err: { type: err.name, message: err.message } }, 'auditsequencer'),
      });
      sequencer.start();
      cleanups.push(() => sequencer.stop());
    }
    const retention = new RetentionScheduler(queueRedis);
    cleanups.push(() => retention.close());
    const clock = options.clock ?? (() => new Date());
    // Before any worker starts: a job already due at start runs at once and reads it.
    const policyState = { bundle, revision };
    // One registry per gateway: its counters, its Redis latency, and the gauges read at scrape time.
    // With HTTP_WORKERS > 1 the first process reads the gauges and answers for every process.
    const metrics = createGatewayMetrics({
      redis, queueRedis, clock, policy: () => policyState,
      redisGauges: role !== 'http',
      ...(role === 'background' ? { render: clusterMetrics } : role === 'http' ? { render: askFirstProcess } : {}),
      onReadError: (err) => logger.warn({ err: { message: err.message } }, 'metrics: Redis niet gelezen'),
    });
    cleanups.push(() => metrics.close());
    if (role === 'background') {
      const stopAnswering = answerListeners(() => metrics.render());
      cleanups.push(async () => stopAnswering());
    }
    if (role === 'http') {
      const stopSharing = shareWithFirstProcess(metrics.registry);
      cleanups.push(async () => stopSharing());
    }
    // A case whose facts went takes its retention jobs along.
    const forgetJobs = async (zaakId: string) => {
      await retention.forget(zaakId);
    };
    const deletionContext = () => ({ now: clock(), auditRetention: policyState.bundle.termijnen.auditInhoud.duur, bundleRevision: policyState.revision });
    const sweepNow = () => sweep({
      redis, periodKeysDir: config.periodKeysDir, gemeentecodes: keystore.gemeentecodes(),
      auditRetention: policyState.bundle.termijnen.auditInhoud.duur, bundleRevision: policyState.revision, now: clock(), forgetJobs,
    });
    if (background) {
      const retentionWorker = startRetentionWorker(queueRedis, {
        sweep: sweepNow,
        contactDetails: (job) => deleteContactDetails(redis, job, deletionContext()),
        caseFacts: async (job) => {
          await deleteCaseFacts(redis, job.zaakId, { ...deletionContext(), regel: job.regel });
        },
      });
      await retention.scheduleSweeper(options.sweepEveryMs ?? 3_600_000);
      retentionWorker.on('error', (err) => logger.error({ err: { message: err.message } }, 'bewaartermijn-worker'));
      cleanups.push(() => retentionWorker.close());
    }
    const registry = createRegistryWatcher(config.partnerRegistry);
    const receiptSigner = await loadReceiptSigner(config.receipt.keyPath, config.receipt.alg);
    if (background) {
      const canSend = existsSync(config.notify.clientCert) && existsSync(config.notify.clientKey);
      if (!canSend) logger.warn({ certificaat: config.notify.clientCert }, 'geen clientcertificaat voor meldingen: terugmeldingen en gebeurtenissen wachten in hun wachtrij');
      const notifications = startNotifications({
        redis, queueRedis, clock, logger, relay: options.relay !== false,
        auditRetention: () => policyState.bundle.termijnen.auditInhoud.duur,
        receivers: {
          bundle: () => policyState.bundle, partners: () => registry.current(),
          subscriptions: subscriptionsReader(config.subscriptionRegistry), gatewayOin: config.notify.gatewayOin,
        },
        sender: canSend ? senderFromFiles(config.notify, receiptSigner, clock) : undefined,
      });
      cleanups.push(() => notifications.stop());
    }
    const listenForMetrics = async (port: number) => {
      const listener = await startMetricsListener(metrics, port, (err) => logger.error({ err: { message: err.message } }, 'metrics'));
      cleanups.push(() => listener.close());
      return listener.url;
    };
    const tls = { key: readFileSync(config.tls.key), cert: readFileSync(config.tls.cert), ca: readFileSync(config.tls.clientCa) };
    /**
     * Swap in an edited bundle without a restart (SIGHUP, POST /v1/beleid/_herladen). A broken
     * bundle is refused (PolicyBundleError) and the running one stays; a successful reload is
     * itself a decision record in the audit log — once across every instance on this Redis: the
     * reload that changes the revision in force records it and tells the others (policy/reload.ts).
     * One reload at a time: a signal and a request arriving together must not interleave their
     * records and retention moves, and a reload heard from another instance waits its turn too.
     */
    let reloading: Promise<unknown> = Promise.resolve();
    const serially = <T>(task: () => Promise<T>): Promise<T> => {
      const next = reloading.then(task, task);
      reloading = next.catch(() => undefined);
      return next;
    };
    const loadNext = () => {
      keystore.reload();
      const next = loadPolicyBundle(config.policiesDir);
      const problems = keyProblems(next.bundle, keystore);
      if (problems.length > 0) throw new PolicyBundleError(`Sleutels ontbreken:\n  ${problems.join('\n  ')}`, problems);
      return next;
    };
    const reloadOnce = async (): Promise<PolicyReload> => {
      const next = loadNext();
      const from = policyState.revision;
      if (role === 'http') {
        // A listener follows the background process, which records the reload and moves retention.
        Object.assign(policyState, next);
        return { from, to: next.revision };
      }
      const previous = policyState.bundle;
      const now = clock();
      // Undefined when another reload (here or on another instance) put this revision in force already.
      const recorded = await recordPolicyReload(redis, { from, to: next.revision, now });
      Object.assign(policyState, next);
      // A shorter retention applies to what is already stored; overdue items go at once — moved by
      // the instance that recorded the reload only, the others found it done.
      const moved = recorded === undefined ? [] : await applyShorterRetention({ redis, bundle: next.bundle, previous, keystore, periodKeysDir: config.periodKeysDir, scheduler: retention, now });
      if (moved.length > 0) await sweepNow();
      logger.info({ van: from, naar: next.revision, vastgelegd: recorded !== undefined, vervroegd: moved.length }, 'beleid herladen');
      return { from, to: next.revision };
    };
    const reloadPolicy = (): Promise<PolicyReload> => serially(reloadOnce);
    /**
     * Another instance recorded a reload (or this one starts or reconnects while a revision is in
     * force): load our own policies directory and take it when it holds that revision. When it
     * does not, the operator deployed different bundles: warn and keep serving what runs here —
     * a follower never records, and never puts in force a revision nobody recorded.
     */
    const followOnce = async (published: string) => {
      if (policyState.revision === published) return;
      let next: ReturnType<typeof loadNext>;
      try {
        next = loadNext();
      } catch (err) {
        logger.error({ gepubliceerd: published, err: { message: (err as Error).message } }, 'beleid elders herladen, maar de beleidsmap hier is ongeldig; het huidige beleid blijft gelden');
        return;
      }
      if (next.revision !== published) {
        logger.warn({ gepubliceerd: published, opSchijf: next.revision, inGebruik: policyState.revision }, 'beleid elders herladen, maar de beleidsmap hier heeft een andere revisie; deze instantie houdt haar huidige beleid (zet dezelfde beleidsmap op elke instantie)');
        return;
      }
      const from = policyState.revision;
      Object.assign(policyState, next);
      await options.onPolicyFollowed?.();
      logger.info({ van: from, naar: next.revision }, 'beleid gevolgd');
    };
    if (background) {
      const follower = followPolicyReloads(redis, (published) => serially(() => followOnce(published)), (err) => logger.error({ err: { message: err.message } }, 'beleid volgen'));
      cleanups.push(() => follower.stop());
    }
    // METRICS_PORT: the one process that answers for all (the first, with HTTP_WORKERS > 1).
    const metricsUrl = role !== 'http' && config.metricsPort !== undefined ? await listenForMetrics(config.metricsPort) : undefined;
    if (role === 'background') {
      logger.info({ beleidsrevisie: revision, ...(metricsUrl ? { metricsUrl } : {}) }, 'achtergrondprocessen draaien');
      return { url: '', port: 0, staffUrl: '', staffPort: 0, ...(metricsUrl ? { metricsUrl } : {}), redisTarget, redisUrl, logger, stop, reloadPolicy, sweep: sweepNow };
    }
    // One set of services (Redis, keystore, policy state, clock) behind both listeners.
    const deps: AppDeps = {
      redis,
      ...(replicas ? { replicas } : {}),
      keystore,
      policy: () => policyState,
      partners: () => registry.current(),
      receiptSigners: [receiptSigner],
      clock: options.clock ?? (() => new Date()),
      signatureWindowSeconds: config.signatureWindowSeconds,
      logger,
      rateLimitPerMinute: options.rateLimitPerMinute ?? config.rateLimitPerMinute,
      loadShedding: {
        maxEventLoopDelayMs: config.shedEventLoopDelayMs,
        // Redis is the system of record: without it every intake would fail after a timeout.
        healthCheck: options.healthCheck ?? (async () => (await redis.ping()) === 'PONG'),
      },
      verifyToken,
      checkpointSigner,
      retention,
      reloadPolicy: role === 'http' && options.reloadThroughBackground ? options.reloadThroughBackground : reloadPolicy,
      municipalKeysDir: config.municipalKeysDir,
      periodKeysDir: config.periodKeysDir,
      tls,
      ...ddasDeps(config, options.clock),
      ...(tracing ? { tracing: tracing.http } : {}),
      metrics,
    };
    const app = await buildApp(deps, { serverUrl: `https://localhost:${config.port}`, listener: 'partner' });
    cleanups.push(() => app.close());
    // Known once the staff listener listens (STAFF_PORT may be 0); the login needs its own address.
    let staffOrigin = config.werkplekUrl ?? `https://localhost:${config.staffPort}`;
    const werkplekOptions = config.werkplekOidc
      ? { redis, clock, origin: () => staffOrigin, oidc: config.werkplekOidc }
      : config.mode === 'development'
        ? { redis, clock, origin: () => staffOrigin, devIdp: { homeRoot: config.home.root, ca: readFileSync(config.tls.clientCa) } }
        : undefined;
    const staffApp = await buildApp(deps, { serverUrl: `https://localhost:${config.staffPort}`, listener: 'staff', ...(werkplekOptions ? { werkplek: werkplekOptions } : {}) });
    cleanups.push(() => staffApp.close());
    await app.listen({ port: config.port, host: config.host });
    await staffApp.listen({ port: config.staffPort, host: config.host });
    const port = (app.server.address() as AddressInfo).port;
    const staffPort = (staffApp.server.address() as AddressInfo).port;
    if (!config.werkplekUrl) staffOrigin = `https://localhost:${staffPort}`;
    logger.info({ port, staffPort, ...(metricsUrl ? { metricsUrl } : {}), beleidsrevisie: revision }, 'gateway luistert');
    return {
      app, url: `https://localhost:${port}`, port, staffApp, staffUrl: `https://localhost:${staffPort}`, staffPort,
      ...(metricsUrl ? { metricsUrl } : {}), redisTarget, redisUrl, logger, stop, reloadPolicy, sweep: sweepNow,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The DDAS pull API's services, when the gateway has its signing certificate (made in
 * development; in production DDAS_SIGNING_KEY and DDAS_SIGNING_CERT): without one it is not served.
 * Its access tokens come from the same issuer as staff tokens (client-credentials flow there).
 */
function ddasDeps(config: Config, clock: (() => Date) | undefined): { ddas?: DdasDeps } {
  const signer = loadDdasSigner(config.ddas.signingKey, config.ddas.signingCert);
  if (!signer) return {};
  const clockOption = { ...(clock ? { clock } : {}), maxTokenAgeSeconds: config.maxTokenAgeSeconds };
  const verifyToken = config.oidc?.jwks
    ? createConsumerTokenVerifier({ issuer: config.oidc.issuer, audience: config.oidc.audience, jwks: config.oidc.jwks, ...clockOption })
    : config.mode === 'development'
      ? createConsumerTokenVerifier({ issuer: devIssuer, audience: defaultAudience, jwks: { file: devIssuerPaths(config.home.root).jwks }, algorithms: ['ES256'], ...clockOption })
      : undefined;
  return {
    ddas: {
      consumers: consumerRegistryReader(config.ddas.afnemerRegistry),
      verifyToken,
      signer,
      anchors: certificatesFromPem(readFileSync(config.tls.clientCa, 'utf8')),
      crls: config.ddas.crlFiles?.length ? crlReader(config.ddas.crlFiles) : undefined,
      development: config.mode === 'development',
    },
  };
}

/**
 * The configured IdP; in development without one, the issuer made under the home — trusted only
 * in development mode, so a production gateway never accepts self-made tokens.
 */
async function tokenVerifier(config: Config, clock: (() => Date) | undefined, say: (line: string) => void): Promise<TokenVerifier | undefined> {
  const clockOption = { ...(clock ? { clock } : {}), maxTokenAgeSeconds: config.maxTokenAgeSeconds };
  if (config.oidc?.jwks) return createTokenVerifier({ issuer: config.oidc.issuer, audience: config.oidc.audience, jwks: config.oidc.jwks, ...clockOption });
  if (config.mode !== 'development') return undefined;
  if (await ensureDevIssuer(config.home.root)) say(`ontwikkel-OIDC-issuer aangemaakt (${devIssuerPaths(config.home.root).jwks})`);
  return createTokenVerifier({ issuer: devIssuer, audience: defaultAudience, jwks: { file: devIssuerPaths(config.home.root).jwks }, algorithms: ['ES256'], ...clockOption });
}
