import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
let sick: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ rateLimitPerMinute: 3 });
  // A failing health check stands in for Redis going away: under-pressure sheds while it fails.
  sick = await startTestGateway({ healthCheck: async () => false });
});
afterAll(async () => {
  await gw?.stop();
  await sick?.stop();
});

describe('overload: shedding and per-partner limits answer early, with Retry-After, and keep nothing', () => {
  it('sheds with 503 problem+json and Retry-After while the gateway is unhealthy, and stores nothing', async () => {
    const signal = exampleSignal();
    const shed = await postSigned(sick.url, '/v1/vroegsignalen', sick.huur, signal, { now: sick.clock.now });
    expect(shed.status).toBe(503);
    expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(shed.headers['retry-after']).toBe('5');
    expect(shed.json).toMatchObject({ status: 503, code: 'tijdelijk-niet-beschikbaar' });
    for (const pattern of ['vs:signaal:*', 'vs:zaak:*', 'vs:idem:*', 'vs:audit:*']) expect(await sick.redis.keys(pattern), pattern).toEqual([]);
    // A route the shedding stops must not run behind the 503 (it did, relabelling it application/json).
    const keys = await httpsRequest(sick.url, '/v1/sleutels', { creds: sick.huur });
    expect(keys.status).toBe(503);
    expect(keys.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(sick.logs.join('')).not.toContain('Reply was already sent');
  });

  it('limits each partner on its own: the fourth post in a minute is 429 with Retry-After, the other partner goes on', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 4; i++) {
      const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
      statuses.push(res.status);
      limited = res;
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(limited!.json).toMatchObject({ status: 429, code: 'te-veel-verzoeken' });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    const other = await postSigned(gw.url, '/v1/vroegsignalen', gw.energie, exampleSignal({ signaalpartner: 'Energie' }), { now: gw.clock.now });
    expect(other.status).toBe(202);
  });
});
