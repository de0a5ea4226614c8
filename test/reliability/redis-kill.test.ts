import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('kill -9 of redis-server under load (same data directory, AOF appendfsync always)', () => {
  it('the gateway answers 503 while Redis is gone, accepts again after the restart, and every acknowledged signal survived', async () => {
    const cycles = pick(1, 4);
    const perPhase = pick(40, 400);
    const outages: number[] = [];
    const load = landlordLoad(home, () => gateway.url).start('voor-storing-1');
    try {
      for (let cycle = 1; cycle <= cycles; cycle++) {
        load.phase = `voor-storing-${cycle}`;
        await until(() => load.ackedIn(load.phase) >= perPhase, `${perPhase} acknowledgements before crash ${cycle}`, pick(30_000, 120_000));
        await until(() => load.inFlight.size >= 2, 'requests in flight', 10_000);
        await redisServer.crash();
        const crashedAt = Date.now();
        load.phase = `storing-${cycle}`;
        // The outage is answered, not waited out: what was in flight at the crash gets its
        // answer while Redis is still down, and new requests are refused with 503.
        await until(() => [...load.inFlight.values()].every((f) => f.since > crashedAt), 'an answer, with Redis down, to every request in flight at the crash', 20_000);
        await until(() => (load.tally()[`storing-${cycle} 503`] ?? 0) >= pick(3, 20), 'answers 503 during the outage', 20_000);
        await redisServer.restart();
        outages.push(Date.now() - crashedAt);
        load.phase = `hersteld-${cycle}`;
        await until(() => load.ackedIn(`hersteld-${cycle}`) >= perPhase, `${perPhase} acknowledgements after restart ${cycle}`, pick(30_000, 120_000));
        expect(gateway.alive(), gateway.output()).toBe(true);
      }
    } finally {
      await load.stop();
    }
    const tally = load.tally();
    expect(gateway.alive(), gateway.output()).toBe(true);
    // Refusals are 503 (retry later); no 500, no dropped connection.
    const statuses = new Set([...load.signals.values()].flatMap((s) => s.outcomes.map((o) => o.status)));
    expect([...statuses].filter((s) => s !== 202 && s !== 200 && s !== 503), JSON.stringify(tally)).toEqual([]);

    const report = await expectEveryAcknowledgementKept(redis, home, huurOin, load, gateway.url);
    // Every signal sent was in the end acknowledged once (on the first try, or on a repeat), each with its case.
    expect(load.acknowledged().size).toBe(load.signals.size);
    expect(report.cases).toBe(load.signals.size);
    const slowest = Math.max(...Object.entries(load.slowest()).filter(([phase]) => phase.startsWith('storing-')).map(([, ms]) => ms));
    console.info(`redis-kill: ${load.signals.size} signalen bevestigd en gecontroleerd, ${cycles} crash(es) van ${outages.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} ` +
      `(traagste antwoord tijdens een storing ${(slowest / 1000).toFixed(1)} s), ` +
      `${load.keptAfterRefusal().length} met eerst 503 toch opgeslagen; auditlog ${report.auditSize} records, ` +
      `${report.verify.checkpoints} checkpoints; ${JSON.stringify(tally)}`);
  }, pick(120_000, 900_000));
});
