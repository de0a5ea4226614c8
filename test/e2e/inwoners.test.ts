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
    // One record per signal, each naming its case and decision.
    const verwerkt = res.json.verwerkingen.filter((v: any) => v.record?.name === 'vroegsignaal-verwerkt');
    expect(verwerkt.map((v: any) => v.record.attributes['vroegsignaal.zaak_id']).sort()).toEqual([...zaken].sort());
    expect(verwerkt.every((v: any) => v.record.attributes['vroegsignaal.besluit.resultaat'] === 'allow')).toBe(true);
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

describe('residents’ rights in a combined case (two residents at one address)', () => {
  const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w-huis', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
  const alice = { voorletters: 'A.', achternaam: 'Huisgenootalfa', geboortedatum: '1981-01-01', telefoonnummer: '0611111111', email: 'alfa@huis.example' };
  const bob = { voorletters: 'B.', achternaam: 'Huisgenootbeta', geboortedatum: '1982-02-02', telefoonnummer: '0622222222', email: 'beta@huis.example' };
  const identity = (p: typeof alice) => ({ persoon: { voorletters: p.voorletters, achternaam: p.achternaam, geboortedatum: p.geboortedatum } });
  const signalFor = (p: typeof alice, overrides: Record<string, unknown> = {}) => {
    const s = exampleSignal(overrides);
    s.persoon = { voorletters: p.voorletters, achternaam: p.achternaam, geboortedatum: p.geboortedatum, telefoonnummer: p.telefoonnummer, email: p.email };
    s.adres.huisnummer = '77';
    s.adres.huisnummertoevoeging = 'H';
    return s;
  };
  /** Claim until this case comes up (earlier tests may have left other work in the queue). */
  const claim = async (zaakId: string) => {
    for (;;) {
      const res = await worker('POST', '/v1/zaken/_oppakken');
      if (res.status !== 200 || res.json.zaakId === zaakId) return res;
    }
  };
  let zaak = '';
  const ids: Record<'alice' | 'bob', string> = { alice: '', bob: '' };

  beforeAll(async () => {
    const a = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signalFor(alice), { now: gw.clock.now });
    const b = await postSigned(gw.url, '/v1/vroegsignalen', gw.energie, signalFor(bob, { signaalpartner: 'Energie' }), { now: gw.clock.now });
    expect([a.status, b.status]).toEqual([202, 202]);
    ids.alice = a.json.signaalId;
    ids.bob = b.json.signaalId;
    zaak = (await gw.redis.hget(`vs:signaal:${ids.alice}`, 'zaakId'))!;
    expect(await gw.redis.hget(`vs:signaal:${ids.bob}`, 'zaakId')).toBe(zaak);
    await gw.sequence();
  });

  it('inzage for one resident returns nothing of the housemate', async () => {
    for (const [me, other, mine, theirs] of [[alice, bob, ids.alice, ids.bob], [bob, alice, ids.bob, ids.alice]] as const) {
      const res = await officer('1696', 'POST', '/v1/inwoners/_inzage', identity(me));
      expect(res.status).toBe(200);
      const [found] = res.json.zaken;
      expect(res.json.zaken).toHaveLength(1);
      expect(found.zaakId).toBe(zaak);
      expect(found.signalen.map((s: { signaalId: string }) => s.signaalId)).toEqual([mine]);
      expect(found.contactgegevens).toHaveLength(1);
      expect(found.contactgegevens[0].persoon).toMatchObject({ achternaam: me.achternaam, telefoonnummer: me.telefoonnummer, email: me.email });
      const text = res.text;
      for (const leak of [other.achternaam, other.telefoonnummer, other.email, theirs]) expect(text).not.toContain(leak);
    }
  });

  it('a worker’s claim, reveal and release of the combined case are recorded for each resident: both access requests list them', async () => {
    const claimed = await claim(zaak);
    expect(claimed.json.zaakId).toBe(zaak);
    const contact = await worker('GET', `/v1/zaken/${zaak}/contactgegevens`);
    expect(contact.status).toBe(200);
    expect((await worker('POST', `/v1/zaken/${zaak}/_vrijgeven`)).status).toBe(200);
    await gw.sequence();
    for (const me of [alice, bob]) {
      const res = await officer('1696', 'POST', '/v1/inwoners/_inzage', identity(me));
      const names = (res.json.verwerkingen as Array<{ record: { name?: string; attributes?: Record<string, string> } | null }>)
        .filter((v) => v.record?.attributes?.['vroegsignaal.zaak_id'] === zaak).map((v) => v.record!.name);
      expect(names).toEqual(expect.arrayContaining(['zaak-opgepakt', 'contactgegevens-ingezien', 'claim-vrijgegeven']));
    }
  });

  it('wissen for one resident leaves the housemate reachable: the case stays in the queue, the claimant sees the housemate only', async () => {
    const res = await officer('1696', 'POST', '/v1/inwoners/_wissen', identity(alice));
    expect(res.status).toBe(200);
    expect(res.json.zaken).toEqual([zaak]);
    const h = await gw.redis.hgetall(`vs:zaak:${zaak}`);
    expect(h.status).toBe('open');
    expect(Object.keys(h).filter((f) => f.startsWith('contact:'))).toEqual([`contact:${ids.bob}`]);
    const signals = JSON.parse(h.signalen!) as Array<{ signaalId: string; gewist?: string }>;
    expect(signals.find((s) => s.signaalId === ids.alice)?.gewist).toBe(gw.clock.now.toISOString());
    expect(signals.find((s) => s.signaalId === ids.bob)?.gewist).toBeUndefined();
    const records = (await auditRecords(gw.redis)).map((e) => e.record).filter((r) => r.name === 'gewist-op-verzoek' && r.attributes?.['vroegsignaal.zaak_id'] === zaak);
    expect(records).toHaveLength(1);

    const claimed = await claim(zaak);
    expect(claimed.status).toBe(200);
    expect(claimed.json.zaakId).toBe(zaak);
    const contact = await worker('GET', `/v1/zaken/${zaak}/contactgegevens`);
    expect(contact.status).toBe(200);
    expect(contact.json.persoon).toMatchObject({ achternaam: bob.achternaam, telefoonnummer: bob.telefoonnummer, email: bob.email });
    expect(contact.text).not.toContain(alice.achternaam);
    expect(contact.json.eerdereSignalen).toBeUndefined();
  });

  it('wissen for the last resident takes the case out of the queue, and that resident’s later signal still reaches a worker', async () => {
    const res = await officer('1696', 'POST', '/v1/inwoners/_wissen', identity(bob));
    expect(res.json.zaken).toEqual([zaak]);
    const h = await gw.redis.hgetall(`vs:zaak:${zaak}`);
    expect(h.status).toBe('gewist');
    expect(Object.keys(h).some((f) => f.startsWith('contact:'))).toBe(false);
    expect(await gw.redis.zscore('vs:zaken:open:1696', zaak)).toBeNull();
    expect(await gw.redis.zscore('vs:zaken:claims:1696', zaak)).toBeNull();
    expect((await worker('GET', `/v1/zaken/${zaak}/contactgegevens`)).status).toBe(403);

    const later = await postSigned(gw.url, '/v1/vroegsignalen', gw.energie, signalFor(bob, { signaalpartner: 'Energie', ontstaansdatum: '2026-10-01' }), { now: gw.clock.now });
    expect(later.status).toBe(202);
    const next = (await gw.redis.hget(`vs:signaal:${later.json.signaalId}`, 'zaakId'))!;
    expect(next).not.toBe(zaak);
    const claimed = await claim(next);
    expect(claimed.status).toBe(200);
    expect(claimed.json.zaakId).toBe(next);
    const contact = await worker('GET', `/v1/zaken/${next}/contactgegevens`);
    expect(contact.json.persoon).toMatchObject({ achternaam: bob.achternaam });
  });
});
