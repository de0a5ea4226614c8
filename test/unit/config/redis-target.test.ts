import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { createRedis, reconnectOnDemotion } from '../../../src/redis/connection.js';
import { describeTarget, parseSentinels } from '../../../src/redis/target.js';

describe('the Redis target (REDIS_URL, REDIS_SENTINELS, REDIS_PASSWORD)', () => {
  it('is the embedded server by default, with no replicas to wait for', () => {
    const config = loadConfig({});
    expect(config.redis).toBeUndefined();
    expect(config.redisReplicas).toEqual({ required: 0, timeoutMs: 1000 });
  });

  it('is one address with REDIS_URL, and REDIS_PASSWORD goes with it', () => {
    expect(loadConfig({ REDIS_URL: 'redis://db:6379' }).redis).toEqual({ kind: 'url', url: 'redis://db:6379' });
    expect(loadConfig({ REDIS_URL: 'redis://db:6379', REDIS_PASSWORD: 'geheim' }).redis).toEqual({ kind: 'url', url: 'redis://db:6379', password: 'geheim' });
  });

  it('is the Sentinels and a master name with REDIS_SENTINELS (26379 when no port is given)', () => {
    const config = loadConfig({ REDIS_SENTINELS: 'sentinel-1:26379, sentinel-2:26380,sentinel-3,[::1]:26381', REDIS_PASSWORD: 'geheim', REDIS_MIN_REPLICAS: '1', REDIS_REPLICA_TIMEOUT_MS: '250' });
    expect(config.redis).toEqual({
      kind: 'sentinel', name: 'vroegsignaal', password: 'geheim',
      sentinels: [{ host: 'sentinel-1', port: 26379 }, { host: 'sentinel-2', port: 26380 }, { host: 'sentinel-3', port: 26379 }, { host: '::1', port: 26381 }],
    });
    expect(config.redisReplicas).toEqual({ required: 1, timeoutMs: 250 });
    expect(loadConfig({ REDIS_SENTINELS: 's:1', REDIS_SENTINEL_NAME: 'anders' }).redis).toMatchObject({ name: 'anders' });
  });

  it('refuses both at once, an address that is not host:port, and replicas asked of the embedded server', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://db:6379', REDIS_SENTINELS: 's:26379' })).toThrow(/REDIS_URL, REDIS_SENTINELS: zet één van beide/);
    expect(() => loadConfig({ REDIS_SENTINELS: 's:26379,s:poort,:1' })).toThrow(/REDIS_SENTINELS: geen host:poort: s:poort, :1/);
    expect(() => loadConfig({ REDIS_SENTINELS: 's:70000' })).toThrow(/REDIS_SENTINELS: geen host:poort: s:70000/);
    expect(() => loadConfig({ REDIS_MIN_REPLICAS: '1' })).toThrow(/REDIS_MIN_REPLICAS: vraagt replica's, maar de ingebouwde Redis heeft er geen/);
    expect(() => loadConfig({ REDIS_URL: 'redis://db:6379', REDIS_MIN_REPLICAS: '-1' })).toThrow(/REDIS_MIN_REPLICAS/);
    expect(() => parseSentinels(' , ')).toThrow(/geen enkel adres/);
  });

  it('is described for logs without its password', () => {
    expect(describeTarget({ kind: 'url', url: 'redis://:geheim@db:6379', password: 'ook-geheim' })).toBe('redis://db:6379');
    expect(describeTarget({ kind: 'sentinel', sentinels: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }], name: 'vroegsignaal', password: 'geheim' })).toBe('Sentinel a:1,b:2 (master vroegsignaal)');
  });

  it('makes connections whose duplicates (BullMQ, subscribers) ask the same Sentinels with the same password', () => {
    const client = createRedis({ kind: 'sentinel', sentinels: [{ host: '127.0.0.1', port: 1 }], name: 'vroegsignaal', password: 'geheim' }, { lazyConnect: true, maxRetriesPerRequest: null });
    const copy = client.duplicate();
    for (const c of [client, copy]) {
      expect(c.options).toMatchObject({ sentinels: [{ host: '127.0.0.1', port: 1 }], name: 'vroegsignaal', password: 'geheim', sentinelPassword: 'geheim', role: 'master', maxRetriesPerRequest: null });
      expect(c.options.reconnectOnError).toBe(reconnectOnDemotion);
    }
    client.disconnect();
    copy.disconnect();
    const plain = createRedis({ kind: 'url', url: 'redis://127.0.0.1:1', password: 'geheim' }, { lazyConnect: true });
    expect(plain.options).toMatchObject({ password: 'geheim', maxRetriesPerRequest: 1 });
    expect(plain.options.reconnectOnError).toBeFalsy();
    plain.disconnect();
  });

  it('reconnects on READONLY (a demoted primary) and sends the refused command again, reconnects on NOREPLICAS (a primary cut off from its replicas); other errors stay errors', () => {
    expect(reconnectOnDemotion(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnectOnDemotion(new Error('NOREPLICAS Not enough good replicas to write.'))).toBe(1);
    expect(reconnectOnDemotion(new Error('ERR unknown command'))).toBe(false);
  });
});
