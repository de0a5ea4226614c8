import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
