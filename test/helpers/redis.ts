import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/redis/embedded.js';

export interface TestRedisOptions {
  /**
   * AOF with `appendfsync always`, as `vroegsignaal start` runs it (fault tests need a Redis that
   * keeps what it acknowledged through a kill -9). Off by default: most tests trade it for speed.
   */
  durable?: boolean;
}

export interface TestRedis extends EmbeddedRedis {
  cleanup(): Promise<void>;
  /** kill -9 the redis-server (no shutdown, no last save) and wait until its port refuses connections. */
  crash(): Promise<void>;
  /** Start it again on the same port and data directory; resolves once it answers PING (AOF loaded). */
  restart(): Promise<void>;
}

/** A real redis-server on a free port in its own temporary directory, for one test file. */
export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'vs-redis-'));
  const durable = options.durable ?? false;
  let server = await startEmbeddedRedis({ dir, durable });
  const { port, url } = server;
  return {
    url,
    port,
    dir,
    stop: () => server.stop(),
    async cleanup() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async crash() {
      // startEmbeddedRedis records the pid of the server it started in the data directory.
      const pidFile = join(dir, 'embedded.pid');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      process.kill(pid, 'SIGKILL');
      rmSync(pidFile, { force: true }); // so the restart does not signal a pid the OS may reuse
      const deadline = Date.now() + 10_000;
      while (await portAnswers(port)) {
        if (Date.now() > deadline) throw new Error(`redis-server ${pid} still answers on ${port} after kill -9`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async restart() {
      server = await startEmbeddedRedis({ dir, durable, port });
    },
  };
}

/** Whether something listens on the loopback port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
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
