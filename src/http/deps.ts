import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { IntakeDeps } from '../intake/service.js';
import type { ReceiptSigner } from '../intake/receipt-key.js';
import type { PartnerRegistry } from '../partners/registry.js';

/** Everything the HTTP layer needs, injected so tests run the real app on their own Redis and clock. */
export interface AppDeps extends IntakeDeps {
  redis: Redis;
  partners: () => PartnerRegistry;
  receiptSigners: ReceiptSigner[];
  signatureWindowSeconds: number;
  logger: FastifyBaseLogger;
  /** Requests per minute per partner on the intake routes. */
  rateLimitPerMinute: number;
  tls: { key: string | Buffer; cert: string | Buffer; ca: string | Buffer } | undefined;
}
