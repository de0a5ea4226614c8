import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRetention } from '../../src/cli/retention.js';
import { join } from 'node:path';
import { decryptContactDetails, parseStoredContact } from '../../src/privacy/envelope.js';
import { loadKeystore } from '../../src/privacy/keystore.js';
import { periodKeyWeeks } from '../../src/privacy/period-keys.js';
import { retentionReport } from '../../src/retention/report.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';
import { readContent } from '../../src/audit/content.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '0599', role: 'schuldhulpverlener' }, method, path, body);

describe('retention: deletion on time and crypto-shredding that reaches copies', () => {
  it('deletes contact details at expiry, not before, and a copy taken earlier can no longer be decrypted', async () => {
    const signal = exampleSignal();
    signal.adres.postcode = '3012AA'; // Rotterdam: this file's own queue
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    const zaak = (await worker('POST', '/v1/zaken/_oppakken')).json.zaakId;
    const closed = await worker('POST', `/v1/zaken/${zaak}/_afsluiten`, { eindresultaat: 'Niet opgepakt: onterecht signaal' });
    expect(closed.json.contactgegevensBewaardTot).toBe('2026-12-22T09:30:00.000Z');

    // What any backup, AOF or replica taken now holds: the blob, byte for byte.
    const field = `contact:${accepted.json.signaalId}`;
    const copy = (await gw.redis.hget(`vs:zaak:${zaak}`, field))!;
    const blob = parseStoredContact(copy);
    expect(blob.kekId).toBe('t-0599-2026-W52');
    expect(periodKeyWeeks(join(gw.home, 'state', 'perioden'), '0599')).toContain('2026-W52');

    gw.clock.set('2026-12-22T09:29:59Z');
    expect((await gw.gateway.sweep()).deleted).toEqual([]);
    expect(await gw.redis.hexists(`vs:zaak:${zaak}`, field)).toBe(1);

    gw.clock.set('2026-12-29T00:00:00Z'); // after the end of ISO week 2026-W52 (Mon 28 Dec 00:00 UTC)
    const swept = await gw.gateway.sweep();
    expect(swept.deleted).toEqual([zaak]);
    expect(swept.destroyedKeys).toContain('t-0599-2026-W52');
    expect(periodKeyWeeks(join(gw.home, 'state', 'perioden'), '0599')).not.toContain('2026-W52'); // the file is unlinked
    expect(Object.keys(await gw.redis.hgetall(`vs:zaak:${zaak}`)).filter((f) => f.startsWith('contact:'))).toEqual([]);

    // Every key the gateway still holds, for every municipality: none opens the old copy.
    const keystore = loadKeystore(join(gw.home, 'keys', 'gemeenten'), join(gw.home, 'state', 'perioden'));
    const keyFile = JSON.parse((await import('node:fs')).readFileSync(join(gw.home, 'keys', 'gemeenten', '0599.json'), 'utf8'));
    const allKeks = Object.keys(keyFile.kek.keys).map((id) => keystore.kekById('0599', id)!);
    for (const kek of allKeks) {
      // The key's bytes under the blob's own key id (the id is bound into the wrapping).
      expect(() => decryptContactDetails(blob, () => ({ id: blob.kekId, key: kek.key }), accepted.json.signaalId)).toThrow();
    }
    expect(() => decryptContactDetails(blob, (id) => keystore.kekById('0599', id), accepted.json.signaalId)).toThrow();

    expect(await gw.gateway.sweep()).toEqual({ deleted: [], destroyedKeys: [], auditDeleted: 0, casesDeleted: 0, signalsDeleted: 0 });
    const report = await retentionReport(gw.redis, gw.clock.now, 'P2Y');
    expect(report.contactgegevens.achterstallig).toBe(0);
    expect(report.laatsteVeger).toBe('2026-12-29T00:00:00.000Z');
    expect(report.vernietigdeSleutels.map((k) => k.sleutel)).toContain('t-0599-2026-W52');
    const records = (await auditRecords(gw.redis)).map((e) => e.record);
    expect(records).toContainEqual(expect.objectContaining({ path: 'bewaartermijn/sleutels-vernietigd' }));
    expect(records).toContainEqual(expect.objectContaining({ name: 'contactgegevens-verwijderd', attributes: expect.objectContaining({ 'vroegsignaal.zaak_id': zaak }) }));
    gw.clock.set('2026-11-22T09:30:00Z');
  });

  it('after a three-day outage removes everything overdue in one pass', async () => {
    const zaken: string[] = [];
    for (let day = 0; day < 3; day++) {
      gw.clock.set(`2027-01-0${4 + day}T10:00:00Z`);
      const signal = exampleSignal({ signaaldatum: '2027-01-02', ontstaansdatum: '2026-11-01' });
      signal.adres.postcode = '3012AA';
      expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now })).status).toBe(202);
      const zaak = (await worker('POST', '/v1/zaken/_oppakken')).json.zaakId;
      await worker('POST', `/v1/zaken/${zaak}/_afsluiten`, { eindresultaat: 'Inwoner is overleden' }); // P1M
      zaken.push(zaak);
    }
    gw.clock.set('2027-02-09T10:00:00Z'); // the gateway was down from 6 to 9 February
    const swept = await gw.gateway.sweep();
    expect(swept.deleted.sort()).toEqual([...zaken].sort());
    for (const zaak of zaken) expect(Object.keys(await gw.redis.hgetall(`vs:zaak:${zaak}`)).some((f) => f.startsWith('contact:'))).toBe(false);
    expect((await retentionReport(gw.redis, gw.clock.now, 'P2Y')).contactgegevens.achterstallig).toBe(0);
    gw.clock.set('2026-11-22T09:30:00Z');
  });

  it('deletes audit record content after its term, keeping the leaf', async () => {
    expect(await gw.sequence()).toBeGreaterThan(0);
    expect(await gw.redis.hexists('vs:audit:inhoud:0', 'g:0')).toBe(1); // record 0's group, stored compressed
    gw.clock.set('2028-11-22T09:30:00Z'); // P2Y after the first records
    const { auditDeleted } = await gw.gateway.sweep();
    expect(auditDeleted).toBeGreaterThan(0);
    expect(await gw.redis.hexists('vs:audit:inhoud:0', 'g:0')).toBe(0);
    expect((await readContent(gw.redis, [0])).get(0)).toEqual({ deleted: '2028-11-22T09:30:00.000Z' });
    expect(await gw.redis.getrangeBuffer('vs:audit:boom:0', 0, 31)).toHaveLength(32);
    expect((await gw.gateway.sweep()).auditDeleted).toBe(0);
    gw.clock.set('2026-11-22T09:30:00Z');
  });

  it('leaves no key or value holding a case’s data after every term has passed (keyspace scan)', async () => {
    gw.clock.set('2026-11-22T09:30:00Z');
    const signal = exampleSignal();
    signal.adres.postcode = '3012AA';
    signal.persoon.achternaam = 'Eenmaligheid'; // a person of this test alone
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    const s = await gw.redis.hgetall(`vs:signaal:${accepted.json.signaalId}`);
    const zaak = await gw.redis.hgetall(`vs:zaak:${s.zaakId}`);
    while ((await worker('POST', '/v1/zaken/_oppakken')).json?.zaakId !== s.zaakId);
    await worker('POST', `/v1/zaken/${s.zaakId}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' });
    const view = await worker('GET', `/v1/zaken/${s.zaakId}`);
    expect(view.json.zaakfeitenBewaardTot).toBe('2028-11-22T09:30:00.000Z');
    await gw.sequence();

    gw.clock.set('2028-11-22T09:29:59Z');
    expect((await gw.gateway.sweep()).casesDeleted).toBe(0);
    gw.clock.set('2028-11-23T00:00:00Z');
    expect((await gw.gateway.sweep()).casesDeleted).toBeGreaterThanOrEqual(1);

    // The relay moves the case's events (its deletion's too) out of the outbox into delivery jobs.
    await vi.waitFor(async () => expect(await gw.redis.xlen('vs:uitgaand')).toBe(0), { timeout: 10_000, interval: 50 });
    const needles = [s.zaakId!, accepted.json.signaalId, signal.id, zaak.adresPseudonym!, zaak.persoonPseudonym!];
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await gw.redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        // The audit log keeps its own records (the deletion's among them) for the audit term, and
        // BullMQ's event streams name job ids only, trimmed by BullMQ itself.
        if (key.startsWith('vs:audit:') || key.endsWith(':events')) continue;
        // A claim's request key expires by itself within ten minutes of the claim (real time,
        // which this test's clock does not move): it must carry that expiry.
        if (key.startsWith('vs:zaken:claimverzoek:')) {
          const ttl = await gw.redis.pttl(key);
          expect(ttl > 0 && ttl <= 600_000, key).toBe(true);
          continue;
        }
        const type = await gw.redis.type(key);
        const value = type === 'string' ? await gw.redis.get(key)
          : type === 'hash' ? JSON.stringify(await gw.redis.hgetall(key))
          : type === 'zset' ? JSON.stringify(await gw.redis.zrange(key, 0, -1))
          : type === 'stream' ? JSON.stringify(await gw.redis.xrange(key, '-', '+'))
          : type === 'list' ? JSON.stringify(await gw.redis.lrange(key, 0, -1))
          : type === 'set' ? JSON.stringify(await gw.redis.smembers(key)) : '';
        for (const needle of needles) if (key.includes(needle) || (value ?? '').includes(needle)) found.push(`${key} ∋ ${needle.slice(0, 12)}`);
      }
    } while (cursor !== '0');
    expect(found).toEqual([]);
    gw.clock.set('2026-11-22T09:30:00Z');
  });

  it('vroegsignaal retention report prints the state and exits 0 when nothing is overdue', async () => {
    const env = { ...process.env };
    process.env.VROEGSIGNAAL_HOME = gw.home;
    process.env.REDIS_URL = gw.gateway.redisUrl;
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    try {
      expect(await runRetention(['report', '--json'])).toBe(0);
    } finally {
      log.mockRestore();
      process.env = env;
    }
    const report = JSON.parse(lines.join('\n'));
    expect(report).toMatchObject({ contactgegevens: { achterstallig: 0 }, zaakfeiten: expect.any(Object), laatsteVeger: expect.any(String) });
  });
});
