import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteCaseFacts } from '../../src/retention/case-facts.js';
import { retentionReport } from '../../src/retention/report.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';

let gw: TestGateway;
let policies: string;
const start = '2026-11-22T09:30:00Z';
beforeAll(async () => {
  policies = mkdtempSync(join(tmpdir(), 'vs-expiry-'));
  cpSync(new URL('../../policies', import.meta.url).pathname, policies, { recursive: true });
  gw = await startTestGateway({ policiesDir: policies });
});
afterAll(async () => {
  await gw?.stop();
  rmSync(policies, { recursive: true, force: true });
});

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const send = (signal: unknown) => postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
const records = async () => (await auditRecords(gw.redis)).map((e) => e.record);
const caseOf = async (signaalId: string) => (await gw.redis.hget(`vs:signaal:${signaalId}`, 'zaakId'))!;
async function claim(zaakId: string): Promise<void> {
  for (let i = 0; i < 50; i++) if ((await worker('POST', '/v1/zaken/_oppakken')).json?.zaakId === zaakId) return;
  throw new Error(`zaak ${zaakId} kwam niet uit de wachtrij`);
}

describe('every stored item carries its expiry from the moment it is written', () => {
  it('shows a provisional end on a new case and in the audit record of the write; a joining signal moves it', async () => {
    gw.clock.set(start);
    const signal = exampleSignal();
    const accepted = await send(signal);
    const zaak = await caseOf(accepted.json.signaalId);
    const view = await worker('GET', `/v1/zaken/${zaak}`);
    expect(view.json).toMatchObject({ zaakfeitenBewaardTot: '2028-11-22T09:30:00.000Z', contactgegevensBewaardTot: '2028-11-22T09:30:00.000Z', bewaartermijnVoorlopig: true });
    // Both ends are one date while the case is open: the hash keeps it once (cases/retention-ends).
    expect(await gw.redis.hmget(`vs:zaak:${zaak}`, 'zaakfeitenBewaarTot', 'contactBewaarTot')).toEqual(['2028-11-22T09:30:00.000Z', null]);
    expect(Number(await gw.redis.zscore('vs:bewaar:zaakfeiten', zaak))).toBe(Date.parse('2028-11-22T09:30:00.000Z'));
    expect(await gw.redis.hget(`vs:signaal:${accepted.json.signaalId}`, 'bewaarTot')).toBe('2028-11-22T09:30:00.000Z');
    const created = (await records()).find((r) => r.name === 'vroegsignaal-verwerkt' && r.attributes['vroegsignaal.zaakstap'] === 'zaak-aangemaakt' && r.attributes['vroegsignaal.zaak_id'] === zaak);
    expect(created.attributes).toMatchObject({ 'vroegsignaal.bewaard_tot': '2028-11-22T09:30:00.000Z', 'vroegsignaal.bewaarregel': expect.stringContaining('zaakfeiten') });
    expect(created.attributes['vroegsignaal.beleid_revisie']).toMatch(/^sha256:[0-9a-f]{64}$/);

    gw.clock.set('2026-11-25T12:00:00Z');
    const energy = exampleSignal({ signaalpartner: 'Energie' });
    energy.adres.huisnummer = signal.adres.huisnummer;
    const joined = await postSigned(gw.url, '/v1/vroegsignalen', gw.energie, energy, { now: gw.clock.now });
    expect(await caseOf(joined.json.signaalId)).toBe(zaak);
    expect((await worker('GET', `/v1/zaken/${zaak}`)).json.zaakfeitenBewaardTot).toBe('2028-11-25T12:00:00.000Z');
    expect(Number(await gw.redis.zscore('vs:bewaar:zaakfeiten', zaak))).toBe(Date.parse('2028-11-25T12:00:00.000Z'));
  });

  it('deletes a case nobody closed, whole and out of the queue, at its last signal plus the facts’ term', async () => {
    gw.clock.set(start);
    const accepted = await send(exampleSignal());
    const zaak = await caseOf(accepted.json.signaalId);
    await gw.sequence();

    gw.clock.set('2028-11-22T09:29:59Z');
    await gw.gateway.sweep();
    expect(await gw.redis.exists(`vs:zaak:${zaak}`)).toBe(1);

    gw.clock.set('2028-11-22T09:30:00Z');
    expect((await gw.gateway.sweep()).casesDeleted).toBeGreaterThanOrEqual(1);
    expect(await gw.redis.exists(`vs:zaak:${zaak}`, `vs:signaal:${accepted.json.signaalId}`)).toBe(0);
    expect(await gw.redis.zscore('vs:zaken:open:1696', zaak)).toBeNull();
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${accepted.json.signaalId}`, { creds: gw.huur })).status).toBe(404);
    expect((await worker('GET', `/v1/zaken/${zaak}`)).status).toBe(404);
    const deletion = (await records()).find((r) => r.name === 'zaakfeiten-verwijderd' && r.attributes['vroegsignaal.zaak_id'] === zaak);
    expect(deletion.attributes).toMatchObject({ 'vroegsignaal.bewaarregel': 'bewaartermijnen.zaakfeiten', 'vroegsignaal.bewaard_tot': '2028-11-22T09:30:00.000Z' });
    expect(deletion.attributes['vroegsignaal.beleid_revisie']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await gw.gateway.sweep()).casesDeleted).toBe(0); // idempotent
    gw.clock.set(start);
  });

  it('gives a repeat that joins no case its own expiry, and deletes signal and idempotency key at it', async () => {
    gw.clock.set(start);
    const signal = exampleSignal();
    const first = await send(signal);
    const zaak = await caseOf(first.json.signaalId);
    await claim(zaak);
    expect((await worker('POST', `/v1/zaken/${zaak}/_afsluiten`, { eindresultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' })).status).toBe(200);

    gw.clock.set('2026-12-01T08:00:00Z');
    const repeat = await send({ ...signal, id: `${signal.id}-2` });
    expect(repeat.status).toBe(202);
    const stored = await gw.redis.hgetall(`vs:signaal:${repeat.json.signaalId}`);
    expect(stored).toMatchObject({ zaakId: '', combinatie: 'herhaald', bewaarTot: '2028-12-01T08:00:00.000Z' });
    expect(Number(await gw.redis.zscore('vs:bewaar:signalen', repeat.json.signaalId))).toBe(Date.parse('2028-12-01T08:00:00.000Z'));
    const herhaald = (await records()).find((r) => r.name === 'vroegsignaal-verwerkt' && r.attributes['vroegsignaal.signaal_id'] === repeat.json.signaalId);
    expect(herhaald.attributes).toMatchObject({ 'vroegsignaal.zaakstap': 'herhaalde-melding', 'vroegsignaal.wachtrij': 'niet-opgepakt-herhaald' });
    expect(herhaald.attributes['vroegsignaal.bewaard_tot']).toBe('2028-12-01T08:00:00.000Z');

    gw.clock.set('2028-12-01T07:59:59Z');
    await gw.gateway.sweep();
    expect(await gw.redis.exists(`vs:signaal:${repeat.json.signaalId}`)).toBe(1);
    // The partner's last arrears at the address (a field of the address hash) follow the repeat: its case's deletion left them.
    const address = `vs:adres:${stored.gemeentecode}:${stored.adresPseudonym}`;
    expect(await gw.redis.hget(address, 'p:00000099000000001000')).toMatch(new RegExp(`^${repeat.json.signaalId}\\|`));
    gw.clock.set('2028-12-01T08:00:00Z');
    expect((await gw.gateway.sweep()).signalsDeleted).toBeGreaterThanOrEqual(1);
    expect(await gw.redis.exists(`vs:signaal:${repeat.json.signaalId}`, `vs:idem:00000099000000001000:${signal.id}-2`)).toBe(0);
    expect(await gw.redis.zscore('vs:bewaar:signalen', repeat.json.signaalId)).toBeNull();
    expect(await gw.redis.hget(address, 'p:00000099000000001000')).toBeNull();
    expect((await records()).some((r) => r.name === 'signaal-verwijderd' && r.attributes['vroegsignaal.signaal_id'] === repeat.json.signaalId)).toBe(true);
    expect((await retentionReport(gw.redis, gw.clock.now, 'P2Y')).signalenZonderZaak.achterstallig).toBe(0);
    gw.clock.set(start);
  });

  it('schedules a delayed job for the case facts at closing, which deletes at its time and not before', async () => {
    gw.clock.set(start);
    const accepted = await send(exampleSignal());
    const zaak = await caseOf(accepted.json.signaalId);
    await claim(zaak);
    const closed = await worker('POST', `/v1/zaken/${zaak}/_afsluiten`, { eindresultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' });
    expect(closed.json).toMatchObject({ zaakfeitenBewaardTot: '2028-11-22T09:30:00.000Z', contactgegevensBewaardTot: '2027-05-22T09:30:00.000Z', bewaartermijnVoorlopig: false });
    const job = await gw.redis.hgetall(`vs:bull:retentie:zaakfeiten-${zaak}`);
    expect(JSON.parse(job.data!)).toEqual({ zaakId: zaak, regel: 'bewaartermijnen.zaakfeiten', bewaarTot: '2028-11-22T09:30:00.000Z' });
    expect(Number(job.delay)).toBe(Date.parse('2028-11-22T09:30:00.000Z') - Date.parse(start));
    const afgesloten = (await records()).find((r) => r.name === 'zaak-afgesloten' && r.attributes['vroegsignaal.zaak_id'] === zaak);
    expect(afgesloten.attributes).toMatchObject({ 'vroegsignaal.bewaard_tot': '2028-11-22T09:30:00.000Z', 'vroegsignaal.contactgegevens_bewaard_tot': '2027-05-22T09:30:00.000Z' });

    // What the job runs: nothing before its time, everything at it, nothing the second time.
    const ctx = (now: string) => ({ now: new Date(now), auditRetention: 'P2Y', bundleRevision: 'r', regel: 'bewaartermijnen.zaakfeiten' });
    expect(await deleteCaseFacts(gw.redis, zaak, ctx('2028-11-22T09:29:59.999Z'))).toBeUndefined();
    expect(await gw.redis.exists(`vs:zaak:${zaak}`)).toBe(1);
    expect(await deleteCaseFacts(gw.redis, zaak, ctx('2028-11-22T09:30:00.000Z'))).toBe('1696');
    expect(await gw.redis.exists(`vs:zaak:${zaak}`)).toBe(0);
    expect(await deleteCaseFacts(gw.redis, zaak, ctx('2028-11-23T00:00:00.000Z'))).toBeUndefined();
  });

  it('moves stored case facts to a shortened term on reload, deletes what is then overdue, and a longer term restores nothing', async () => {
    gw.clock.set(start);
    const openCase = await caseOf((await send(exampleSignal())).json.signaalId);
    const closedCase = await caseOf((await send(exampleSignal())).json.signaalId);
    await claim(closedCase);
    await worker('POST', `/v1/zaken/${closedCase}/_afsluiten`, { eindresultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' });

    const file = join(policies, 'bewaartermijnen.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/(zaakfeiten:\n\s+duur:) P2Y/, '$1 P1Y'));
    await gw.gateway.reloadPolicy();
    expect((await worker('GET', `/v1/zaken/${openCase}`)).json).toMatchObject({ zaakfeitenBewaardTot: '2027-11-22T09:30:00.000Z', contactgegevensBewaardTot: '2027-11-22T09:30:00.000Z' });
    expect(await gw.redis.hget(`vs:zaak:${closedCase}`, 'zaakfeitenBewaarTot')).toBe('2027-11-22T09:30:00.000Z');
    expect(JSON.parse((await gw.redis.hget(`vs:bull:retentie:zaakfeiten-${closedCase}`, 'data'))!).bewaarTot).toBe('2027-11-22T09:30:00.000Z');

    gw.clock.set('2026-11-24T09:30:00Z');
    writeFileSync(file, original.replace(/(zaakfeiten:\n\s+duur:) P2Y/, '$1 P1D'));
    await gw.gateway.reloadPolicy();
    expect(await gw.redis.exists(`vs:zaak:${openCase}`, `vs:zaak:${closedCase}`)).toBe(0);

    writeFileSync(file, original);
    await gw.gateway.reloadPolicy();
    expect(await gw.redis.exists(`vs:zaak:${openCase}`, `vs:zaak:${closedCase}`)).toBe(0);
    expect((await retentionReport(gw.redis, gw.clock.now, 'P2Y')).zaakfeiten.achterstallig).toBe(0);
    gw.clock.set(start);
  });
});
