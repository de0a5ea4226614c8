import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisServerMissingError, startEmbeddedRedis } from '../../../src/redis/embedded.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vs-embedded-'));
  dirs.push(dir);
  return dir;
}

describe('embedded redis-server', () => {
  it('runs durable (AOF, fsync always), never evicts, listens on loopback only, and stops', async () => {
    const dir = join(tempDir(), 'redis');
    const server = await startEmbeddedRedis({ dir });
    const client = new Redis(server.url);
    try {
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      expect(await client.config('GET', 'dir')).toEqual(['dir', dir]);
      await client.set('k', 'v');
    } finally {
      client.disconnect();
    }
    await server.stop();
    expect(existsSync(join(dir, 'embedded.pid'))).toBe(false);
    const probe = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  });

  it('keeps data across a restart in the same directory', async () => {
    const dir = tempDir();
    const first = await startEmbeddedRedis({ dir });
    const c1 = new Redis(first.url);
    await c1.set('blijft', 'ja');
    c1.disconnect();
    await first.stop();
    const second = await startEmbeddedRedis({ dir });
    const c2 = new Redis(second.url);
    expect(await c2.get('blijft')).toBe('ja');
    c2.disconnect();
    await second.stop();
  });

  it('says how to install redis-server when it is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      await expect(startEmbeddedRedis({ dir: tempDir() })).rejects.toBeInstanceOf(RedisServerMissingError);
      await expect(startEmbeddedRedis({ dir: tempDir() })).rejects.toThrow(/apt-get install redis-server/);
    } finally {
      process.env.PATH = path;
    }
  });
});
