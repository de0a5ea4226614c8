import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { addSubscription } from '../../src/notifications/subscriptions.js';
import { notificationKeys } from '../../src/redis/keys.js';
import { httpsRequest, loadCredentials } from '../helpers/https-client.js';
import type { TestRedis } from '../helpers/redis.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { landlordLoad, pick, spawnGateway, startRig, stopRig, until, type GatewayProcess, type Rig } from './harness.js';

/**
 * Issue 15: kill -9 of the gateway while it delivers — and with it the outbox relay's leader —
 * loses no event: every change of every acknowledged signal's case reaches the municipality's
 * receiver, and a message that arrives twice is the same message under the same id.
 */
let rig: Rig | undefined;
let redisServer: TestRedis;
let redis: Redis;
let home: string;
let gateway: GatewayProcess;
let receiver: TestReceiver;

beforeAll(async () => {
  rig = await startRig();
  ({ redisServer, redis, home } = rig);
  gateway = await spawnGateway({ home, redisUrl: redisServer.url });
  const creds = loadCredentials(join(home, 'partners', 'huur'));
  const jwks = (await httpsRequest(gateway.url, '/v1/sleutels', { creds })).json;
  const config = loadConfig({ VROEGSIGNAAL_HOME: home });
  receiver = await startTestReceiver({ clientCa: readFileSync(config.home.caCert), jwks, expectOin: config.notify.gatewayOin!, kind: 'cloudevent' });
  addSubscription(config.subscriptionRegistry, { gemeentecode: '1696', url: receiver.url, ca: receiver.ca }, ['1696'], new Date());
});
afterAll(async () => {
  await receiver?.close();
  await stopRig(rig);
});

describe('kill -9 of the gateway while it delivers events', () => {
  it('loses no event of an acknowledged signal, and sends a message twice only under the same id', async () => {
    const cycles = pick(1, 3);
    const perPhase = pick(40, 400);
    const load = landlordLoad(home, () => gateway.url).start('voor-kill-1');
    try {
      for (let cycle = 1; cycle <= cycles; cycle++) {
        load.phase = `voor-kill-${cycle}`;
        await until(() => load.ackedIn(load.phase) >= perPhase, `${perPhase} acknowledgements before kill ${cycle}`, pick(30_000, 120_000));
        // Killed while events are on their way: some delivered, some in the outbox or a queue.
        await until(() => receiver.received.length > 0, 'deliveries under way', 30_000);
        await gateway.kill9();
        load.phase = `gateway-weg-${cycle}`;
        gateway = await spawnGateway({ home, redisUrl: redisServer.url });
      }
      load.phase = 'na-herstart';
      await until(() => load.ackedIn('na-herstart') >= perPhase, `${perPhase} acknowledgements after the last restart`, pick(30_000, 120_000));
    } finally {
      await load.stop();
    }

    // Every case of an acknowledged signal, and every event it numbered: all must arrive.
    const cases = new Set<string>();
    for (const receipt of load.acknowledged().values()) {
      const zaakId = await redis.hget(`vs:signaal:${receipt.signaalId}`, 'zaakId');
      if (zaakId) cases.add(zaakId);
    }
    const expected = new Set<string>();
    for (const zaakId of cases) {
      const sq = Number(await redis.hget(`vs:zaak:${zaakId}`, 'sq'));
      expect(sq, zaakId).toBeGreaterThan(0);
      for (let i = 1; i <= sq; i++) expected.add(`${zaakId}.${i}`);
    }
    await until(() => [...expected].every((id) => receiver.received.some((m) => m.body.id === id)) || undefined, `all ${expected.size} events delivered`, pick(120_000, 300_000));
    expect(await redis.xlen(notificationKeys.outbox)).toBe(0);
    const byId = new Map<string, string[]>();
    for (const m of receiver.received) byId.set(m.body.id, [...(byId.get(m.body.id) ?? []), JSON.stringify(m.body)]);
    const duplicated = [...byId.values()].filter((bodies) => bodies.length > 1);
    for (const bodies of duplicated) expect(new Set(bodies).size).toBe(1);
    for (const m of receiver.received) expect(m.idempotencyKey).toBe(m.body.id);
    console.info(`notification-kill: ${load.acknowledged().size} signalen bevestigd, ${cases.size} zaken, ${expected.size} gebeurtenissen alle bezorgd, ` +
      `${receiver.received.length} ontvangen (${duplicated.length} dubbel, telkens hetzelfde bericht), ${cycles} kill(s)`);
  }, pick(180_000, 900_000));
});
