import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const call = (method: string, path: string, sub: string, body?: unknown, gemeentecode = '1696') =>
  callAs(gw, { sub, gemeentecode, role: 'schuldhulpverlener' }, method, path, body);
async function drain(sub: string) {
  while ((await call('POST', '/v1/zaken/_oppakken', sub)).status === 200);
}

describe('the worker journey over HTTPS with real tokens', () => {
  it('claims, reveals contact details to the claimant only, records an attempt and closes the case', async () => {
    await drain('opruimer');
    const signal = exampleSignal({ crisissignaal: true });
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    expect(accepted.status).toBe(202);

    const claimed = await call('POST', '/v1/zaken/_oppakken', 'anna');
    expect(claimed.status).toBe(200);
    expect(claimed.json).toMatchObject({ status: 'opgepakt', crisissignaal: true, opgepaktDoorMij: true, aanbodtermijn: '2026-11-25', termijnVerstreken: false });
    expect(claimed.json.signalen[0]).toMatchObject({ signaalId: accepted.json.signaalId, signaalpartner: 'Huur', bedrag: 1250 });
    expect(JSON.stringify(claimed.json)).not.toContain(signal.persoon.achternaam);
    const zaak = claimed.json.zaakId;

    const contact = await call('GET', `/v1/zaken/${zaak}/contactgegevens`, 'anna');
    expect(contact.status).toBe(200);
    expect(contact.headers['cache-control']).toBe('no-store');
    expect(contact.json).toEqual({ persoon: signal.persoon, adres: signal.adres });
    expect((await call('GET', `/v1/zaken/${zaak}/contactgegevens`, 'bob')).status).toBe(403);

    const status = await httpsRequest(gw.url, `/v1/vroegsignalen/${accepted.json.signaalId}`, { creds: gw.huur });
    expect(status.json.status).toBe('in behandeling');

    const attempt = await call('POST', `/v1/zaken/${zaak}/contactpogingen`, 'anna', { soort: 'Telefoon', bereikt: false, datum: '2026-11-22', dagdeel: 'Ochtend' });
    expect(attempt.status).toBe(201);
    expect(attempt.json.contactpogingen).toEqual([{ soort: 'Telefoon', bereikt: false, datum: '2026-11-22', dagdeel: 'Ochtend' }]);
    expect((await call('POST', `/v1/zaken/${zaak}/contactpogingen`, 'anna', { soort: 'Duif', bereikt: false, datum: '2026-11-22', dagdeel: 'Nacht' })).status).toBe(400);

    const closed = await call('POST', `/v1/zaken/${zaak}/_afsluiten`, 'anna', { eindresultaat: 'Niet opgepakt: onterecht signaal' });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ status: 'afgesloten', eindresultaat: 'Niet opgepakt: onterecht signaal', contactgegevensBewaardTot: '2026-12-22T09:30:00.000Z' });
    const after = await httpsRequest(gw.url, `/v1/vroegsignalen/${accepted.json.signaalId}`, { creds: gw.huur });
    expect(after.json.status).toBe('niet opgepakt');

    // Retention: a delayed job is due at the end of the term; the deletion itself is idempotent.
    const job = await gw.redis.hgetall(`vs:bull:retentie:contact-${zaak}`);
    expect(JSON.parse(job.data!)).toEqual({ zaakId: zaak, regel: 'bewaartermijnen.perResultaat.Niet opgepakt: onterecht signaal', bewaarTot: '2026-12-22T09:30:00.000Z' });
    expect(Number(job.delay)).toBe(Date.parse('2026-12-22T09:30:00.000Z') - gw.clock.now.getTime());
    const { deleteContactDetails } = await import('../../src/retention/contact-deletion.js');
    const jobData = JSON.parse(job.data!);
    expect(await deleteContactDetails(gw.redis, jobData, { now: new Date('2026-12-22T09:29:59.999Z'), auditRetention: 'P2Y', bundleRevision: 'test' })).toBe(0);
    // The job and the sweeper at the same moment: the details go once, with one record.
    const due = { now: new Date('2026-12-22T09:30:00.000Z'), auditRetention: 'P2Y', bundleRevision: 'test' };
    expect((await Promise.all([deleteContactDetails(gw.redis, jobData, due), deleteContactDetails(gw.redis, jobData, due)])).sort()).toEqual([0, 1]);
    expect(Object.keys(await gw.redis.hgetall(`vs:zaak:${zaak}`)).filter((f) => f.startsWith('contact:'))).toEqual([]);
    expect(await deleteContactDetails(gw.redis, jobData, { now: new Date('2027-01-01T00:00:00Z'), auditRetention: 'P2Y', bundleRevision: 'test' })).toBe(0);

    const names = (await auditRecords(gw.redis)).map((e) => e.record).filter((r) => r.attributes?.['vroegsignaal.zaak_id'] === zaak).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['zaak-opgepakt', 'contactgegevens-ingezien', 'contactpoging', 'zaak-afgesloten', 'contactgegevens-verwijderd']));
    expect(names.filter((n) => n === 'contactgegevens-verwijderd')).toHaveLength(1);
  });

  it('answers every /v1/zaken endpoint with 404 for another municipality’s case', async () => {
    await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    const zaak = (await call('POST', '/v1/zaken/_oppakken', 'anna')).json.zaakId;
    for (const [method, path, body] of [
      ['GET', `/v1/zaken/${zaak}`], ['GET', `/v1/zaken/${zaak}/contactgegevens`],
      ['POST', `/v1/zaken/${zaak}/contactpogingen`, { soort: 'Brief', bereikt: false, datum: '2026-11-22', dagdeel: 'Middag' }],
      ['POST', `/v1/zaken/${zaak}/_vrijgeven`], ['POST', `/v1/zaken/${zaak}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' }],
    ] as Array<[string, string, unknown?]>) {
      const res = await call(method, path, 'zoe', body, '0363');
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await call('GET', `/v1/zaken/${zaak}`, 'anna')).status).toBe(200);
  });

  it('returns a lapsed claim to the queue after five working days (injected clock), and after a release', async () => {
    // Its own municipality's queue ('s-Gravenhage), so no other test's claims lapse into it.
    const signal = exampleSignal();
    signal.adres.postcode = '2511AB';
    await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    const zaak = (await call('POST', '/v1/zaken/_oppakken', 'anna', undefined, '0518')).json.zaakId;
    expect((await call('POST', '/v1/zaken/_oppakken', 'bob', undefined, '0518')).status).toBe(204);
    gw.clock.advance(4 * 86_400_000); // Sunday 22 Nov + 4 days: the lease (5 working days) still runs
    expect((await call('POST', '/v1/zaken/_oppakken', 'bob', undefined, '0518')).status).toBe(204);
    gw.clock.advance(4 * 86_400_000);
    const taken = await call('POST', '/v1/zaken/_oppakken', 'bob', undefined, '0518');
    expect(taken.json.zaakId).toBe(zaak);
    expect((await call('GET', `/v1/zaken/${zaak}/contactgegevens`, 'anna', undefined, '0518')).status).toBe(403);
    expect((await call('POST', `/v1/zaken/${zaak}/_vrijgeven`, 'bob', undefined, '0518')).status).toBe(200);
    expect((await call('POST', '/v1/zaken/_oppakken', 'carla', undefined, '0518')).json.zaakId).toBe(zaak);
    const lapses = (await auditRecords(gw.redis)).map((e) => e.record).filter((r) => r.name === 'claim-verlopen');
    expect(lapses.map((r) => r.attributes['vroegsignaal.zaak_id'])).toContain(zaak);
  });

  it('hands 50 cases to 100 parallel claims over HTTPS, each case exactly once', async () => {
    // Utrecht's queue, empty until now.
    const batch = Array.from({ length: 50 }, () => {
      const s = exampleSignal();
      s.adres.postcode = '3511AB';
      return s;
    });
    expect((await postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.huur, batch, { now: gw.clock.now })).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => call('POST', '/v1/zaken/_oppakken', `w${i}`, undefined, '0344')));
    const ids = results.filter((r) => r.status === 200).map((r) => r.json.zaakId);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect(results.filter((r) => r.status === 204)).toHaveLength(50);
  });

  it('counts open, claimed and overdue cases per municipality', async () => {
    const amsterdam = () => {
      const s = exampleSignal();
      s.adres.postcode = '1012LG';
      return s;
    };
    await postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.huur, [amsterdam(), amsterdam(), { ...amsterdam(), crisissignaal: true }], { now: gw.clock.now });
    expect((await call('POST', '/v1/zaken/_oppakken', 'anna', undefined, '0363')).status).toBe(200);
    const today = await call('GET', '/v1/zaken/termijnen', 'anna', undefined, '0363');
    expect(today.json).toEqual({ gemeentecode: '0363', open: 2, opgepakt: 1, crisis: 1, termijnVerstreken: 0 });
    gw.clock.advance(15 * 86_400_000); // past the 10-working-day offer deadline, nobody tried contact
    const later = await call('GET', '/v1/zaken/termijnen', 'anna', undefined, '0363');
    expect(later.json.termijnVerstreken).toBe(3);
    gw.clock.advance(-15 * 86_400_000);
  });

  it('refuses a privacy officer or beheerder on worker endpoints', async () => {
    const officer = await issueDevToken(gw.home, { sub: 'fg', gemeentecode: '1696', roles: ['privacy-officer'], now: gw.clock.now });
    const res = await httpsRequest(gw.staffUrl, '/v1/zaken/_oppakken', { method: 'POST', ca: gw.huur.ca, headers: [['Authorization', `Bearer ${officer}`]] });
    expect(res.status).toBe(403);
  });
});
