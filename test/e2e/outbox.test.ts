import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../src/notifications/outbox.js';
import { markOverdue } from '../../src/outreach/overdue.js';
import type { OutboxEvent } from '../../src/notifications/event.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

/**
 * Issue 15, the transactional outbox: every change of a case appends its event in the same
 * script, numbered per case, pseudonymous only.
 */
let gw: TestGateway;
beforeAll(async () => {
  // The relay would move the events out of the outbox before the test reads them.
  gw = await startTestGateway({ relay: false });
});
afterAll(async () => {
  await gw?.stop();
});

const day = 86_400_000;
const call = (sub: string, method: string, path: string, body?: unknown) => callAs(gw, { sub, gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const eventsOf = async (zaakId: string): Promise<OutboxEvent[]> => (await readOutbox(gw.redis, 100_000)).map((e) => e.event).filter((e) => e.zaakId === zaakId);

async function newCase(signal = exampleSignal()) {
  const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
  expect(res.status).toBe(202);
  const zaakId = await gw.redis.hget(`vs:signaal:${res.json.signaalId}`, 'zaakId');
  return { zaakId: zaakId!, signaalId: res.json.signaalId as string, signal };
}

describe('the outbox', () => {
  it('holds one event per change of a case, in order, each numbered per case, with what a partner may learn', async () => {
    const { zaakId, signaalId, signal } = await newCase();
    // The queue is shared by the tests: claim until this case is the one claimed.
    let claimed;
    do claimed = await call('anna', 'POST', '/v1/zaken/_oppakken'); while (claimed.json.zaakId !== zaakId && claimed.status === 200);
    expect(claimed.json.zaakId).toBe(zaakId);
    expect((await call('anna', 'POST', `/v1/zaken/${zaakId}/contactpogingen`, { soort: 'Telefoon', bereikt: true, datum: '2026-11-23', dagdeel: 'Ochtend' })).status).toBe(201);
    expect((await call('anna', 'POST', `/v1/zaken/${zaakId}/_vrijgeven`)).status).toBe(200);
    let again;
    do again = await call('bob', 'POST', '/v1/zaken/_oppakken'); while (again.json.zaakId !== zaakId && again.status === 200);
    expect((await call('bob', 'POST', `/v1/zaken/${zaakId}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' })).status).toBe(200);

    const events = await eventsOf(zaakId);
    expect(events.map((e) => [e.type, e.sequence, e.id])).toEqual([
      ['aangemaakt', 1, `${zaakId}.1`], ['opgepakt', 2, `${zaakId}.2`], ['contactpoging', 3, `${zaakId}.3`],
      ['vrijgegeven', 4, `${zaakId}.4`], ['opgepakt', 5, `${zaakId}.5`], ['afgesloten', 6, `${zaakId}.6`],
    ]);
    expect(events[0]).toMatchObject({ gemeentecode: '1696', zaak: { status: 'open', partnerTypes: ['Huur'] }, signalen: [{ signaalId, id: signal.id, status: 'ontvangen' }] });
    expect(events[1]!.signalen).toEqual([{ signaalId, id: signal.id, partnerOin: '00000099000000001000', status: 'in behandeling' }]);
    expect(events[5]).toMatchObject({ zaak: { status: 'afgesloten', eindresultaat: 'Verwijzing zonder contact' } });
    // What the callback will say is what the status endpoint says.
    const status = await httpsRequest(gw.url, `/v1/vroegsignalen/${signaalId}`, { creds: gw.huur });
    expect(status.json.status).toBe(events[5]!.signalen[0]!.status);
    // Pseudonymous only: nothing of the person, nor a pseudonym of person or address.
    const raw = JSON.stringify(await gw.redis.xrange('vs:uitgaand', '-', '+'));
    for (const value of [signal.persoon.achternaam, signal.persoon.telefoonnummer, signal.persoon.email, signal.persoon.geboortedatum, signal.adres.straatnaam, signal.adres.postcode]) {
      expect(raw).not.toContain(value);
    }
    const stored = await gw.redis.hgetall(`vs:zaak:${zaakId}`);
    expect(raw).not.toContain(stored.persoonPseudonym!.split(':')[1]);
    expect(raw).not.toContain(stored.adresPseudonym!.split(':')[1]);
  });

  it('says when a deadline passed unclaimed, when a resident’s details were erased, and when retention removed the case', async () => {
    gw.clock.set('2026-12-01T10:00:00Z');
    const person = { voorletters: 'K.', voorvoegsel: '', achternaam: 'Uitgaandwis', geboortedatum: '1971-03-04' };
    const signal = exampleSignal();
    signal.persoon = { ...signal.persoon, ...person };
    const { zaakId } = await newCase(signal);
    const deadline = (await gw.redis.hget(`vs:zaak:${zaakId}`, 'aanbodtermijn'))!;
    gw.clock.set('2026-12-16T09:00:00Z');
    const marked = await markOverdue(gw.redis, { gemeentecode: '1696', aanbodtermijn: deadline, now: gw.clock.now, recordsFor: () => [] });
    expect(marked).toBeGreaterThanOrEqual(1);
    const officer = await callAs(gw, { sub: 'fg', gemeentecode: '0000', role: 'privacy-officer' }, 'POST', '/v1/inwoners/_wissen', { persoon: person });
    expect(officer.status).toBe(200);
    gw.clock.set('2029-01-01T00:00:00Z'); // past every term
    expect((await gw.gateway.sweep()).casesDeleted).toBeGreaterThanOrEqual(1);

    const events = await eventsOf(zaakId);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([['aangemaakt', 1], ['termijn-verstreken', 2], ['gewist', 3], ['verwijderd', 4]]);
    expect(events[2]!.zaak.status).toBe('gewist');
    expect(await gw.redis.exists(`vs:zaak:${zaakId}`)).toBe(0);
  });

  it('says when a second signal joins a case, and when a lapsed claim goes back to the queue', async () => {
    const first = await newCase();
    const joined = await postSigned(gw.url, '/v1/vroegsignalen', gw.energie, exampleSignal({ adres: first.signal.adres, signaalpartner: 'Energie' }), { now: gw.clock.now });
    expect(joined.status).toBe(202);
    let claimed;
    do claimed = await call('carla', 'POST', '/v1/zaken/_oppakken'); while (claimed.json.zaakId !== first.zaakId && claimed.status === 200);
    gw.clock.advance(8 * day); // the lease lapses; the next claim finds it
    await call('dirk', 'POST', '/v1/zaken/_oppakken');

    const events = await eventsOf(first.zaakId);
    expect(events.slice(0, 4).map((e) => e.type)).toEqual(['aangemaakt', 'samengevoegd', 'opgepakt', 'vrijgegeven']);
    expect(events[1]).toMatchObject({ zaak: { partnerTypes: ['Huur', 'Energie'] }, signalen: [{ signaalId: joined.json.signaalId, partnerOin: '00000099000000002000', status: 'ontvangen' }] });
    // The claim tells both partners their signal is being handled.
    expect(events[2]!.signalen.map((s) => s.partnerOin).sort()).toEqual(['00000099000000001000', '00000099000000002000']);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
  });
});
