import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { ensureCheckpointKey, loadCheckpointSigner } from '../audit/checkpoint-key.js';
import { appendAuditRecords } from '../audit/append.js';
import { sealRecord } from '../audit/leaf.js';
import { AuditSequencer } from '../audit/sequencer.js';
import { traceFromHeader } from '../audit/trace.js';
import { uuidv7 } from '../ids/uuid.js';
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
import { startNotifications, subscriptionsReader } from '../notifications/service.js';
import { senderFromFiles } from '../notifications/deliver.js';
import { consumerRegistryReader } from '../ddas/consumers.js';
import { createConsumerTokenVerifier } from '../ddas/consumer-token.js';
import { certificatesFromPem } from '../ddas/jades.js';
import { crlReader } from '../pki/crl.js';
import { loadDdasSigner } from '../ddas/signer.js';
import type { DdasDeps } from '../http/deps.js';

export interface RunningGateway {
  /** Absent in the background role, which serves no HTTP. */
  app?: FastifyInstance;
  url: string;
  port: number;
  /** The staff listener (STAFF_PORT): same services, no client-certificate request. Absent in the background role. */
  staffApp?: FastifyInstance;
  staffUrl: string;
  staffPort: number;
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
    const tls = { key: readFileSync(config.tls.key), cert: readFileSync(config.tls.cert), ca: readFileSync(config.tls.clientCa) };
    /**
     * Swap in an edited bundle without a restart (SIGHUP, POST /v1/beleid/_herladen). A broken
     * bundle is refused (PolicyBundleError) and the running one stays; a successful reload is
     * itself a decision record in the audit log. One reload at a time: a signal and a request
     * arriving together must not interleave their records and retention moves.
     */
    let reloading: Promise<unknown> = Promise.resolve();
    const reloadPolicy = (): Promise<PolicyReload> => {
      const next = reloading.then(reloadOnce, reloadOnce);
      reloading = next.catch(() => undefined);
      return next;
    };
    const reloadOnce = async (): Promise<PolicyReload> => {
      keystore.reload();
      const next = loadPolicyBundle(config.policiesDir);
      const problems = keyProblems(next.bundle, keystore);
      if (problems.length > 0) throw new PolicyBundleError(`Sleutels ontbreken:\n  ${problems.join('\n  ')}`, problems);
      const from = policyState.revision;
      if (role === 'http') {
        // A listener follows the background process, which records the reload and moves retention.
        Object.assign(policyState, next);
        return { from, to: next.revision };
      }
      const previous = policyState.bundle;
      const now = (options.clock ?? (() => new Date()))();
      const trace = traceFromHeader(undefined);
      await appendAuditRecords(redis, [sealRecord({
        kind: 'besluit', decision_id: uuidv7(now.getTime()), timestamp: now.toISOString(), path: 'beleid/herladen',
        input: { oude_revisie: from, nieuwe_revisie: next.revision }, result: 'allow', reasons: [],
        bundle_revision: next.revision, trace_id: trace.traceId, span_id: trace.spanId,
        processing_activity_id: 'urn:vroegsignaal:verwerking:auditlogging',
      })]);
      Object.assign(policyState, next);
      // A shorter retention applies to what is already stored; overdue items go at once.
      const moved = await applyShorterRetention({ redis, bundle: next.bundle, previous, keystore, periodKeysDir: config.periodKeysDir, scheduler: retention, now });
      if (moved.length > 0) await sweepNow();
      logger.info({ van: from, naar: next.revision, vervroegd: moved.length }, 'beleid herladen');
      return { from, to: next.revision };
    };
    if (role === 'background') {
      logger.info({ beleidsrevisie: revision }, 'achtergrondprocessen draaien');
      return { url: '', port: 0, staffUrl: '', staffPort: 0, redisTarget, redisUrl, logger, stop, reloadPolicy, sweep: sweepNow };
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
    logger.info({ port, staffPort, beleidsrevisie: revision }, 'gateway luistert');
    return {
      app, url: `https://localhost:${port}`, port, staffApp, staffUrl: `https://localhost:${staffPort}`, staffPort,
      redisTarget, redisUrl, logger, stop, reloadPolicy, sweep: sweepNow,
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
