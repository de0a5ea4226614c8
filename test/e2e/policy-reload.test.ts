import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';

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
    const records = (await auditRecords(gw.redis)).map((e) => e.record);
    expect(records).toContainEqual(expect.objectContaining({ kind: 'besluit', path: 'beleid/herladen', input: { oude_revisie: from, nieuwe_revisie: to } }));
  });

  it('refuses a broken bundle and keeps the one in force', async () => {
    const good = readFileSync(file(), 'utf8');
    writeFileSync(file(), good.replace('toegestaan: { waarde: true', 'toegestaan: { waarde: misschien'));
    await expect(gw.gateway.reloadPolicy()).rejects.toThrow(/signaalpartners\.yaml: /);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, twentyFiveDays(), { now: gw.clock.now })).status).toBe(202);
    writeFileSync(file(), good);
  });

  it('applies a shortened retention to stored contact details, deleting at once what is now overdue', async () => {
    const signal = exampleSignal();
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    const as = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
    let zaak: string | undefined;
    while (zaak !== (await gw.redis.hget(`vs:signaal:${accepted.json.signaalId}`, 'zaakId'))) zaak = (await as('POST', '/v1/zaken/_oppakken')).json.zaakId;
    const closed = await as('POST', `/v1/zaken/${zaak}/_afsluiten`, { eindresultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' });
    expect(closed.json.contactgegevensBewaardTot).toBe('2027-05-22T09:30:00.000Z'); // P6M

    const retention = join(policies, 'bewaartermijnen.yaml');
    const original = readFileSync(retention, 'utf8');
    writeFileSync(retention, original.replace(/(contactgegevens:\n\s+duur:) P6M/, '$1 P1M'));
    await gw.gateway.reloadPolicy();
    expect(await gw.redis.hget(`vs:zaak:${zaak}`, 'contactBewaarTot')).toBe('2026-12-22T09:30:00.000Z');
    expect(Number(await gw.redis.zscore('vs:bewaar:contactgegevens', zaak!))).toBe(Date.parse('2026-12-22T09:30:00.000Z'));
    const job = await gw.redis.hgetall(`vs:bull:retentie:contact-${zaak}`);
    expect(JSON.parse(job.data!).bewaarTot).toBe('2026-12-22T09:30:00.000Z');

    gw.clock.advance(2 * 86_400_000);
    writeFileSync(retention, original.replace(/(contactgegevens:\n\s+duur:) P6M/, '$1 P1D'));
    await gw.gateway.reloadPolicy();
    expect(Object.keys(await gw.redis.hgetall(`vs:zaak:${zaak}`)).some((f) => f.startsWith('contact:'))).toBe(false);

    // Lengthening brings nothing back.
    writeFileSync(retention, original);
    await gw.gateway.reloadPolicy();
    expect(Object.keys(await gw.redis.hgetall(`vs:zaak:${zaak}`)).some((f) => f.startsWith('contact:'))).toBe(false);
    gw.clock.advance(-2 * 86_400_000);
  });
});
