import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogKeys } from '../../src/redis/keys.js';
import { demoPartners } from '../../src/config/dev-material.js';
import type { TestRedis } from '../helpers/redis.js';
import { expectEveryAcknowledgementKept, landlordLoad, pick, spawnGateway, startRig, stopRig, until, type GatewayProcess, type Rig } from './harness.js';

const huurOin = demoPartners[0].oin;
let rig: Rig | undefined;
let redisServer: TestRedis;
let redis: Redis;
let home: string;
let gateway: GatewayProcess;

beforeAll(async () => {
  rig = await startRig();
  ({ redisServer, redis, home } = rig);
  gateway = await spawnGateway({ home, redisUrl: redisServer.url });
});
afterAll(() => stopRig(rig));

describe('kill -9 of the gateway process under load', () => {
  it('keeps every acknowledged signal whole and once, and answers a repeat with the original receipt', async () => {
    const cycles = pick(1, 4);
    const perPhase = pick(40, 400);
    let treeAtStart = Number(await redis.get(auditLogKeys.size));
    const load = landlordLoad(home, () => gateway.url).start('voor-kill-1');
    try {
      for (let cycle = 1; cycle <= cycles; cycle++) {
        load.phase = `voor-kill-${cycle}`;
        await until(() => load.ackedIn(load.phase) >= perPhase, `${perPhase} acknowledgements before kill ${cycle}`, pick(30_000, 120_000));
        // Killed while it leads the audit sequencer too: it has added to the tree in this life.
        await until(async () => Number(await redis.get(auditLogKeys.size)) > treeAtStart, 'the gateway’s sequencer to add to the tree', 30_000);
        await until(() => load.inFlight.size >= 2, 'requests in flight', 10_000);
        await gateway.kill9();
        load.phase = `gateway-weg-${cycle}`;
        gateway = await spawnGateway({ home, redisUrl: redisServer.url });
        treeAtStart = Number(await redis.get(auditLogKeys.size));
      }
      load.phase = 'na-herstart';
      await until(() => load.ackedIn('na-herstart') >= perPhase, `${perPhase} acknowledgements after the last restart`, pick(30_000, 120_000));
    } finally {
      await load.stop();
    }
    const tally = load.tally();
    // The kills hit requests in flight, and nothing but acknowledgements and lost answers came back.
    expect(Object.entries(tally).filter(([k]) => /^voor-kill-\d+ netwerk$/.test(k)).length, JSON.stringify(tally)).toBeGreaterThan(0);
    const statuses = new Set([...load.signals.values()].flatMap((s) => s.outcomes.map((o) => o.status)));
    expect([...statuses].filter((s) => s !== 202 && s !== 200 && s !== 'netwerk'), JSON.stringify(tally)).toEqual([]);

    const report = await expectEveryAcknowledgementKept(redis, home, huurOin, load, gateway.url);
    // Every signal sent was in the end acknowledged once (on the first try, or on a repeat), each with its case.
    expect(load.acknowledged().size).toBe(load.signals.size);
    expect(report.cases).toBe(load.signals.size);
    console.info(`gateway-kill: ${load.signals.size} signalen bevestigd en gecontroleerd, ${cycles} kill(s), ${load.keptAfterRefusal().length} zonder antwoord maar opgeslagen, ` +
      `auditlog ${report.auditSize} records, ${report.verify.checkpoints} checkpoints; ${JSON.stringify(tally)}`);
  }, pick(120_000, 900_000));
});
