import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { exampleSignal } from '../e2e/fixtures.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { until } from './harness.js';
import { auditRecords } from '../helpers/audit.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const gemeentecode = '1696';
const call = (sub: string, method: string, path: string, body?: unknown) => callAs(gw, { sub, gemeentecode, role: 'schuldhulpverlener' }, method, path, body);
const claimant = async (zaakId: string) => gw.redis.hget(`vs:zaak:${zaakId}`, 'claimant');
const day = 86_400_000;

/**
 * A worker whose process dies in the middle of claiming: the gateway gets the request and makes
 * the claim, the worker is gone before it reads which case it got.
 */
async function claimAndDie(sub: string): Promise<void> {
  const token = await issueDevToken(gw.home, { sub, gemeentecode, roles: ['schuldhulpverlener'], now: gw.clock.now });
  const url = new URL('/v1/zaken/_oppakken', gw.staffUrl);
  await new Promise<void>((resolve) => {
    const req = request({ method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, ca: gw.huur.ca, agent: false, headers: { Authorization: `Bearer ${token}`, 'Content-Length': '0' } });
    req.on('response', (res) => {
      res.destroy();
      req.destroy();
      resolve();
    });
    req.on('error', () => resolve());
    req.end();
  });
}

describe('a worker that dies holding a claim', () => {
  it('loses the case when the lease lapses (5 working days, injected clock): the next worker gets it, the living worker keeps hers', async () => {
    // Sunday 22 November 2026, 09:30: three new cases in Súdwest-Fryslân's empty queue.
    const accepted = [];
    for (let i = 0; i < 3; i++) accepted.push(await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now }));
    expect(accepted.map((r) => r.status)).toEqual([202, 202, 202]);

    // Anna's process dies mid-claim: the claim is made, she never learns which case.
    await claimAndDie('anna');
    const leases = `vs:zaken:claims:${gemeentecode}`;
    const annasCase = await until(async () => {
      for (const id of await gw.redis.zrange(leases, 0, -1)) if ((await claimant(id)) === 'anna') return id;
      return undefined;
    }, 'the gateway to record Anna’s claim', 10_000);
    // Bea claims and keeps working; Carla claims and then stops (her laptop died).
    const bea = await call('bea', 'POST', '/v1/zaken/_oppakken');
    const carla = await call('carla', 'POST', '/v1/zaken/_oppakken');
    expect([bea.status, carla.status]).toEqual([200, 200]);
    const beasCase = bea.json.zaakId as string;
    const carlasCase = carla.json.zaakId as string;
    expect(new Set([annasCase, beasCase, carlasCase]).size).toBe(3);
    expect((await call('dirk', 'POST', '/v1/zaken/_oppakken')).status).toBe(204);

    // Thursday: Bea records a contact attempt, which renews her lease; the others did nothing.
    gw.clock.advance(4 * day);
    const attempt = await call('bea', 'POST', `/v1/zaken/${beasCase}/contactpogingen`, { soort: 'Telefoon', bereikt: false, datum: '2026-11-26', dagdeel: 'Ochtend' });
    expect(attempt.status).toBe(201);
    expect((await call('dirk', 'POST', '/v1/zaken/_oppakken')).status).toBe(204); // 4 working days: the leases still run

    // Friday 09:31, five working days after the claims: Anna's and Carla's leases have lapsed.
    gw.clock.advance(day + 60_000);
    const first = await call('dirk', 'POST', '/v1/zaken/_oppakken');
    const second = await call('dirk', 'POST', '/v1/zaken/_oppakken');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(new Set([first.json.zaakId, second.json.zaakId])).toEqual(new Set([annasCase, carlasCase]));
    expect((await call('dirk', 'POST', '/v1/zaken/_oppakken')).status).toBe(204); // Bea's case stays hers

    // Each case has one claimant, and access follows the claim.
    expect(await claimant(annasCase)).toBe('dirk');
    expect(await claimant(carlasCase)).toBe('dirk');
    expect(await claimant(beasCase)).toBe('bea');
    expect((await call('carla', 'GET', `/v1/zaken/${carlasCase}/contactgegevens`)).status).toBe(403);
    expect((await call('anna', 'GET', `/v1/zaken/${annasCase}/contactgegevens`)).status).toBe(403);
    expect((await call('dirk', 'GET', `/v1/zaken/${annasCase}/contactgegevens`)).status).toBe(200);
    expect((await call('bea', 'GET', `/v1/zaken/${beasCase}/contactgegevens`)).status).toBe(200);
    expect((await call('dirk', 'GET', '/v1/zaken/termijnen')).json).toMatchObject({ open: 0, opgepakt: 3 });

    // The lapse is in the audit log, once per case.
    const lapses = (await auditRecords(gw.redis))
      .map((e) => e.record)
      .filter((r) => r.name === 'claim-verlopen')
      .map((r) => r.attributes['vroegsignaal.zaak_id']);
    expect(lapses.sort()).toEqual([annasCase, carlasCase].sort());
  });
});
