import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/redis/connection.js';
import { parseSentinels, type RedisTarget } from '../../../src/redis/target.js';
import { killAllHa, masterName, startRedisHa, until, type RedisHa } from '../../helpers/redis-ha.js';

/**
 * Connections made from a Sentinel target (REDIS_SENTINELS): they find the primary through the
 * Sentinels of deploy/sentinel.conf, with the password of deploy's secrets, and after a failover
 * find the new one by themselves — the request path's connection and BullMQ's, whose workers block
 * on duplicates of it.
 */
let ha: RedisHa;
let target: RedisTarget;
const opened: Redis[] = [];

beforeAll(async () => {
  ha = await startRedisHa({ replicas: 1, sentinels: 2 });
  target = { kind: 'sentinel', sentinels: parseSentinels(ha.sentinelList), name: masterName, password: ha.password };
}, 60_000);
afterAll(async () => {
  for (const client of opened) client.disconnect();
  await ha?.cleanup();
  killAllHa();
});

const remotePort = (client: Redis) => (client as unknown as { stream?: { remotePort?: number } }).stream?.remotePort;

describe('a Sentinel target', () => {
  it('finds the primary, and after a failover the new primary, for the request path and for BullMQ workers', async () => {
    const redis = createRedis(target);
    const queueRedis = createRedis(target, { maxRetriesPerRequest: null });
    opened.push(redis, queueRedis);
    await redis.set('sentinel-test', 'voor');
    expect(remotePort(redis)).toBe(ha.nodes[0]!.port);

    const processed: number[] = [];
    const queue = new Queue('sentinel-test', { connection: queueRedis });
    // The worker blocks on a duplicate of queueRedis (BullMQ's own): it must find the primary too.
    const worker = new Worker('sentinel-test', async (job) => {
      processed.push(job.data.n as number);
    }, { connection: queueRedis });
    worker.on('error', () => undefined); // NOREPLICAS while the new primary waits for its replica: retried
    try {
      await queue.add('taak', { n: 1 });
      await until(async () => processed.includes(1), 'the job added before the failover to be processed');

      await ha.sentinels[0]!.client.call('SENTINEL', 'FAILOVER', masterName);
      await until(async () => (await ha.primaryByQuorum()) === ha.nodes[1], 'the Sentinels to name the replica as primary');
      // Writes succeed again, on the new primary, without anyone reconnecting by hand.
      await until(async () => (await redis.set('sentinel-test', 'na').then(() => true, () => false)) && remotePort(redis) === ha.nodes[1]!.port, 'the request connection to write on the new primary');
      expect(await ha.nodes[1]!.client.get('sentinel-test')).toBe('na');
      expect(await ha.nodes[0]!.role()).toBe('slave');

      await until(async () => (await queue.add('taak', { n: 2 }).then(() => true, () => false)), 'a job added after the failover');
      await until(async () => processed.includes(2), 'the job added after the failover to be processed');
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
