import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogKeys } from '../../src/redis/keys.js';
import { demoPartners } from '../../src/config/dev-material.js';
import type { TestRedis } from '../helpers/redis.js';
import { expectEveryAcknowledgementKept, landlordLoad, pick, spawnGateway, startRig, stopRig, until, type GatewayProcess, type Rig } from './harness.js';

/**
 * The process-kill variant of test/integration/audit/sequencer.test.ts: every gateway process
 * runs a sequencer; one leads (lease with a fencing token), the others stand by. Here the leader
 * is a real `vroegsignaal start` process that dies by kill -9 mid-stream, holding its lease.
 */
const huurOin = demoPartners[0].oin;
let rig: Rig | undefined;
let redisServer: TestRedis;
let redis: Redis;
let home: string;
const gateways: GatewayProcess[] = [];

const treeSize = async () => Number(await redis.get(auditLogKeys.size));
const fencing = async () => Number(await redis.get(auditLogKeys.fencing));

beforeAll(async () => {
  rig = await startRig();
  ({ redisServer, redis, home } = rig);
  gateways.push(await spawnGateway({ home, redisUrl: redisServer.url }));
  // The first gateway leads before the second one exists; the second stands by.
  await until(async () => (await fencing()) === 1 && (await redis.get(auditLogKeys.leader)), 'the first gateway to lead the sequencer', 30_000);
  gateways.push(await spawnGateway({ home, redisUrl: redisServer.url }));
});
afterAll(() => stopRig(rig));

describe('kill -9 of the gateway process that leads the audit sequencer', () => {
  it('the standby takes over: the tree covers every record, indexes consecutive, every checkpoint a prefix of one tree', async () => {
    const failovers = pick(1, 3);
    const perPhase = pick(30, 300);
    const alive = () => gateways.filter((g) => g.alive());
    const takeovers: number[] = [];
    const load = landlordLoad(home, (n) => alive()[n % alive().length]!.url).start('leider-1');
    try {
      for (let round = 1; round <= failovers; round++) {
        load.phase = `leider-${round}`;
        const leader = gateways.find((g) => g.alive())!; // the oldest living gateway leads
        const sizeBefore = await treeSize();
        await until(() => load.ackedIn(load.phase) >= perPhase, `${perPhase} acknowledgements in round ${round}`, pick(30_000, 120_000));
        await until(async () => (await treeSize()) > sizeBefore, 'the leader to add to the tree', 30_000);
        const token = await fencing();
        const lease = await redis.get(auditLogKeys.leader);
        expect(token).toBe(round); // nobody took over while the leader lived
        await until(() => load.inFlight.size >= 2, 'requests in flight', 10_000);
        await leader.kill9();
        const killedAt = Date.now();
        load.phase = `overname-${round}`;
        // Its lease lapses (5 s); the standby claims leadership with the next fencing token.
        await until(async () => (await fencing()) === token + 1 && (await redis.get(auditLogKeys.leader)) !== lease, 'the standby to take over', 30_000);
        takeovers.push(Date.now() - killedAt);
        const sizeAtTakeover = await treeSize();
        await until(async () => (await treeSize()) > sizeAtTakeover, 'the new leader to add to the tree', 30_000);
        // A fresh standby for the next round.
        if (round < failovers) gateways.push(await spawnGateway({ home, redisUrl: redisServer.url }));
      }
      load.phase = 'na-overname';
      await until(() => load.ackedIn('na-overname') >= perPhase, `${perPhase} acknowledgements after the last takeover`, pick(30_000, 120_000));
    } finally {
      await load.stop();
    }
    const tally = load.tally();
    // The store check: size = counter, nothing pending, every index 0..size-1 has its record and
    // salt hashing to its leaf, every acknowledged receipt's index holds that signal's record, and
    // every checkpoint (whichever leader signed it) verifies against the one recomputed tree.
    const report = await expectEveryAcknowledgementKept(redis, home, huurOin, load, alive()[0]!.url);
    expect(report.verify).toMatchObject({ ok: true, size: report.auditSize, records: report.auditSize, deleted: [] });
    // One leader change per kill, no more.
    expect(await fencing()).toBe(failovers + 1);
    const sizes = Object.keys(await redis.hgetall(auditLogKeys.checkpoints)).map(Number).sort((a, b) => a - b);
    expect(sizes.at(-1)).toBe(report.auditSize);
    console.info(`sequencer-failover: ${load.signals.size} signalen bevestigd en gecontroleerd, ${failovers} overname(s) na ${takeovers.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}; ` +
      `auditlog ${report.auditSize} records, ${sizes.length} checkpoints; ${JSON.stringify(tally)}`);
  }, pick(120_000, 900_000));
});
