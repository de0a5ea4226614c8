import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followPolicyReloads, recordPolicyReload, revisionInForce } from '../../../src/policy/reload.js';
import { auditRecords } from '../../helpers/audit.js';
import { startTestRedis, type TestRedis } from '../../helpers/redis.js';

let server: TestRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startTestRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.cleanup();
});

const now = new Date('2026-11-22T09:30:00Z');
const reloads = async () => (await auditRecords(redis)).filter((e) => e.record.path === 'beleid/herladen').map((e) => e.record.input);

/** Poll (bounded) until a condition holds: background delivery, never a fixed sleep. */
async function until<T>(probe: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('recording a policy reload across instances on one Redis', () => {
  it('records a revision once, however many instances reload to it at the same moment, naming the revision in force as the old one', async () => {
    // The first reload of a deployment: nothing in force yet, the instance's own revision is the old one.
    expect(await recordPolicyReload(redis, { from: 'sha256:a', to: 'sha256:a', now })).toBeTypeOf('number');
    expect(await recordPolicyReload(redis, { from: 'sha256:a', to: 'sha256:a', now })).toBeUndefined();
    // Five instances, some of them behind (their own revision is older than the one in force), reload together.
    const answers = await Promise.all(['sha256:a', 'sha256:a', 'sha256:0', 'sha256:a', 'sha256:0'].map((from) => recordPolicyReload(redis, { from, to: 'sha256:b', now })));
    expect(answers.filter((a) => a !== undefined)).toHaveLength(1);
    // Two different reloads racing: both recorded, one after the other, each naming its predecessor.
    await Promise.all([recordPolicyReload(redis, { from: 'sha256:b', to: 'sha256:c', now }), recordPolicyReload(redis, { from: 'sha256:b', to: 'sha256:d', now })]);
    const recorded = await reloads();
    expect(recorded.slice(0, 2)).toEqual([{ oude_revisie: 'sha256:a', nieuwe_revisie: 'sha256:a' }, { oude_revisie: 'sha256:a', nieuwe_revisie: 'sha256:b' }]);
    expect(recorded).toHaveLength(4);
    const [third, fourth] = recorded.slice(2);
    expect(third.oude_revisie).toBe('sha256:b');
    expect(fourth.oude_revisie).toBe(third.nieuwe_revisie);
    expect(await revisionInForce(redis)).toBe(fourth.nieuwe_revisie);
  });

  it('a follower hears a recorded reload, and reads the revision in force whenever it (re)connects', async () => {
    const heard: string[] = [];
    const errors: Error[] = [];
    const inForce = (await revisionInForce(redis))!;
    const follower = followPolicyReloads(redis, async (revision) => void heard.push(revision), (err) => errors.push(err));
    try {
      // On connecting: what is in force now (an instance that was down learns what it missed).
      await until(() => heard.length === 1, 'the revision in force on connecting');
      expect(heard).toEqual([inForce]);
      await recordPolicyReload(redis, { from: inForce, to: 'sha256:e', now });
      await until(() => heard.length === 2, 'the published reload');
      expect(heard[1]).toBe('sha256:e');
      // A reload that records nothing publishes nothing: the next message is the next recorded reload.
      await recordPolicyReload(redis, { from: inForce, to: 'sha256:e', now });
      await recordPolicyReload(redis, { from: 'sha256:e', to: 'sha256:f', now });
      await until(() => heard.length === 3, 'the next published reload');
      expect(heard).toEqual([inForce, 'sha256:e', 'sha256:f']);
      // Its connection cut: messages published meanwhile are lost to it, so it reads again once back.
      await redis.client('KILL', 'TYPE', 'pubsub');
      await until(() => heard.length === 4, 'the revision in force after reconnecting');
      expect(heard[3]).toBe('sha256:f');
      expect(errors).toEqual([]);
    } finally {
      await follower.stop();
    }
  });
});
