import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/redis/embedded.js';

/** A real redis-server on a free port in its own temporary directory, for one test file. */
export async function startTestRedis(): Promise<EmbeddedRedis & { cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vs-redis-'));
  const server = await startEmbeddedRedis({ dir, durable: false });
  return {
    ...server,
    async cleanup() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A real redis-server for the whole file: started before the first test, stopped after the last.
 * `handle.redis` is a connected client.
 */
export function useTestRedis(): { redis: Redis; url: string } {
  const handle = {} as { redis: Redis; url: string };
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  beforeAll(async () => {
    server = await startTestRedis();
    handle.url = server.url;
    handle.redis = new Redis(server.url);
  });
  afterAll(async () => {
    handle.redis?.disconnect();
    await server?.cleanup();
  });
  return handle;
}
