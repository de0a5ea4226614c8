import { join, resolve } from 'node:path';
import { z } from 'zod';
import { homeLayout } from './home.js';
import { defaultSentinelName, parseSentinels, type RedisTarget } from '../redis/target.js';

const port = z.coerce.number().int().min(0).max(65535);
const optionalPath = z.string().min(1).optional();
/** OpenTelemetry's rule for its own variables: an empty value counts as unset. */
const otelOptional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  PORT: port.default(8443),
  // Default 8444, or 0 (any free port) when PORT is 0: see staffPort below.
  STAFF_PORT: port.optional(),
  // Unset: no separate metrics listener (GET /metrics on the staff listener, role beheerder, only).
  METRICS_PORT: port.optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z.url().optional(),
  REDIS_SENTINELS: z.string().min(1).optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).default(defaultSentinelName),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_MIN_REPLICAS: z.coerce.number().int().min(0).max(16).default(0),
  REDIS_REPLICA_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  VROEGSIGNAAL_HOME: z.string().min(1).default('./var'),
  VROEGSIGNAAL_STATE: optionalPath,
  VROEGSIGNAAL_POLICIES: z.string().min(1).default('./policies'),
  VROEGSIGNAAL_MODE: z.enum(['development', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TLS_CERT: optionalPath,
  TLS_KEY: optionalPath,
  TLS_CLIENT_CA: optionalPath,
  RECEIPT_KEY: optionalPath,
  RECEIPT_ALG: z.enum(['ES256', 'PS256']).default('ES256'),
  MUNICIPAL_KEYS_DIR: optionalPath,
  PARTNER_REGISTRY: optionalPath,
  SUBSCRIPTION_REGISTRY: optionalPath,
  AFNEMER_REGISTRY: optionalPath,
  DDAS_SIGNING_KEY: optionalPath,
  DDAS_SIGNING_CERT: optionalPath,
  DDAS_CRL_FILES: z.string().min(1).optional(),
  OIDC_ISSUER: z.string().min(1).optional(),
  OIDC_AUDIENCE: z.string().min(1).default('vroegsignaal'),
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_JWKS_FILE: optionalPath,
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  WERKPLEK_URL: z.url().optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_MAX_TOKEN_AGE: z.coerce.number().int().min(60).max(86_400).default(3600),
  AUDIT_ORIGIN: z.string().regex(/^[^\s+]+$/, 'geen spaties of +').default('localhost/vroegsignaal'),
  CHECKPOINT_KEY: optionalPath,
  SIG_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(10).default(1000),
  HTTP_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  GATEWAY_OIN: z.string().regex(/^[0-9]{20}$/, 'verwacht een OIN van 20 cijfers').optional(),
  NOTIFY_CLIENT_CERT: optionalPath,
  NOTIFY_CLIENT_KEY: optionalPath,
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Traces (src/tracing): on when an OTLP endpoint is set. The OpenTelemetry SDK reads these and
  // the other OTEL_* variables (protocol, headers, sampler, batch delays) from the environment
  // itself; they are named here to decide whether to start it at all.
  OTEL_EXPORTER_OTLP_ENDPOINT: otelOptional(z.url({ protocol: /^https?$/ })),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otelOptional(z.url({ protocol: /^https?$/ })),
  OTEL_SERVICE_NAME: otelOptional(z.string()),
  OTEL_RESOURCE_ATTRIBUTES: otelOptional(z.string()),
  OTEL_SDK_DISABLED: otelOptional(z.string()),
  OTEL_TRACES_EXPORTER: otelOptional(z.string()),
});

/** The development gateway's OIN (test prefix 00000099); production sets GATEWAY_OIN. */
export const devGatewayOin = '00000099000000000001';

export type Env = z.infer<typeof envSchema>;

/**
 * The one configuration object, read once at start. Explicit paths (TLS_CERT, RECEIPT_KEY, …)
 * point at external infrastructure; otherwise everything comes from VROEGSIGNAAL_HOME.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Ongeldige configuratie:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // An ephemeral partner port (tests, several gateways on one machine) asks for an ephemeral
  // staff port too: a fixed 8444 there would make every such gateway contend for one port.
  const staffPort = e.STAFF_PORT ?? (e.PORT === 0 ? 0 : 8444);
  if (staffPort !== 0 && staffPort === e.PORT) throw new Error(`Ongeldige configuratie:\n  STAFF_PORT: moet een andere poort zijn dan PORT (${e.PORT})`);
  if (e.METRICS_PORT && (e.METRICS_PORT === e.PORT || e.METRICS_PORT === staffPort)) {
    throw new Error(`Ongeldige configuratie:\n  METRICS_PORT: moet een andere poort zijn dan PORT (${e.PORT}) en STAFF_PORT (${staffPort})`);
  }
  const home = homeLayout(e.VROEGSIGNAAL_HOME);
  const redis = redisTarget(e);
  const oidcJwks = e.OIDC_JWKS_URL ? { url: e.OIDC_JWKS_URL } : e.OIDC_JWKS_FILE ? { file: e.OIDC_JWKS_FILE } : undefined;
  return {
    port: e.PORT,
    /** The staff listener (web application, staff JSON API): HTTPS without a client-certificate request. */
    staffPort,
    host: e.HOST,
    /**
     * A plain HTTP listener on 127.0.0.1 serving GET /metrics without a token, for a Prometheus
     * sidecar beside the gateway; unset: none (0: any free port, as tests use).
     */
    metricsPort: e.METRICS_PORT,
    /** An external Redis (one address, or Sentinels); undefined: the embedded redis-server. */
    redis,
    /**
     * How many replicas must hold a write before the gateway acknowledges it (WAIT after each
     * commit, and before the sequencer signs a checkpoint), and how long it waits for them.
     * 0: no WAIT at all (the embedded default, a single Redis).
     */
    redisReplicas: { required: e.REDIS_MIN_REPLICAS, timeoutMs: e.REDIS_REPLICA_TIMEOUT_MS },
    mode: e.VROEGSIGNAAL_MODE,
    logLevel: e.LOG_LEVEL,
    home,
    policiesDir: e.VROEGSIGNAAL_POLICIES,
    tls: {
      cert: e.TLS_CERT ?? home.serverCert,
      key: e.TLS_KEY ?? home.serverKey,
      clientCa: e.TLS_CLIENT_CA ?? home.caCert,
    },
    receipt: { keyPath: e.RECEIPT_KEY ?? home.receiptKey, alg: e.RECEIPT_ALG },
    municipalKeysDir: e.MUNICIPAL_KEYS_DIR ?? home.municipalKeysDir,
    /**
     * What the gateway itself writes (period keys for crypto-shredding), apart from the secrets,
     * which may be mounted read-only. Several instances may share it.
     */
    stateDir: resolve(e.VROEGSIGNAAL_STATE ?? home.stateDir),
    periodKeysDir: join(resolve(e.VROEGSIGNAAL_STATE ?? home.stateDir), 'perioden'),
    audit: { origin: e.AUDIT_ORIGIN, checkpointKeyPath: e.CHECKPOINT_KEY ?? home.checkpointKey },
    partnerRegistry: e.PARTNER_REGISTRY ?? home.partnerRegistry,
    /** Municipal subscriptions to case events (`vroegsignaal abonnement`). */
    subscriptionRegistry: e.SUBSCRIPTION_REGISTRY ?? home.subscriptionRegistry,
    /**
     * The DDAS pull API (CBS): the data-consumer registry, and the PS256 key with its certificate
     * chain (leaf first, PEM) that signs every answer.
     */
    ddas: {
      afnemerRegistry: e.AFNEMER_REGISTRY ?? home.afnemerRegistry,
      signingKey: e.DDAS_SIGNING_KEY ?? home.ddasSigningKey,
      signingCert: e.DDAS_SIGNING_CERT ?? home.ddasSigningCert,
      /** CRL files (PEM) for the revocation check of a consumer's signing chain; unset: no check. */
      crlFiles: e.DDAS_CRL_FILES?.split(',').map((p) => resolve(p.trim())).filter(Boolean),
    },
    signatureWindowSeconds: e.SIG_WINDOW_SECONDS,
    /** Requests per partner per minute on the intake routes (429 with Retry-After beyond). */
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    /** Event-loop lag beyond which requests are shed with 503 (see @fastify/under-pressure). */
    shedEventLoopDelayMs: e.SHED_EVENT_LOOP_DELAY_MS,
    /**
     * HTTPS listener processes. One (the default) runs everything in one process; more fork that
     * many listeners sharing the port, while the first process keeps Redis, the audit sequencer
     * and retention: one Node process uses one core for JavaScript, a machine has more.
     */
    httpWorkers: e.HTTP_WORKERS,
    /** Bearer tokens: the configured IdP, or in development the issuer made under the home. */
    oidc: e.OIDC_ISSUER ? { issuer: e.OIDC_ISSUER, audience: e.OIDC_AUDIENCE, jwks: oidcJwks } : undefined,
    /** The IdP's keys as configured, with or without an issuer: the production check names each missing half. */
    oidcJwks,
    /** The Werkplek's public address (login redirects); default https://localhost:<STAFF_PORT>. */
    werkplekUrl: e.WERKPLEK_URL?.replace(/\/$/, ''),
    /**
     * The Werkplek's login (authorization code flow) at the municipality's IdP. Without it, in
     * development the embedded IdP (src/web/auth) stands in, with its client made under the home.
     */
    werkplekOidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET }
        : undefined,
    /** Which halves of the Werkplek's client are set, so the production check names each missing one. */
    werkplekClientSettings: { id: e.OIDC_CLIENT_ID !== undefined, secret: e.OIDC_CLIENT_SECRET !== undefined },
    /** Longest bearer-token lifetime (exp - iat) accepted, in seconds; the development `token` command stays within it. */
    maxTokenAgeSeconds: e.OIDC_MAX_TOKEN_AGE,
    /**
     * Outgoing deliveries (terugmeldingen, CloudEvents): the gateway's OIN (the CloudEvents
     * `source`, the subject serialNumber of its client certificate), that client certificate and
     * its key, and how long one delivery may take, connecting and answering together.
     */
    notify: {
      gatewayOin: e.GATEWAY_OIN ?? (e.VROEGSIGNAAL_MODE === 'development' ? devGatewayOin : undefined),
      clientCert: e.NOTIFY_CLIENT_CERT ?? home.clientCert,
      clientKey: e.NOTIFY_CLIENT_KEY ?? home.clientKey,
      timeoutMs: e.NOTIFY_TIMEOUT_MS,
    },
    /**
     * Traces over OTLP (README, "Traces"): present when an endpoint is set and the SDK is not
     * switched off; absent, no SDK starts and requests carry only the trace ids of their traceparent.
     */
    tracing: tracingConfig(e),
    /** Explicit paths mean someone else manages keys: never generate over them. */
    generateDevMaterial: !e.TLS_CERT && !e.RECEIPT_KEY && e.VROEGSIGNAAL_MODE === 'development',
  };
}
export type Config = ReturnType<typeof loadConfig>;

export interface TracingConfig {
  /** `service.name` of every span: OTEL_SERVICE_NAME, else a `service.name` in OTEL_RESOURCE_ATTRIBUTES, else vroegsignaal. */
  serviceName: string | undefined;
}

function tracingConfig(e: Env): TracingConfig | undefined {
  if (!e.OTEL_EXPORTER_OTLP_ENDPOINT && !e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  // The SDK's own switches, as the SDK reads them: then it would export nothing, so start nothing.
  if (e.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (e.OTEL_TRACES_EXPORTER?.split(',').map((v) => v.trim())[0] === 'none') return undefined;
  // Left to the SDK when the resource attributes name the service, so those are not overruled.
  const named = e.OTEL_SERVICE_NAME ?? (/(^|,)\s*service\.name\s*=/.test(e.OTEL_RESOURCE_ATTRIBUTES ?? '') ? undefined : 'vroegsignaal');
  return { serviceName: named };
}

/** REDIS_URL or REDIS_SENTINELS (not both), each with REDIS_PASSWORD; neither: the embedded server. */
function redisTarget(e: Env): RedisTarget | undefined {
  const password = e.REDIS_PASSWORD !== undefined ? { password: e.REDIS_PASSWORD } : {};
  if (e.REDIS_URL && e.REDIS_SENTINELS) throw new Error('Ongeldige configuratie:\n  REDIS_URL, REDIS_SENTINELS: zet één van beide (één Redis-adres, of de Sentinels die de primary kennen)');
  let target: RedisTarget | undefined;
  if (e.REDIS_URL) target = { kind: 'url', url: e.REDIS_URL, ...password };
  if (e.REDIS_SENTINELS) {
    try {
      target = { kind: 'sentinel', sentinels: parseSentinels(e.REDIS_SENTINELS), name: e.REDIS_SENTINEL_NAME, ...password };
    } catch (err) {
      throw new Error(`Ongeldige configuratie:\n  REDIS_SENTINELS: ${(err as Error).message}`);
    }
  }
  // The embedded server has no replicas: every WAIT would fail and every intake answer 503.
  if (!target && e.REDIS_MIN_REPLICAS > 0) throw new Error('Ongeldige configuratie:\n  REDIS_MIN_REPLICAS: vraagt replica\'s, maar de ingebouwde Redis heeft er geen; zet REDIS_URL of REDIS_SENTINELS');
  return target;
}
