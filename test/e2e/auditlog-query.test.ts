import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
const signals: Array<Record<string, any>> = [];
beforeAll(async () => {
  gw = await startTestGateway();
  // 1696 (Wijdemeren, the example) and 0518 ('s-Gravenhage): two municipalities, one refusal.
  const denHaag = exampleSignal();
  denHaag.adres = { ...denHaag.adres, postcode: '2511AB' };
  signals.push(exampleSignal(), exampleSignal(), denHaag);
  for (const s of signals) expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, s, { now: gw.clock.now })).status).toBe(202);
  expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal({ ontstaansdatum: '2026-11-10' }), { now: gw.clock.now })).status).toBe(400);
  await gw.sequence();
});
afterAll(async () => {
  await gw?.stop();
});

const auth = async (gemeentecode: string) => [['Authorization', `Bearer ${await issueDevToken(gw.home, { sub: 'fg', gemeentecode, roles: ['privacy-officer'], now: gw.clock.now })}`]] as Array<[string, string]>;
const get = async (path: string, gemeentecode = '0000') => httpsRequest(gw.staffUrl, path, { ca: gw.huur.ca, headers: await auth(gemeentecode) });
const post = async (path: string, body: unknown, gemeentecode = '0000') => httpsRequest(gw.staffUrl, path, {
  method: 'POST', ca: gw.huur.ca, body: JSON.stringify(body), headers: [...(await auth(gemeentecode)), ['Content-Type', 'application/json']],
});

describe('privacy officer queries', () => {
  it('filters by decision and reason, and pages with a cursor without skipping or repeating', async () => {
    const denied = await get('/v1/auditlog/records?besluit=deny');
    expect(denied.status).toBe(200);
    expect(denied.json.records).toHaveLength(1);
    expect(denied.json.records[0].record).toMatchObject({ kind: 'besluit', result: 'deny' });
    // An accepted signal's decision is in its one processing record, and found by it.
    const allowed = await get('/v1/auditlog/records?besluit=allow');
    expect(allowed.json.records).toHaveLength(3);
    expect(allowed.json.records.every((r: any) => r.record.name === 'vroegsignaal-verwerkt')).toBe(true);
    expect((await get('/v1/auditlog/records?reden=toegestaan')).json.records).toEqual(allowed.json.records);
    const byReason = await get('/v1/auditlog/records?reden=achterstand-te-kort');
    expect(byReason.json.records.map((r: { index: number }) => r.index)).toEqual(denied.json.records.map((r: { index: number }) => r.index));

    const all: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/v1/auditlog/records?limiet=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.json.records.length).toBeLessThanOrEqual(4);
      all.push(...page.json.records.map((r: { index: number }) => r.index));
      cursor = page.json.volgende;
    } while (cursor);
    expect(all).toEqual(Array.from({ length: 4 }, (_, i) => i)); // 3 accepted × 1 record + 1 refusal
  });

  it('scopes a municipal officer to their own municipality', async () => {
    const own = await get('/v1/auditlog/records?activiteit=urn:vroegsignaal:verwerking:signalen-ontvangen', '0518');
    expect(own.json.records.length).toBeGreaterThan(0);
    expect(own.json.records.every((r: any) => r.record.attributes['vroegsignaal.gemeentecode'] === '0518')).toBe(true);
    const partner = await get('/v1/auditlog/records?partner=00000099000000001000', '0363');
    expect(partner.json.records).toEqual([]);
  });

  it('counts per activity, decision and reason over a period', async () => {
    const day = gw.clock.now.toISOString().slice(0, 10);
    const res = await get(`/v1/auditlog/totalen?van=${day}&tot=${day}`);
    expect(res.status).toBe(200);
    expect(res.json.besluit).toEqual({ allow: 3, deny: 1 });
    expect(res.json.reden['achterstand-te-kort']).toBe(1);
    expect(res.json.reden['toegestaan']).toBe(3);
    expect(res.json.activiteit['urn:vroegsignaal:verwerking:signalen-ontvangen']).toBe(4);
    expect((await get(`/v1/auditlog/totalen?van=${day}&tot=2020-01-01`)).status).toBe(400);
  });

  it('answers an access request by identity with every record about that person, and logs the request', async () => {
    const { persoon, adres } = signals[0]!;
    const res = await post('/v1/auditlog/_inzage', { persoon: { voorletters: persoon.voorletters, voorvoegsel: persoon.voorvoegsel, achternaam: persoon.achternaam, geboortedatum: persoon.geboortedatum } });
    expect(res.status).toBe(200);
    // Same person three times (two at 1696, one at 0518): one record each, across both municipalities.
    const processed = res.json.records.filter((r: any) => r.record.kind === 'verwerking');
    expect(processed).toHaveLength(3);
    expect(processed.every((r: any) => r.record.name === 'vroegsignaal-verwerkt' && r.record.attributes['vroegsignaal.besluit.resultaat'] === 'allow')).toBe(true);
    expect(res.json.pseudoniemen.length).toBeGreaterThanOrEqual(5);
    expect(await gw.sequence()).toBe(res.json.pseudoniemen.length);
    const own = await post('/v1/auditlog/_inzage', { persoon: { achternaam: persoon.achternaam, voorvoegsel: persoon.voorvoegsel, voorletters: persoon.voorletters, geboortedatum: persoon.geboortedatum }, adres: { postcode: adres.postcode, huisnummer: adres.huisnummer } }, '1696');
    expect(own.json.records.filter((r: any) => r.record.name !== 'inzageverzoek').every((r: any) => r.record.attributes?.['vroegsignaal.gemeentecode'] === '1696')).toBe(true);
  });

  it('takes a pseudonym only in a body, and refuses unknown filters', async () => {
    const [first] = (await get('/v1/auditlog/records?limiet=1')).json.records;
    const pseudonym = first.record.attributes['dpl.core.data_subject_id'];
    const found = await post('/v1/auditlog/records/_zoeken', { pseudoniem: pseudonym });
    expect(found.json.records.length).toBeGreaterThanOrEqual(2);
    expect((await get(`/v1/auditlog/records?pseudoniem=${encodeURIComponent(pseudonym)}`)).status).toBe(400);
  });
});
