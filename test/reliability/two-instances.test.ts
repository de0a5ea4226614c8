import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogKeys, queuePrefix } from '../../src/redis/keys.js';
import { demoPartners } from '../../src/config/dev-material.js';
import { retentionQueueName } from '../../src/retention/scheduler.js';
import type { TestRedis } from '../helpers/redis.js';
import { expectEveryAcknowledgementKept, landlordLoad, pick, spawnGateway, startRig, stopRig, until, type GatewayProcess, type Rig } from './harness.js';

/**
 * Issue 17, point 1: two `vroegsignaal start` processes with the same REDIS_URL, the same home
 * (secrets read, state directory shared) serve the same partner, whose client alternates between
 * them. One of them is killed (kill -9) under load and started again, in the full form several
 * times and each in turn; the other serves meanwhile and, when the one killed led the audit
 * sequencer, takes over.
 */
const huurOin = demoPartners[0].oin;
let rig: Rig | undefined;
let redisServer: TestRedis;
let redis: Redis;
let home: string;
const slots: GatewayProcess[] = [];

const fencing = async () => Number(await redis.get(auditLogKeys.fencing));
const start = () => spawnGateway({ home, redisUrl: redisServer.url });

beforeAll(async () => {
  rig = await startRig();
  ({ redisServer, redis, home } = rig);
  slots.push(await start());
  // The first instance leads the sequencer before the second exists: which one leads is known.
  await until(async () => (await fencing()) === 1 && (await redis.get(auditLogKeys.leader)), 'the first instance to lead the sequencer', 30_000);
  slots.push(await start());
}, 120_000);
afterAll(() => stopRig(rig));

describe('two gateway instances on one Redis, behind a client that alternates between them', () => {
  it('kill -9 of either under load: every 202 stored once, the standby takes over the sequencer, the audit log one tree across every checkpoint', async () => {
    // Which instance each kill hits: the short form the sequencer's leader; the full form first
    // the standby, then in turn — each restarted instance stands by, so from then on each kill hits the leader.
    const victims = pick([0], [1, 0, 1, 0, 1]);
    const perPhase = pick(30, 300);
    let leaderSlot = 0;
    let requests = 0;
    const perSlot = [0, 0];
    const takeovers: number[] = [];
    // Request by request the other instance, as a client behind round-robin DNS or a balancer without health checks.
    const load = landlordLoad(home, () => {
      const slot = requests++ % 2;
      perSlot[slot]!++;
      return slots[slot]!.url;
    }).start('beide-1');
    try {
      for (let round = 1; round <= victims.length; round++) {
        const victim = victims[round - 1]!;
        load.phase = `beide-${round}`;
        await until(() => load.ackedIn(load.phase) >= perPhase, `${perPhase} acknowledgements by both instances in round ${round}`, pick(30_000, 120_000));
        await until(() => load.inFlight.size >= 2, 'requests in flight', 10_000);
        const token = await fencing();
        const lease = await redis.get(auditLogKeys.leader);
        const ledIt = victim === leaderSlot;
        await slots[victim]!.kill9();
        const killedAt = Date.now();
        load.phase = `een-${round}`;
        if (ledIt) {
          // Its lease lapses (5 s); the other claims it with the next fencing token.
          await until(async () => (await fencing()) === token + 1 && (await redis.get(auditLogKeys.leader)) !== lease, 'the standby to take over the sequencer', 30_000);
          takeovers.push(Date.now() - killedAt);
          leaderSlot = 1 - victim;
        }
        // The survivor serves alone; what the client sent to the dead one it sends again.
        await until(() => load.ackedIn(load.phase) >= perPhase, `${perPhase} acknowledgements by the survivor in round ${round}`, pick(30_000, 120_000));
        if (!ledIt) expect(await fencing(), 'a standby’s death changes no leader').toBe(token);
        slots[victim] = await start();
      }
      load.phase = 'na-herstart';
      await until(() => load.ackedIn('na-herstart') >= perPhase, `${perPhase} acknowledgements after the last restart`, pick(30_000, 120_000));
    } finally {
      await load.stop();
    }
    const tally = load.tally();
    // What the client got: acknowledgements, and no answer from the instance that was dead — nothing else.
    const statuses = new Set([...load.signals.values()].flatMap((s) => s.outcomes.map((o) => o.status)));
    expect([...statuses].filter((s) => s !== 202 && s !== 200 && s !== 'netwerk'), JSON.stringify(tally)).toEqual([]);

    // Every 202 once in the store with its case, queue entry and audit record; every checkpoint
    // either leader signed verifies against the one recomputed tree.
    const report = await expectEveryAcknowledgementKept(redis, home, huurOin, load, slots[0]!.url);
    expect(report.verify).toMatchObject({ ok: true, size: report.auditSize, records: report.auditSize, deleted: [] });
    expect(load.acknowledged().size).toBe(load.signals.size);
    expect(report.cases).toBe(load.signals.size);
    const leaderKills = takeovers.length;
    expect(leaderKills).toBe(victims.length - (pick(0, 1)));
    expect(await fencing()).toBe(1 + leaderKills);
    const checkpoints = Object.keys(await redis.hgetall(auditLogKeys.checkpoints)).map(Number).sort((x, y) => x - y);
    expect(checkpoints.at(-1)).toBe(report.auditSize);

    // Every start scheduled the hourly sweeper: still one schedule, one job waiting for its hour.
    const queue = new Queue(retentionQueueName, { connection: redis.duplicate(), prefix: queuePrefix });
    try {
      expect(await queue.getJobSchedulersCount()).toBe(1);
      const sweeps = (await queue.getJobs(['delayed', 'waiting', 'prioritized', 'active'])).filter((j) => j.name === 'veger');
      expect(sweeps).toHaveLength(1);
    } finally {
      await queue.close();
      await (await queue.client).quit();
    }

    console.info(`two-instances: ${load.signals.size} signalen bevestigd en gecontroleerd, ${victims.length} kill(s) (instantie ${victims.join(', ')}), ` +
      `${leaderKills} overname(s) na ${takeovers.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}; verzoeken per instantie ${perSlot.join(' / ')}; ` +
      `auditlog ${report.auditSize} records, ${checkpoints.length} checkpoints; ${JSON.stringify(tally)}`);
  }, pick(180_000, 900_000));
});
