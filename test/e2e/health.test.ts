import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runHealth } from '../../src/cli/health.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest } from '../helpers/https-client.js';

/** Issue 17, health: unauthenticated probes on the staff listener, nothing but a status. */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const probe = (path: string, base = gw.staffUrl) => httpsRequest(base, path, { ca: gw.huur.ca });

describe('GET /livez and GET /readyz', () => {
  it('answer on the staff listener without any credentials, with a status and nothing else', async () => {
    const live = await probe('/livez');
    expect(live.status).toBe(200);
    expect(live.json).toEqual({ status: 'ok' });
    const ready = await probe('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'gereed' });
    expect(ready.headers['cache-control']).toBe('no-store');
    // Not on the partners' listener, and not in the API documents.
    expect((await httpsRequest(gw.url, '/readyz', { creds: gw.huur })).status).toBe(404);
    expect(JSON.stringify((await probe('/v1/openapi.json')).json.paths)).not.toMatch(/livez|readyz/);
  });

  it('says not ready while Redis refuses writes, and ready again once it takes them', async () => {
    // A primary that lost its replicas refuses writes (min-replicas-to-write): the instance must leave the pool.
    await gw.redis.config('SET', 'min-replicas-to-write', '1');
    try {
      const refused = await probe('/readyz');
      expect(refused.status).toBe(503);
      expect(refused.json).toEqual({ status: 'niet-gereed' });
      expect((await probe('/livez')).status).toBe(200);
    } finally {
      await gw.redis.config('SET', 'min-replicas-to-write', '0');
    }
    expect((await probe('/readyz')).status).toBe(200);
  });

  it('`vroegsignaal health` (the image’s HEALTHCHECK) exits 0 while ready, 1 while not or unreachable', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await runHealth(['--url', gw.staffUrl])).toBe(0);
      await gw.redis.config('SET', 'min-replicas-to-write', '1');
      expect(await runHealth(['--url', gw.staffUrl])).toBe(1);
      await gw.redis.config('SET', 'min-replicas-to-write', '0');
      expect(await runHealth(['--url', 'https://127.0.0.1:1'])).toBe(1);
      expect(log.mock.calls.map((c) => c[0])).toEqual(['gereed', 'niet gereed', 'niet bereikbaar']);
    } finally {
      log.mockRestore();
      await gw.redis.config('SET', 'min-replicas-to-write', '0');
    }
  });
});
