import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runAfnemer } from '../../src/cli/afnemer.js';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { callGegevens, loadConsumer, validateUitwisselmodel } from '../helpers/ddas-client.js';
import { exampleSignal } from './fixtures.js';

/** The DDAS pull API's edges on a gateway of its own: a low rate limit, an erased resident. */
const oin = '00000099000000007000';
let gw: TestGateway;
let dir: string;
const now = new Date();
// The previous calendar month (UTC suffices for a day in the middle of it).
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 9));
const pull = async (body: unknown) => callGegevens(`${gw.url}/ddas/v1`, body, {
  creds: loadConsumer(dir), token: await issueDevToken(gw.home, { sub: oin, roles: ['cbs'], scope: 'read', now: gw.clock.now }), sign: { now: gw.clock.now },
});

beforeAll(async () => {
  gw = await startTestGateway({ rateLimitPerMinute: 2 });
  dir = mkdtempSync(join(tmpdir(), 'vs-ddas-edge-'));
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await runAfnemer(['add', '--naam', 'CBS', '--oin', oin, '--out', dir], { ...process.env, VROEGSIGNAAL_HOME: gw.home });
  } finally {
    log.mockRestore();
  }
  gw.clock.set(lastMonth.toISOString());
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('leaves out a signal whose contact details were erased: it can no longer name its client as v1.2 requires', async () => {
  const kept = exampleSignal({ signaaldatum: lastMonth.toISOString().slice(0, 10), ontstaansdatum: new Date(lastMonth.getTime() - 60 * 86_400_000).toISOString().slice(0, 10) });
  const erased = { ...kept, id: 'GEWIST-1', persoon: { ...kept.persoon, achternaam: 'Gewist', geboortedatum: '1970-01-01' }, adres: { ...kept.adres, huisnummer: '7777' } };
  for (const s of [kept, erased]) expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, s, { now: gw.clock.now })).status).toBe(202);
  const wissen = await callAs(gw, { sub: 'fg', gemeentecode: '0000', role: 'privacy-officer' }, 'POST', '/v1/inwoners/_wissen', { persoon: erased.persoon, adres: erased.adres });
  expect(wissen.status).toBe(200);
  gw.clock.set(new Date().toISOString());
  // Pages of one: the erased signal is out of the count too, so one page holds the one left.
  const res = await pull({ pageSize: 1 });
  expect(res.status).toBe(200);
  expect(validateUitwisselmodel(res.json.gegevens), JSON.stringify(validateUitwisselmodel.errors)).toBe(true);
  const levering = res.json.gegevens.leveringen.find((l: { gemeentecode: string }) => l.gemeentecode === '1696');
  expect(levering.vroegsignalen).toHaveLength(1);
  expect(levering.vroegsignalen[0].client.huisnummer).toBe(kept.adres.huisnummer);
  expect(res.json.paginering).toBeUndefined();
  expect(await gw.redis.zcard('vs:signalen:1696')).toBe(1);
});

it('answers 429 with Retry-After once a consumer pulls more than RATE_LIMIT_PER_MINUTE times a minute', async () => {
  gw.clock.set(new Date().toISOString());
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < 3 && statuses.at(-1) !== 429; i++) {
    last = await pull({});
    statuses.push(last.status);
  }
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
  expect(last!.headers['retry-after']).toBeDefined();
});
