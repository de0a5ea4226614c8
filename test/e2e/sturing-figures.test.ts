import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { histogramMedian, monthFigures, reach, withinDeadline } from '../../src/reporting/figures.js';
import { readMonthFigures } from '../../src/reporting/read.js';
import { currentWorkload } from '../../src/reporting/current.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

/*
 * The team lead's counters change exactly with what workers and partners do through the API:
 * each event raises its counters in the script that makes it happen, once.
 */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const hour = 3_600_000;
const day = 24 * hour;
const worker = (sub: string, method: string, path: string, body?: unknown) => callAs(gw, { sub, gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const send = (creds: TestGateway['huur'], signal: unknown) => postSigned(gw.url, '/v1/vroegsignalen', creds, signal, { now: gw.clock.now });
const counters = () => gw.redis.hgetall('vs:sturing:1696:2026-11');

describe('Sturing counters', () => {
  it('rejects a team lead on every staff API route that shows cases or audit records', async () => {
    const lead = (method: string, path: string) => callAs(gw, { sub: 'teamleider-1696', gemeentecode: '1696', role: 'teamleider' }, method, path);
    const routes = [['POST', '/v1/zaken/_oppakken'], ['GET', '/v1/auditlog/records'], ['GET', '/v1/zaken/termijnen'], ['POST', '/v1/inwoners/_inzage'], ['GET', '/v1/beleid']] as const;
    for (const [method, path] of routes) {
      expect((await lead(method, path)).status, `${method} ${path}`).toBe(403);
    }
  });

  it('count signals, cases, combining, the first claim, the first contact and the end result exactly once', async () => {
    gw.clock.set('2026-11-23T09:00:00Z'); // Monday
    while ((await worker('leeg', 'POST', '/v1/zaken/_oppakken')).status === 200); // nothing open from before
    const before = monthFigures('2026-11', await counters());

    // Two signals for one address: two received, one case made, one combined (meervoudig).
    const rent = exampleSignal({ signaaldatum: '2026-11-23' });
    const energy = { ...exampleSignal({ signaalpartner: 'Energie', signaaldatum: '2026-11-23' }), adres: rent.adres };
    expect((await send(gw.huur, rent)).status).toBe(202);
    expect((await send(gw.energie, energy)).status).toBe(202);
    // The same signal again (a retry) counts nothing; the same arrears under a new id is a repeat.
    expect((await send(gw.huur, rent)).status).toBe(200);
    expect((await send(gw.huur, { ...rent, id: `${rent.id}-b` })).status).toBe(202);

    let figures = monthFigures('2026-11', await counters());
    const delta = (partner: string, measure: keyof typeof figures.totaal.counts) =>
      (figures.perPartner.get(partner)?.counts[measure] ?? 0) - (before.perPartner.get(partner)?.counts[measure] ?? 0);
    expect([delta('Huur', 'signalen'), delta('Huur', 'zaken'), delta('Huur', 'herhaald'), delta('Energie', 'signalen'), delta('Energie', 'meervoudig'), delta('Energie', 'zaken')])
      .toEqual([2, 1, 1, 1, 1, 0]);

    // Claimed two working days later (Wednesday), within the ten working days of the offer.
    gw.clock.set('2026-11-25T10:00:00Z');
    const claimed = await worker('anna', 'POST', '/v1/zaken/_oppakken');
    expect(claimed.status).toBe(200);
    const zaakId = claimed.json.zaakId as string;
    const path = `/v1/zaken/${zaakId}`;
    expect((await currentWorkload(gw.redis, '1696', gw.clock.now)).perMedewerker).toEqual([{ medewerker: 'anna', zaken: 1 }]);
    // Released and claimed again: still one case picked up.
    expect((await worker('anna', 'POST', `${path}/_vrijgeven`)).status).toBe(200);
    expect((await worker('bob', 'POST', '/v1/zaken/_oppakken')).json.zaakId).toBe(zaakId);

    // Not reached, then reached on Thursday (three working days after the signal), then reached again.
    for (const attempt of [
      { soort: 'Telefoon', bereikt: false, datum: '2026-11-25', dagdeel: 'Ochtend' },
      { soort: 'Huisbezoek', bereikt: true, datum: '2026-11-26', dagdeel: 'Middag' },
      { soort: 'Telefoon', bereikt: true, datum: '2026-11-27', dagdeel: 'Ochtend' },
    ]) {
      expect((await worker('bob', 'POST', `${path}/contactpogingen`, attempt)).status).toBe(201);
    }
    expect((await worker('bob', 'POST', `${path}/_afsluiten`, { eindresultaat: 'Vervolghulp en/of verwijzing financieel' })).status).toBe(200);

    figures = monthFigures('2026-11', await counters());
    const huur = figures.perPartner.get('Huur')!;
    expect([delta('Huur', 'opgepakt'), delta('Huur', 'opgepaktBinnenTermijn'), delta('Huur', 'bereikt'), delta('Energie', 'opgepakt')]).toEqual([1, 1, 1, 0]);
    expect(huur.histograms.dagenTotOppakken.get(2)! - (before.perPartner.get('Huur')?.histograms.dagenTotOppakken.get(2) ?? 0)).toBe(1);
    expect(huur.histograms.dagenTotContact.get(3)! - (before.perPartner.get('Huur')?.histograms.dagenTotContact.get(3) ?? 0)).toBe(1);
    expect(huur.eindresultaten.get('Vervolghulp en/of verwijzing financieel')! - (before.perPartner.get('Huur')?.eindresultaten.get('Vervolghulp en/of verwijzing financieel') ?? 0)).toBe(1);
    expect((await currentWorkload(gw.redis, '1696', gw.clock.now)).perMedewerker).toEqual([]);
  });

  it('computes the figures of a fresh month from its counters: median, reach, share within the deadline', async () => {
    gw.clock.set('2026-12-01T08:00:00Z'); // Tuesday; a new month starts with no counters
    while ((await worker('leeg', 'POST', '/v1/zaken/_oppakken')).status === 200);
    expect((await readMonthFigures(gw.redis, '1696', '2026-12')).totaal.counts.signalen).toBe(0);
    const ids: string[] = [];
    const claim = async (at: string, sub: string) => {
      gw.clock.set(at);
      const claimed = await worker(sub, 'POST', '/v1/zaken/_oppakken');
      expect(claimed.status).toBe(200);
      ids.push(claimed.json.zaakId as string);
    };
    for (let i = 0; i < 2; i++) expect((await send(gw.huur, exampleSignal({ signaaldatum: '2026-12-01' }))).status).toBe(202);
    await claim('2026-12-01T12:00:00Z', 'w0'); // the same day: 0 working days
    await claim('2026-12-02T12:00:00Z', 'w1'); // 1 working day
    // A crisis signal (offer within 3 working days: by 7 December) claimed on 8 December: 4 working days, too late.
    gw.clock.set('2026-12-02T13:00:00Z');
    expect((await send(gw.huur, exampleSignal({ signaaldatum: '2026-12-02', crisissignaal: true }))).status).toBe(202);
    await claim('2026-12-08T10:00:00Z', 'w2');
    // One of the three is reached, the same day.
    expect((await worker('w2', 'POST', `/v1/zaken/${ids[2]}/contactpogingen`, { soort: 'Telefoon', bereikt: true, datum: '2026-12-08', dagdeel: 'Avond' })).status).toBe(201);

    const december = await readMonthFigures(gw.redis, '1696', '2026-12');
    expect(december.totaal.counts).toMatchObject({ signalen: 3, zaken: 3, opgepakt: 3, opgepaktBinnenTermijn: 2, bereikt: 1 });
    expect(histogramMedian(december.totaal.histograms.dagenTotOppakken)).toEqual({ value: 1, atCap: false });
    expect(histogramMedian(december.totaal.histograms.dagenTotContact)).toEqual({ value: 4, atCap: false });
    expect(reach(december.totaal)).toBeCloseTo(1 / 3);
    expect(withinDeadline(december.totaal)).toBeCloseTo(2 / 3);
    const workload = await currentWorkload(gw.redis, '1696', gw.clock.now);
    expect(workload).toMatchObject({ open: 0, opgepakt: 3 });
    expect(workload.perMedewerker.map((w) => w.medewerker).sort()).toEqual(['w0', 'w1', 'w2']);
  });

  it('counts open cases past their offer deadline from the queue alone', async () => {
    gw.clock.set('2026-12-18T09:00:00Z'); // Friday
    expect((await send(gw.huur, exampleSignal({ signaaldatum: '2026-12-18' }))).status).toBe(202);
    expect(await currentWorkload(gw.redis, '1696', gw.clock.now)).toMatchObject({ open: 1, openTeLaat: 0 });
    gw.clock.set('2027-01-06T09:00:00Z'); // ten working days later (Christmas, New Year) is 5 January
    expect(await currentWorkload(gw.redis, '1696', gw.clock.now)).toMatchObject({ open: 1, openTeLaat: 1 });
    gw.clock.set('2027-01-05T09:00:00Z');
    expect(await currentWorkload(gw.redis, '1696', gw.clock.now)).toMatchObject({ open: 1, openTeLaat: 0 });
  });
});
