import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';

let gw: TestGateway;
const person = { voorletters: 'R.', voorvoegsel: 'de', achternaam: 'Wisverzoek', geboortedatum: '1970-02-03' };
const zaken: string[] = [];
beforeAll(async () => {
  gw = await startTestGateway();
  for (const postcode of ['1234AB', '2511AB']) {
    const s = exampleSignal();
    s.persoon = { ...s.persoon, ...person };
    s.adres.postcode = postcode;
    const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, s, { now: gw.clock.now });
    zaken.push((await gw.redis.hget(`vs:signaal:${res.json.signaalId}`, 'zaakId'))!);
  }
  await gw.sequence(); // processing records are found through the sequenced log
});
afterAll(async () => {
  await gw?.stop();
});

const officer = (gemeentecode: string, method: string, path: string, body: unknown) => callAs(gw, { sub: 'fg', gemeentecode, role: 'privacy-officer' }, method, path, body);

describe('residents’ rights', () => {
  it('inzage: the data held about a person, decrypted for the officer, with the processing records', async () => {
    const res = await officer('0000', 'POST', '/v1/inwoners/_inzage', { persoon: person });
    expect(res.status).toBe(200);
    expect(res.json.zaken.map((z: { zaakId: string }) => z.zaakId).sort()).toEqual([...zaken].sort());
    expect(res.json.zaken[0].contactgegevens[0].persoon).toMatchObject(person);
    expect(res.json.verwerkingen.length).toBeGreaterThanOrEqual(8);
    const scoped = await officer('1696', 'POST', '/v1/inwoners/_inzage', { persoon: person });
    expect(scoped.json.zaken.map((z: { gemeentecode: string }) => z.gemeentecode)).toEqual(['1696']);
  });

  it('wissen: erases the contact details of every case of the person and takes them out of the queue, recorded', async () => {
    const res = await officer('0000', 'POST', '/v1/inwoners/_wissen', { persoon: person });
    expect(res.status).toBe(200);
    expect(res.json.zaken.sort()).toEqual([...zaken].sort());
    for (const zaak of zaken) {
      const h = await gw.redis.hgetall(`vs:zaak:${zaak}`);
      expect(h.status).toBe('gewist');
      expect(Object.keys(h).some((f) => f.startsWith('contact:'))).toBe(false);
    }
    expect(await gw.redis.zscore('vs:zaken:open:1696', zaken[0]!)).toBeNull();
    const records = (await auditRecords(gw.redis)).map((e) => e.record);
    expect(records.filter((r) => r.name === 'gewist-op-verzoek')).toHaveLength(2);
    const after = await officer('0000', 'POST', '/v1/inwoners/_inzage', { persoon: person });
    expect(after.json.zaken.every((z: { contactgegevens: unknown[] }) => z.contactgegevens.length === 0)).toBe(true);
  });

  it('refuses workers and malformed identities', async () => {
    expect((await callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'POST', '/v1/inwoners/_wissen', { persoon: person })).status).toBe(403);
    expect((await officer('0000', 'POST', '/v1/inwoners/_inzage', { persoon: { achternaam: 5 } })).status).toBe(400);
  });
});
