import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
