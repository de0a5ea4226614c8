import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisFailure } from '../../../src/redis/failure.js';
import { startTestRedis, useTestRedis } from '../../helpers/redis.js';

const r = useTestRedis();

/** The error a real Redis answers with, as ioredis hands it to the gateway. */
async function failureOf(run: () => Promise<unknown>): Promise<{ kind: ReturnType<typeof redisFailure>; message: string }> {
  try {
    await run();
  } catch (err) {
    return { kind: redisFailure(err as Error), message: (err as Error).message };
  }
  throw new Error('the command did not fail');
}

afterEach(async () => {
  await r.redis.config('SET', 'maxmemory', '0');
  await r.redis.flushall();
});

describe('classifying what Redis answers: a bug (500) or unavailable (503)', () => {
  it('a Lua script that errors is a bug, whatever the error', async () => {
    await r.redis.set('a-string', 'x');
    const wrongType = await failureOf(() => r.redis.eval("return redis.call('ZADD', KEYS[1], 1, 'm')", 1, 'a-string'));
    expect(wrongType.message).toMatch(/^WRONGTYPE .* script: /);
    expect(wrongType.kind).toBe('bug');
    const undefinedGlobal = await failureOf(() => r.redis.eval('return nosuch.field', 0));
    expect(undefinedGlobal.message).toMatch(/^ERR user_script/);
    expect(undefinedGlobal.kind).toBe('bug');
    const raised = await failureOf(() => r.redis.eval("error('kapot')", 0));
    expect(raised.kind).toBe('bug');
    const unknownCommand = await failureOf(() => r.redis.eval("return redis.call('NOSUCHCOMMAND')", 0));
    expect(unknownCommand.kind).toBe('bug');
  });

  it('a plain command against the wrong type is a bug too', async () => {
    await r.redis.set('a-string', 'x');
    expect((await failureOf(() => r.redis.hget('a-string', 'f'))).kind).toBe('bug');
  });

  it('out of memory is unavailable, also inside a script and inside a transaction', async () => {
    await r.redis.config('SET', 'maxmemory', '1');
    const plain = await failureOf(() => r.redis.set('k', 'v'));
    expect(plain.message).toMatch(/^OOM /);
    expect(plain.kind).toBe('unavailable');
    const inScript = await failureOf(() => r.redis.eval("return redis.call('SET', KEYS[1], 'v')", 1, 'k'));
    expect(inScript.message).toMatch(/^OOM .* script: /);
    expect(inScript.kind).toBe('unavailable');
    const inTransaction = await failureOf(() => r.redis.multi().set('k', 'v').exec());
    expect(inTransaction.kind).toBe('unavailable');
  });

  it('a read-only replica is unavailable', async () => {
    const replica = await startTestRedis();
    const client = new Redis(replica.url);
    try {
      await client.call('REPLICAOF', '127.0.0.1', String(new URL(r.url).port));
      const readOnly = await failureOf(() => client.set('k', 'v'));
      expect(readOnly.message).toMatch(/^READONLY /);
      expect(readOnly.kind).toBe('unavailable');
    } finally {
      client.disconnect();
      await replica.cleanup();
    }
  });

  it('a connection that is gone is unavailable', async () => {
    const server = await startTestRedis();
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.ping();
    await server.cleanup();
    expect((await failureOf(() => client.set('k', 'v'))).kind).toBe('unavailable');
    client.disconnect();
  });

  it('an error that is not from Redis is not classified', () => {
    expect(redisFailure(new TypeError('x is undefined'))).toBeUndefined();
  });
});
