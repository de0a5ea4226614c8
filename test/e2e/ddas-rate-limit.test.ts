import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runAfnemer } from '../../src/cli/afnemer.js';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { callGegevens, loadConsumer } from '../helpers/ddas-client.js';

const oin = '00000099000000007000';
let gw: TestGateway;
let dir: string;
beforeAll(async () => {
  gw = await startTestGateway({ rateLimitPerMinute: 2 });
  gw.clock.set(new Date().toISOString());
  dir = mkdtempSync(join(tmpdir(), 'vs-ddas-rl-'));
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await runAfnemer(['add', '--naam', 'CBS', '--oin', oin, '--out', dir], { ...process.env, VROEGSIGNAAL_HOME: gw.home });
  } finally {
    log.mockRestore();
  }
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('answers 429 with Retry-After once a consumer pulls more than RATE_LIMIT_PER_MINUTE times a minute', async () => {
  const creds = loadConsumer(dir);
  const token = await issueDevToken(gw.home, { sub: oin, roles: ['cbs'], scope: 'read', now: gw.clock.now });
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < 3; i++) {
    last = await callGegevens(`${gw.url}/ddas/v1`, {}, { creds, token, sign: { now: gw.clock.now } });
    statuses.push(last.status);
  }
  expect(statuses).toEqual([200, 200, 429]);
  expect(last!.headers['retry-after']).toBeDefined();
});
