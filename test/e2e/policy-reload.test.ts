import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
let policies: string;
beforeAll(async () => {
  policies = mkdtempSync(join(tmpdir(), 'vs-reload-'));
  cpSync(new URL('../../policies', import.meta.url).pathname, policies, { recursive: true });
  gw = await startTestGateway({ policiesDir: policies });
});
afterAll(async () => {
  await gw?.stop();
  rmSync(policies, { recursive: true, force: true });
});

const file = () => join(policies, 'signaalpartners.yaml');
const twentyFiveDays = () => exampleSignal({ ontstaansdatum: '2026-10-26', signaaldatum: '2026-11-20' });

describe('reloading the policy bundle (SIGHUP)', () => {
  it('applies an edited bundle at once and records the reload with both revisions', async () => {
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, twentyFiveDays(), { now: gw.clock.now })).status).toBe(400);
    const original = readFileSync(file(), 'utf8');
    const edited = original.replace(/minimaleDagenAchterstand: \{ waarde: 30,/, 'minimaleDagenAchterstand: { waarde: 20,');
    expect(edited).not.toBe(original);
    writeFileSync(file(), edited);
    const { from, to } = await gw.gateway.reloadPolicy();
    expect(to).not.toBe(from);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, twentyFiveDays(), { now: gw.clock.now })).status).toBe(202);
    const records = (await gw.redis.xrange('vs:audit:log', '-', '+')).map(([, f]) => JSON.parse(f[f.indexOf('record') + 1]!));
    expect(records).toContainEqual(expect.objectContaining({ kind: 'besluit', path: 'beleid/herladen', input: { oude_revisie: from, nieuwe_revisie: to } }));
  });

  it('refuses a broken bundle and keeps the one in force', async () => {
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('toegestaan: { waarde: true', 'toegestaan: { waarde: misschien'));
    await expect(gw.gateway.reloadPolicy()).rejects.toThrow(/signaalpartners\.yaml: /);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, twentyFiveDays(), { now: gw.clock.now })).status).toBe(202);
  });
});
