import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogKeys } from '../../src/redis/keys.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { auditRecords } from '../helpers/audit.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const day = 86_400_000;
const call = (sub: string, method: string, path: string, body?: unknown) => callAs(gw, { sub, gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const recordsOf = async (zaakId: string) => (await auditRecords(gw.redis)).map((e) => e.record).filter((r) => r.attributes?.['vroegsignaal.zaak_id'] === zaakId).map((r) => r.name as string);

/** A new case of Wijdemeren, claimed by `sub`: the queue is empty between tests. */
async function claimedCase(sub: string) {
  const signal = exampleSignal();
  expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now })).status).toBe(202);
  const claimed = await call(sub, 'POST', '/v1/zaken/_oppakken');
  expect(claimed.status).toBe(200);
  return { zaakId: claimed.json.zaakId as string, signal };
}

/** Nothing of the person in a text: name, phone, e-mail, birth date, street. */
function expectNoPersonalData(text: string, signal: Record<string, any>) {
  for (const value of [signal.persoon.achternaam, signal.persoon.telefoonnummer, signal.persoon.email, signal.persoon.geboortedatum, signal.adres.straatnaam]) {
    expect(text).not.toContain(value);
  }
}

describe('acting on a lapsed claim', () => {
  const actions: Array<[string, string, string, unknown?]> = [
    ['contactpoging', 'POST', 'contactpogingen', { soort: 'Telefoon', bereikt: false, datum: '2026-11-23', dagdeel: 'Ochtend' }],
    ['contactgegevens-ingezien', 'GET', 'contactgegevens'],
    ['zaak-afgesloten', 'POST', '_afsluiten', { eindresultaat: 'Verwijzing zonder contact' }],
    ['claim-vrijgegeven', 'POST', '_vrijgeven'],
  ];
  for (const [recordName, method, action, body] of actions) {
    it(`refuses ${method} …/${action} with 409 claim-verlopen and puts the case back in the queue`, async () => {
      const { zaakId, signal } = await claimedCase('anna');
      gw.clock.advance(8 * day); // past the five working days of the lease; nobody claimed meanwhile

      const res = await call('anna', method, `/v1/zaken/${zaakId}/${action}`, body);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json).toMatchObject({ status: 409, code: 'claim-verlopen' });
      expectNoPersonalData(res.text, signal);

      // Back in the queue: open, in the worklist, no claimant, no lease; the lapse recorded, the action not.
      const stored = await gw.redis.hgetall(`vs:zaak:${zaakId}`);
      expect(stored.status).toBe('open');
      expect([stored.claimant, stored.leaseTot, stored.contactpogingen, stored.eindresultaat]).toEqual([undefined, undefined, undefined, undefined]);
      expect(await gw.redis.zscore('vs:zaken:open:1696', zaakId)).not.toBeNull();
      expect(await gw.redis.zscore('vs:zaken:claims:1696', zaakId)).toBeNull();
      expect(await recordsOf(zaakId)).toEqual(expect.arrayContaining(['zaak-opgepakt', 'claim-verlopen']));
      expect(await recordsOf(zaakId)).not.toContain(recordName);
      expect((await call('anna', 'GET', `/v1/zaken/${zaakId}`)).json).toMatchObject({ status: 'open', opgepaktDoorMij: false });

      // The next worker gets it, and only she may act on it now.
      const next = await call('bob', 'POST', '/v1/zaken/_oppakken');
      expect(next.json.zaakId).toBe(zaakId);
      expect((await call('anna', method, `/v1/zaken/${zaakId}/${action}`, body)).status).toBe(403);
      expect((await call('bob', 'POST', `/v1/zaken/${zaakId}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' })).status).toBe(200);
    });
  }
});

describe('case actions are atomic', () => {
  it('keeps all of 20 concurrent contact attempts on one case, each with its audit record', async () => {
    const { zaakId } = await claimedCase('carla');
    const attempts = Array.from({ length: 20 }, (_, i) => ({ soort: 'Telefoon', bereikt: i % 2 === 0, datum: `2026-11-${String(i + 1).padStart(2, '0')}`, dagdeel: 'Middag' }));
    const answers = await Promise.all(attempts.map((a) => call('carla', 'POST', `/v1/zaken/${zaakId}/contactpogingen`, a)));
    expect(answers.map((r) => r.status)).toEqual(attempts.map(() => 201));
    const stored = JSON.parse((await gw.redis.hget(`vs:zaak:${zaakId}`, 'contactpogingen'))!);
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((a: { datum: string }) => a.datum))).toEqual(new Set(attempts.map((a) => a.datum)));
    expect((await call('carla', 'GET', `/v1/zaken/${zaakId}`)).json.contactpogingen).toHaveLength(20);
    expect((await recordsOf(zaakId)).filter((n) => n === 'contactpoging')).toHaveLength(20);
    await call('carla', 'POST', `/v1/zaken/${zaakId}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' });
  });

  it('shows no contact details when the reveal cannot be recorded: a 5xx problem without personal data', async () => {
    const { zaakId, signal } = await claimedCase('dirk');
    // Break the audit log in real Redis: its counter no longer holds a number, so the append
    // inside the reveal script fails at its first write.
    const counter = (await gw.redis.get(auditLogKeys.counter))!;
    const logsBefore = gw.logs.length;
    await gw.redis.set(auditLogKeys.counter, 'kapot');
    let res;
    try {
      res = await call('dirk', 'GET', `/v1/zaken/${zaakId}/contactgegevens`);
    } finally {
      await gw.redis.set(auditLogKeys.counter, counter);
    }
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.status).toBeLessThan(600);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json.persoon).toBeUndefined();
    expectNoPersonalData(res.text, signal);
    expectNoPersonalData(gw.logs.slice(logsBefore).join(''), signal);
    expect(await recordsOf(zaakId)).not.toContain('contactgegevens-ingezien');

    // With the log whole again the same request shows the details, recorded once.
    const again = await call('dirk', 'GET', `/v1/zaken/${zaakId}/contactgegevens`);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ persoon: signal.persoon, adres: signal.adres });
    expect((await recordsOf(zaakId)).filter((n) => n === 'contactgegevens-ingezien')).toHaveLength(1);
  });
});
