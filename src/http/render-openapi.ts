import { Redis } from 'ioredis';
import { createLogger } from '../logging/logger.js';
import { buildApp, type Listener } from './app.js';
import type { AppDeps } from './deps.js';

/**
 * The OpenAPI document without a running gateway: the app is built (routes, schemas) but never
 * listens and never touches Redis, so CI can lint the documents the gateway would serve: the
 * partner listener's (intake and public material) and the staff listener's (staff API and public material).
 */
export async function renderOpenapi(serverUrl = 'https://localhost:8443', listener: Listener = 'partner'): Promise<unknown> {
  const redis = new Redis({ lazyConnect: true });
  const unused = () => {
    throw new Error('not available while rendering the OpenAPI document');
  };
  const deps = {
    redis,
    keystore: unused,
    policy: unused,
    partners: unused,
    receiptSigners: [],
    clock: () => new Date(),
    signatureWindowSeconds: 300,
    logger: createLogger({ level: 'silent' }),
    rateLimitPerMinute: 1,
    loadShedding: { maxEventLoopDelayMs: 1000 },
    tls: undefined,
    checkpointSigner: undefined,
    retention: undefined,
    municipalKeysDir: '',
    periodKeysDir: '',
  } as unknown as AppDeps;
  const app = await buildApp(deps, { serverUrl, listener });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  redis.disconnect();
  return doc;
}
