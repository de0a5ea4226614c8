import { Queue } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../../src/notifications/relay.js';
import { openQueues, type NotificationQueues } from '../../../src/notifications/queues.js';
import { routeEvent } from '../../../src/notifications/service.js';
import { notificationKeys, queuePrefix } from '../../../src/redis/keys.js';
import { redisScript } from '../../../src/redis/lua.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
beforeEach(async () => {
  await db.redis.flushall();
});

const now = new Date('2026-12-01T10:00:00Z');
/** An outbox entry as the scripts write it (includes/outbox.lua). */
const append = (zaakId: string, sq: number, aanbodtermijn: string) => db.redis.xadd(notificationKeys.outbox, '*', 'sq', String(sq), 'e', JSON.stringify({
  type: 'aangemaakt', t: now.getTime(), zaakId, gemeentecode: '1696', zaak: { status: 'open', aanbodtermijn, partnerTypes: ['Huur'] }, signalen: {},
}));
const relayWith = (queues: NotificationQueues) => new OutboxRelay(db.redis, { queues, route: (events) => events.flatMap((e) => routeEvent(e)), clock: () => now, leaseMs: 60_000 });
const timerJobs = async () => {
  const q = new Queue('termijn', { connection: db.redis, prefix: queuePrefix });
  const jobs = await q.getJobs(['delayed', 'waiting']);
  await q.close();
  return jobs.map((j) => j.id).sort();
};

describe('outbox relay', () => {
  it('moves events into jobs and out of the outbox; a replayed event adds nothing twice', async () => {
    const queues = openQueues(db.redis);
    await append('a', 1, '2026-12-15');
    await append('b', 1, '2026-12-15');
    await append('c', 1, '2026-12-16');
    const relay = relayWith(queues);
    expect(await relay.step()).toBe(3);
    expect(await db.redis.xlen(notificationKeys.outbox)).toBe(0);
    expect(await timerJobs()).toEqual(['termijn-1696-2026-12-15', 'termijn-1696-2026-12-16']);
    // A crash between adding the jobs and trimming replays the entry: the job id holds.
    await append('c', 1, '2026-12-16');
    expect(await relay.step()).toBe(1);
    expect(await timerJobs()).toEqual(['termijn-1696-2026-12-15', 'termijn-1696-2026-12-16']);
    await relay.stop();
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });

  it('has one leader; a standby takes over when it stops, and an ex-leader trims nothing', async () => {
    const queues = openQueues(db.redis);
    const [first, second] = [relayWith(queues), relayWith(queues)];
    await append('a', 1, '2026-12-15');
    expect(await first.step()).toBe(1);
    await append('b', 1, '2026-12-16');
    expect(await second.step()).toBe(0); // the first leads
    expect(await db.redis.xlen(notificationKeys.outbox)).toBe(1);
    const staleToken = await db.redis.get(notificationKeys.relayFencing);
    await first.stop();
    expect(await second.step()).toBe(1);
    expect(second.isLeader).toBe(true);
    // The first, had it been paused mid-step, would now trim with its old token: refused.
    await append('c', 1, '2026-12-17');
    const trim = redisScript<number>('trim-outbox-2');
    const [entry] = await db.redis.xrange(notificationKeys.outbox, '-', '+');
    expect(await trim(db.redis, [notificationKeys.relayFencing, notificationKeys.outbox], [staleToken!, entry![0]])).toBe(-1);
    expect(await db.redis.xlen(notificationKeys.outbox)).toBe(1);
    await second.stop();
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });
});
