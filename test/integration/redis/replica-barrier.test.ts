import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/redis/connection.js';
import { ReplicaBarrier, ReplicaShortfallError } from '../../../src/redis/replicas.js';
import { killAllHa, startRedisHa, until, type RedisHa } from '../../helpers/redis-ha.js';

/** The replica barrier (src/redis/replicas.ts) against a real primary and replica from deploy/redis.conf. */
let ha: RedisHa;
let barrier: ReplicaBarrier;

beforeAll(async () => {
  ha = await startRedisHa({ replicas: 1, sentinels: 0 });
  barrier = new ReplicaBarrier(createRedis({ kind: 'url', url: `redis://127.0.0.1:${ha.nodes[0]!.port}`, password: ha.password }, { enableAutoPipelining: false }), { required: 1, timeoutMs: 200 });
}, 60_000);
afterAll(async () => {
  for (const node of ha?.nodes ?? []) node.resume();
  await barrier?.close();
  await ha?.cleanup();
  killAllHa();
});

/** Once the stopped node runs again, a round confirms (on a busy machine the first may still miss the timeout). */
const confirmsAgain = () => until(() => barrier.after().then(() => true, () => false), 'a round confirmed again');
const waits = async () => Number(/cmdstat_wait:calls=(\d+)/.exec(await ha.nodes[0]!.client.info('commandstats'))?.[1] ?? 0);

describe('the replica barrier', () => {
  it('shares rounds: callers arriving while one WAIT is out share the next', async () => {
    const before = await waits();
    await Promise.all(Array.from({ length: 10 }, () => barrier.after()));
    // The first caller's round leaves at once; the nine behind it share one more.
    expect(await waits()).toBe(before + 2);
  });

  it('covers writes made on other connections: with the replica stopped, a write elsewhere is not confirmed', async () => {
    // The barrier's own connection has written nothing since its last round: a bare WAIT would
    // answer 1 at once, vouching for a write the stopped replica does not have.
    ha.nodes[1]!.pause();
    try {
      await ha.nodes[0]!.client.set('barriere-test', 'ergens anders geschreven');
      await expect(barrier.after()).rejects.toThrow(/0 van de 1 vereiste replica's bevestigde binnen 200 ms/);
    } finally {
      ha.nodes[1]!.resume();
    }
    await confirmsAgain();
    expect(await ha.nodes[1]!.client.get('barriere-test')).toBe('ergens anders geschreven');
  });

  it('answers a shortfall when the primary itself hangs and cannot answer its WAIT, instead of waiting for it', async () => {
    ha.nodes[0]!.pause();
    try {
      await expect(barrier.after()).rejects.toThrow(ReplicaShortfallError);
    } finally {
      ha.nodes[0]!.resume();
    }
    await confirmsAgain();
  });
});
