import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ rateLimitPerMinute: 5 });
});
afterAll(async () => {
  await gw?.stop();
});

const post = (signal: unknown) => postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });

describe('when Redis refuses writes', () => {
  it('answers 503 without internals, keeps nothing, and accepts the same signal once Redis recovers', async () => {
    const signal = exampleSignal();
    // Background machinery (rate limiter, the retention sweeper's schedule) is not intake state.
    const intakeState = (keys: string[]) => keys.filter((k) => !k.startsWith('vs:ratelimit') && !k.startsWith('vs:bull:retentie') && !k.startsWith('vs:bewaar:')).sort();
    const keysBefore = intakeState(await gw.redis.keys('vs:*'));
    // noeviction + a tiny maxmemory makes every write fail with OOM: a real Redis failure.
    await gw.redis.config('SET', 'maxmemory', '1');
    let res;
    try {
      res = await post(signal);
    } finally {
      await gw.redis.config('SET', 'maxmemory', '0');
    }
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json.code).toBe('tijdelijk-niet-beschikbaar');
    expect(res.text).not.toMatch(/OOM|maxmemory|redis|stack/i);
    const keysAfter = intakeState(await gw.redis.keys('vs:*'));
    expect(keysAfter).toEqual(keysBefore);

    const retry = await post(signal);
    expect(retry.status).toBe(202);
  });
});

describe('rate limit per partner', () => {
  it('answers 429 problem+json with Retry-After once a partner exceeds its rate', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 8; i++) {
      last = await post(exampleSignal());
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(last!.status).toBe(429);
    expect(last!.json.code).toBe('te-veel-verzoeken');
    expect(last!.headers['retry-after']).toBeDefined();
  });
});
