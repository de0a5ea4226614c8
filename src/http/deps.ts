import type { Redis } from 'ioredis';
import type { Crl } from '../pki/crl.js';
import type { FastifyBaseLogger } from 'fastify';
import type { NoteSigner } from '../audit/note.js';
import type { TokenVerifier } from '../auth/verify-token.js';
import type { IntakeDeps } from '../intake/service.js';
import type { ReceiptSigner } from '../intake/receipt-key.js';
import type { PartnerRegistry } from '../partners/registry.js';
import type { RetentionScheduler } from '../retention/scheduler.js';
import type { X509Certificate } from 'node:crypto';
import type { Consumer } from '../ddas/consumers.js';
import type { ConsumerTokenVerifier } from '../ddas/consumer-token.js';
import type { ChainSigner } from '../ddas/jades.js';
import type { HttpTracing } from '../tracing/sdk.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';

/** The DDAS pull API (CBS): served on the partner listener when the gateway has a DDAS signing certificate. */
export interface DdasDeps {
  consumers: () => Consumer[];
  /** Absent when no issuer is configured: every pull is then 401. */
  verifyToken: ConsumerTokenVerifier | undefined;
  /** Signs every answer (PS256, x5c). */
  signer: ChainSigner;
  /** The CAs a consumer's signing certificate must chain to (TLS_CLIENT_CA: PKIoverheid in production). */
  anchors: X509Certificate[];
  /** The CRLs of DDAS_CRL_FILES as they are now; absent: no revocation check. */
  crls: (() => Crl[]) | undefined;
  /** Development: a consumer the bundle does not name may pull what `afnemer add` registered. */
  development: boolean;
}

/** Everything the HTTP layer needs, injected so tests run the real app on their own Redis and clock. */
export interface AppDeps extends IntakeDeps {
  /** GET /readyz: how far the audit sequencer may fall behind (default a minute). */
  maxSequencerLagMs?: number;
  redis: Redis;
  partners: () => PartnerRegistry;
  receiptSigners: ReceiptSigner[];
  signatureWindowSeconds: number;
  logger: FastifyBaseLogger;
  /** Requests per minute per partner on the intake routes. */
  rateLimitPerMinute: number;
  /**
   * Load shedding (503 with Retry-After) when the event loop lags this much, or while the
   * health check (Redis answering) fails: refusing early beats answering late or not at all.
   */
  loadShedding: { maxEventLoopDelayMs: number; healthCheck?: () => Promise<boolean> };
  /** Absent when no OIDC issuer is configured: bearer routes then refuse everyone. */
  verifyToken: TokenVerifier | undefined;
  checkpointSigner: NoteSigner;
  retention: RetentionScheduler;
  /**
   * Reload the policy bundle as SIGHUP does, for `POST /v1/beleid/_herladen`; throws
   * PolicyBundleError for a bundle that cannot be used. Absent: the endpoint is not available.
   */
  reloadPolicy?: () => Promise<{ from: string; to: string }>;
  /** Where the municipal keys live (secrets, outside Redis; may be read-only). */
  municipalKeysDir: string;
  /** Where the gateway makes and destroys retention-period keys (writable state, see period-keys.ts). */
  periodKeysDir: string;
  tls: { key: string | Buffer; cert: string | Buffer; ca: string | Buffer } | undefined;
  /** Absent: the DDAS pull API is not served. */
  ddas?: DdasDeps;
  /** Traces over OTLP (src/tracing); absent when no endpoint is configured. */
  tracing?: HttpTracing;
  /** This gateway's metrics (GET /metrics); absent: nothing is counted and /metrics is not served. */
  metrics?: GatewayMetrics;
}
