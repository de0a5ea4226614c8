import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const send = (creds: TestGateway['huur'], signal: unknown) => postSigned(gw.url, '/v1/vroegsignalen', creds, signal, { now: gw.clock.now });
const caseOf = async (signaalId: string) => (await gw.redis.hget(`vs:signaal:${signaalId}`, 'zaakId')) ?? '';
const atAddress = (huisnummer: string, overrides: Record<string, unknown> = {}) => {
  const s = exampleSignal(overrides);
  s.adres.huisnummer = huisnummer;
  return s;
};

describe('combining signals per address', () => {
  it('puts a rent and an energy signal for one address in one case (meervoudig)', async () => {
    const rent = await send(gw.huur, atAddress('501'));
    const energy = await send(gw.energie, atAddress('501', { signaalpartner: 'Energie' }));
    expect([rent.status, energy.status]).toEqual([202, 202]);
    const zaak = await caseOf(rent.json.signaalId);
    expect(await caseOf(energy.json.signaalId)).toBe(zaak);
    expect(JSON.parse((await gw.redis.hget(`vs:zaak:${zaak}`, 'signalen'))!).map((s: { partnerType: string }) => s.partnerType)).toEqual(['Huur', 'Energie']);
    // One place in the worklist for the one case.
    expect(await gw.redis.zscore('vs:zaken:open:1696', zaak)).not.toBeNull();
  });

  it('treats the same arrears again as a repeat (niet opgepakt), and grown arrears as new work', async () => {
    const first = await send(gw.huur, atAddress('502'));
    const again = await send(gw.huur, atAddress('502'));
    expect(again.status).toBe(202);
    const status = await httpsRequest(gw.url, `/v1/vroegsignalen/${again.json.signaalId}`, { creds: gw.huur });
    expect(status.json.status).toBe('niet opgepakt');
    // The DDAS delivery reports it as 'Niet opgepakt: herhaalde melding' (it follows from combinatie).
    expect(await gw.redis.hget(`vs:signaal:${again.json.signaalId}`, 'combinatie')).toBe('herhaald');
    const grown = await send(gw.huur, atAddress('502', { bedrag: 1300 }));
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${grown.json.signaalId}`, { creds: gw.huur })).json.status).toBe('ontvangen');
    const zaak = await caseOf(first.json.signaalId);
    expect([await caseOf(again.json.signaalId), await caseOf(grown.json.signaalId)]).toEqual([zaak, zaak]);
  });

  it('makes two signals for one address arriving at the same moment one case', async () => {
    const results = await Promise.all([send(gw.huur, atAddress('503')), send(gw.energie, atAddress('503', { signaalpartner: 'Energie' })), send(gw.huur, atAddress('503', { ontstaansdatum: '2026-08-01' }))]);
    expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
    const cases = new Set(await Promise.all(results.map((r) => caseOf(r.json.signaalId))));
    expect(cases.size).toBe(1);
    const zaak = [...cases][0]!;
    expect(JSON.parse((await gw.redis.hget(`vs:zaak:${zaak}`, 'signalen'))!)).toHaveLength(3);
    expect(await gw.redis.zscore('vs:zaken:open:1696', zaak)).not.toBeNull();
  });

  it('marks a new case at an address whose case closed within six months as opeenvolgend', async () => {
    while ((await worker('POST', '/v1/zaken/_oppakken')).status === 200);
    const first = await send(gw.huur, atAddress('504'));
    const claimed = await worker('POST', '/v1/zaken/_oppakken');
    expect(claimed.json.zaakId).toBe(await caseOf(first.json.signaalId));
    expect((await worker('POST', `/v1/zaken/${claimed.json.zaakId}/_afsluiten`, { eindresultaat: 'Inwoner hoeft geen hulp vanuit vroegsignalering' })).status).toBe(200);
    gw.clock.advance(30 * 86_400_000);
    const next = await send(gw.energie, atAddress('504', { signaalpartner: 'Energie', signaaldatum: '2026-12-20' }));
    const zaak = await caseOf(next.json.signaalId);
    expect(zaak).not.toBe(claimed.json.zaakId);
    expect(await gw.redis.hget(`vs:zaak:${zaak}`, 'combinatie')).toBe('opeenvolgend');
    gw.clock.advance(-30 * 86_400_000);
  });

  it('makes an open case a crisis case when a crisis signal joins it: 3-working-day deadline, first in the queue', async () => {
    while ((await worker('POST', '/v1/zaken/_oppakken')).status === 200);
    // Sunday 22 November: an older ordinary case, then an ordinary case at address 505.
    const older = await send(gw.huur, atAddress('506'));
    gw.clock.advance(60_000);
    const first = await send(gw.huur, atAddress('505'));
    const zaak = await caseOf(first.json.signaalId);
    expect((await worker('GET', `/v1/zaken/${zaak}`)).json).toMatchObject({ crisissignaal: false, aanbodtermijn: '2026-12-04' });

    const crisis = await send(gw.energie, atAddress('505', { signaalpartner: 'Energie', crisissignaal: true }));
    expect(crisis.status).toBe(202);
    expect(await caseOf(crisis.json.signaalId)).toBe(zaak);
    // Three working days from the crisis signal (Sunday → Wednesday 25 November).
    expect((await worker('GET', `/v1/zaken/${zaak}`)).json).toMatchObject({ crisissignaal: true, aanbodtermijn: '2026-11-25' });
    const claimed = await worker('POST', '/v1/zaken/_oppakken');
    expect(claimed.json.zaakId).toBe(zaak);
    expect((await worker('POST', '/v1/zaken/_oppakken')).json.zaakId).toBe(await caseOf(older.json.signaalId));
    gw.clock.advance(-60_000);
  });

  it('gives a claimed case that a crisis signal joins its crisis place back when the claim is released', async () => {
    while ((await worker('POST', '/v1/zaken/_oppakken')).status === 200);
    const older = await send(gw.huur, atAddress('508'));
    gw.clock.advance(60_000);
    const first = await send(gw.huur, atAddress('507'));
    const zaak = await caseOf(first.json.signaalId);
    expect((await worker('POST', '/v1/zaken/_oppakken')).json.zaakId).toBe(await caseOf(older.json.signaalId));
    expect((await worker('POST', '/v1/zaken/_oppakken')).json.zaakId).toBe(zaak);
    await worker('POST', `/v1/zaken/${await caseOf(older.json.signaalId)}/_vrijgeven`);

    await send(gw.energie, atAddress('507', { signaalpartner: 'Energie', crisissignaal: true }));
    expect((await worker('GET', `/v1/zaken/${zaak}`)).json).toMatchObject({ status: 'opgepakt', crisissignaal: true, aanbodtermijn: '2026-11-25' });
    expect((await worker('POST', `/v1/zaken/${zaak}/_vrijgeven`)).status).toBe(200);
    expect((await worker('POST', '/v1/zaken/_oppakken')).json.zaakId).toBe(zaak);
    gw.clock.advance(-60_000);
  });
});
