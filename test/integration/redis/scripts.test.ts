import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/redis/connection.js';
import { loadLua, redisScript, scriptsDir } from '../../../src/redis/lua.js';
import { useTestRedis } from '../../helpers/redis.js';

const r = useTestRedis();
const scripts = readdirSync(scriptsDir).filter((f) => f.endsWith('.lua')).map((f) => f.slice(0, -4));

describe('the Lua script files in Redis', () => {
  it.each(scripts)('%s compiles (its includes and constants resolved)', async (name) => {
    expect(await r.redis.script('LOAD', loadLua(name).lua)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('run by EVALSHA once loaded, and again after Redis forgot them (NOSCRIPT)', async () => {
    const replace = redisScript<number>('replace-if-same-1');
    await r.redis.hset('k', 'f', 'a');
    expect(await replace(r.redis, ['k'], ['f', 'a', 'b'])).toBe(1);
    await r.redis.script('FLUSH');
    expect(await replace(r.redis, ['k'], ['f', 'b', 'c'])).toBe(1);
    expect(await replace(r.redis, ['k'], ['f', 'b', 'd'])).toBe(0);
    expect(await r.redis.hget('k', 'f')).toBe('c');
  });

  it('refuses a call with another number of keys than the file name says', async () => {
    const replace = redisScript<number>('replace-if-same-1');
    expect(() => replace(r.redis, ['k', 'l'], ['f', 'a', 'b'])).toThrow(/2 keys given, 1 expected/);
  });

  it('runs a script first used on a connection in the tick an auto-pipeline is already gathering', async () => {
    // ioredis #1931: the pipeline made before the command existed lacks it; that stopped the gateway.
    const client = createRedis(r.url);
    try {
      await client.ping();
      await r.redis.hset('first-use', 'f', 'a', 'g', 'x');
      const replace = redisScript<number>('replace-if-same-1');
      const [read, replaced, again] = await Promise.all([client.hget('first-use', 'g'), replace(client, ['first-use'], ['f', 'a', 'b']), replace(client, ['first-use'], ['f', 'b', 'c'])]);
      expect([read, replaced, again]).toEqual(['x', 1, 1]);
    } finally {
      client.disconnect();
    }
  });
});
