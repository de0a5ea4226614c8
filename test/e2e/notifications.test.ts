import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runMeldingen } from '../../src/cli/meldingen.js';
import { runPartner } from '../../src/cli/partner.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { addSubscription, removeSubscription } from '../../src/notifications/subscriptions.js';
import { queuePrefix } from '../../src/redis/keys.js';
import { auditRecords } from '../helpers/audit.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { exampleSignal } from './fixtures.js';

/**
 * Issue 15 end to end: the gateway pushes terugmeldingen to a partner's callback and CloudEvents
 * to a municipality's subscription, over mutual TLS, signed as receipts, from the outbox its
 * scripts write — to receivers that verify everything against GET /v1/sleutels themselves.
 */
let gw: TestGateway;
let config: Config;
let partner: TestReceiver;
let municipality: TestReceiver;
const huurOin = '00000099000000001000';

beforeAll(async () => {
  gw = await startTestGateway();
  config = loadConfig({ VROEGSIGNAAL_HOME: gw.home });
  const jwks = (await httpsRequest(gw.url, '/v1/sleutels', { creds: gw.huur })).json;
  const common = { clientCa: gw.huur.ca, jwks, expectOin: config.notify.gatewayOin!, clock: () => gw.clock.now };
  partner = await startTestReceiver({ ...common, kind: 'terugmelding' });
  municipality = await startTestReceiver({ ...common, kind: 'cloudevent' });
  const caFile = join(gw.home, 'ontvanger-ca.pem');
  writeFileSync(caFile, partner.ca);
  expect(await runPartner(['set', '--oin', huurOin, '--terugmeld-url', partner.url, '--terugmeld-ca', caFile], { ...process.env, VROEGSIGNAAL_HOME: gw.home })).toBe(0);
  addSubscription(config.subscriptionRegistry, { gemeentecode: '1696', url: municipality.url, ca: municipality.ca }, ['1696'], gw.clock.now);
});
afterAll(async () => {
  await partner?.close();
  await municipality?.close();
  await gw?.stop();
});

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const eventsOf = (zaakId: string) => municipality.received.map((m) => m.body).filter((e) => e.subject === zaakId);

describe('terugmelding and municipal events', () => {
  it('tell the municipality every change of a case in order and the partner only what the policy lets it learn of its own signal', async () => {
    while ((await worker('POST', '/v1/zaken/_oppakken')).status === 200);
    const rent = exampleSignal();
    rent.persoon.achternaam = 'Kanarievogel-Terugmelding';
    const energy = { ...exampleSignal({ signaalpartner: 'Energie' }), adres: rent.adres };
    const [a, b] = [await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, rent, { now: gw.clock.now }), await postSigned(gw.url, '/v1/vroegsignalen', gw.energie, energy, { now: gw.clock.now })];
    expect([a.status, b.status]).toEqual([202, 202]);
    const claimed = await worker('POST', '/v1/zaken/_oppakken');
    const zaakId = claimed.json.zaakId as string;
    expect((await worker('POST', `/v1/zaken/${zaakId}/_afsluiten`, { eindresultaat: 'Vervolghulp en/of verwijzing financieel' })).status).toBe(200);

    await vi.waitFor(() => expect(eventsOf(zaakId)).toHaveLength(4), { timeout: 15_000, interval: 50 });
    const events = eventsOf(zaakId).sort((x, y) => x.sequence.localeCompare(y.sequence));
    expect(events.map((e) => [e.type, e.id, e.sequence])).toEqual([
      ['nl.vroegsignaal.zaak.aangemaakt', `${zaakId}.1`, '0000000001'], ['nl.vroegsignaal.zaak.samengevoegd', `${zaakId}.2`, '0000000002'],
      ['nl.vroegsignaal.zaak.opgepakt', `${zaakId}.3`, '0000000003'], ['nl.vroegsignaal.zaak.afgesloten', `${zaakId}.4`, '0000000004'],
    ]);
    expect(events[3]).toMatchObject({ source: `urn:nld:oin:${config.notify.gatewayOin}:systeem:vroegsignaal`, data: { status: 'afgesloten', partnerTypes: ['Huur', 'Energie'] } });
    // Each event delivered once, with its id as Idempotency-Key.
    expect(municipality.received.filter((m) => m.body.subject === zaakId).map((m) => m.idempotencyKey).sort()).toEqual(events.map((e) => e.id).sort());

    // The landlord hears of its own signal: picked up, then the end result the policy discloses.
    await vi.waitFor(() => expect(partner.received.filter((m) => m.body.signaalId === a.json.signaalId)).toHaveLength(2), { timeout: 15_000, interval: 50 });
    const told = partner.received.filter((m) => m.body.signaalId === a.json.signaalId).map((m) => m.body).sort((x, y) => Object.keys(x).length - Object.keys(y).length);
    expect(told.map(({ tijdstip: _t, ...rest }) => rest)).toEqual([
      { signaalId: a.json.signaalId, id: rent.id, status: 'in behandeling' },
      { signaalId: a.json.signaalId, id: rent.id, status: 'in behandeling', eindresultaat: 'Vervolghulp en/of verwijzing financieel' },
    ]);
    // Never a word about the energy company's signal (the energy company has no callback).
    expect(partner.received.some((m) => m.raw.toString().includes(b.json.signaalId))).toBe(false);
    // What the callback said last is what the status endpoint says.
    const { tijdstip: _t, ...last } = told[1]!;
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${a.json.signaalId}`, { creds: gw.huur })).json).toEqual(last);

    // Canary: no personal data in any delivered body.
    const everything = [...partner.received, ...municipality.received].map((m) => m.raw.toString()).join('\n');
    for (const value of [rent.persoon.achternaam, rent.persoon.telefoonnummer, rent.persoon.email, rent.persoon.geboortedatum, rent.adres.straatnaam, rent.adres.postcode]) {
      expect(everything).not.toContain(value);
    }
    const stored = await gw.redis.hgetall(`vs:zaak:${zaakId}`);
    expect(everything).not.toContain(stored.persoonPseudonym!.split(':')[1]);

    // Each delivered terugmelding is recorded: which partner learned what about whom, under which rules.
    await vi.waitFor(async () => {
      await gw.sequence();
      const records = (await auditRecords(gw.redis)).map((e) => e.record).filter((r) => r.name === 'terugmelding-verstrekt' && r.attributes?.['vroegsignaal.signaal_id'] === a.json.signaalId);
      expect(records).toHaveLength(2);
      expect(records[1]!.attributes).toMatchObject({ 'vroegsignaal.partner_oin': huurOin, 'dpl.core.data_subject_id': stored.persoonPseudonym, 'vroegsignaal.terugmelding.regels': expect.arrayContaining(['terugmelding.eindresultaten.Vervolghulp en/of verwijzing financieel']) });
    }, { timeout: 15_000, interval: 100 });
  });

  it('tells the partner of a repeat that joined no case that it was not picked up, and no municipality anything', async () => {
    while ((await worker('POST', '/v1/zaken/_oppakken')).status === 200);
    const first = exampleSignal();
    const a = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, first, { now: gw.clock.now });
    const claimed = await worker('POST', '/v1/zaken/_oppakken');
    expect((await worker('POST', `/v1/zaken/${claimed.json.zaakId}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' })).status).toBe(200);
    // The same debt again, not grown, from the same landlord: a repeat, and its case is closed.
    const repeat = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, { ...first, id: `${first.id}-opnieuw` }, { now: gw.clock.now });
    expect(repeat.status).toBe(202);
    expect(await gw.redis.hget(`vs:signaal:${repeat.json.signaalId}`, 'zaakId')).toBe('');
    await vi.waitFor(() => expect(partner.received.filter((m) => m.body.signaalId === repeat.json.signaalId)).toHaveLength(1), { timeout: 15_000, interval: 50 });
    const [told] = partner.received.filter((m) => m.body.signaalId === repeat.json.signaalId);
    expect(told!.idempotencyKey).toBe(`${repeat.json.signaalId}.1`);
    const { tijdstip: _t, ...body } = told!.body;
    expect(body).toEqual({ signaalId: repeat.json.signaalId, id: `${first.id}-opnieuw`, status: 'niet opgepakt' });
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${repeat.json.signaalId}`, { creds: gw.huur })).json).toEqual(body);
    expect(municipality.received.some((m) => m.raw.toString().includes(repeat.json.signaalId))).toBe(false);
    expect(a.status).toBe(202);
  });

  it('sends a retried terugmelding to the address the partner has now, not the one it had when it failed', async () => {
    const moved = await startTestReceiver({ clientCa: gw.huur.ca, jwks: (await httpsRequest(gw.url, '/v1/sleutels', { creds: gw.huur })).json, expectOin: config.notify.gatewayOin!, kind: 'terugmelding' });
    try {
      while ((await worker('POST', '/v1/zaken/_oppakken')).status === 200);
      await partner.down();
      const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
      expect((await worker('POST', '/v1/zaken/_oppakken')).status).toBe(200); // 'in behandeling': pushed
      const queue = new Queue('terugmelding', { connection: gw.redis, prefix: queuePrefix });
      await vi.waitFor(async () => expect((await queue.getDelayed()).some((j) => j.data.message.body.signaalId === res.json.signaalId)).toBe(true), { timeout: 15_000, interval: 50 });
      const caFile = join(gw.home, 'nieuw-adres-ca.pem');
      writeFileSync(caFile, moved.ca);
      expect(await runPartner(['set', '--oin', huurOin, '--terugmeld-url', moved.url, '--terugmeld-ca', caFile], { ...process.env, VROEGSIGNAAL_HOME: gw.home })).toBe(0);
      await queue.promoteJobs();
      await vi.waitFor(() => expect(moved.received.map((m) => m.body.signaalId)).toContain(res.json.signaalId), { timeout: 15_000, interval: 50 });
      await queue.close();
    } finally {
      // Back to the first address for the tests after this one.
      const caFile = join(gw.home, 'ontvanger-ca.pem');
      expect(await runPartner(['set', '--oin', huurOin, '--terugmeld-url', partner.url, '--terugmeld-ca', caFile], { ...process.env, VROEGSIGNAAL_HOME: gw.home })).toBe(0);
      await partner.up();
      await moved.close();
    }
  });

  it('drops the undelivered messages of a subscription that is removed', async () => {
    const gone = await startTestReceiver({ clientCa: gw.huur.ca, jwks: (await httpsRequest(gw.url, '/v1/sleutels', { creds: gw.huur })).json, kind: 'cloudevent' });
    await gone.down();
    const subscription = addSubscription(config.subscriptionRegistry, { gemeentecode: '1696', url: gone.url, ca: gone.ca }, ['1696'], gw.clock.now);
    const queue = new Queue('gebeurtenis', { connection: gw.redis, prefix: queuePrefix });
    try {
      const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
      const zaakId = (await gw.redis.hget(`vs:signaal:${res.json.signaalId}`, 'zaakId'))!;
      await vi.waitFor(async () => expect((await queue.getDelayed()).some((j) => j.data.ontvanger === subscription.id && j.data.eventId === `${zaakId}.1`)).toBe(true), { timeout: 15_000, interval: 50 });
      removeSubscription(config.subscriptionRegistry, subscription.id);
      await gone.up();
      await queue.promoteJobs();
      await vi.waitFor(async () => expect((await queue.getJobs(['delayed', 'waiting', 'active', 'failed'])).filter((j) => j.data.ontvanger === subscription.id)).toEqual([]), { timeout: 15_000, interval: 50 });
      expect(gone.received).toEqual([]);
      // The municipality's other subscription got it.
      await vi.waitFor(() => expect(eventsOf(zaakId)).toHaveLength(1), { timeout: 15_000, interval: 50 });
    } finally {
      await queue.close();
      await gone.close();
    }
  });

  it('gives a receiver that was down everything after it recovers, each event once', async () => {
    await municipality.down();
    const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    expect(res.status).toBe(202);
    const zaakId = (await gw.redis.hget(`vs:signaal:${res.json.signaalId}`, 'zaakId'))!;
    const queue = new Queue('gebeurtenis', { connection: gw.redis, prefix: queuePrefix });
    // The delivery failed and waits out its backoff.
    await vi.waitFor(async () => expect((await queue.getDelayed()).some((j) => j.data.eventId === `${zaakId}.1`)).toBe(true), { timeout: 15_000, interval: 50 });
    await municipality.up();
    await queue.promoteJobs();
    await vi.waitFor(() => expect(eventsOf(zaakId)).toHaveLength(1), { timeout: 15_000, interval: 50 });
    expect(eventsOf(zaakId)[0]).toMatchObject({ id: `${zaakId}.1`, type: 'nl.vroegsignaal.zaak.aangemaakt' });
    await queue.close();
  });

  it('gives a message the receiver refuses as such three attempts, then shows it failed in `meldingen status`; `meldingen opnieuw` delivers it once fixed', async () => {
    municipality.fail(3, { status: 400 });
    const queue = new Queue('gebeurtenis', { connection: gw.redis, prefix: queuePrefix });
    const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    const zaakId = (await gw.redis.hget(`vs:signaal:${res.json.signaalId}`, 'zaakId'))!;
    const subscription = JSON.parse(readFileSync(config.subscriptionRegistry, 'utf8')).abonnementen[0].id as string;
    const cli = async (argv: string[]) => {
      const env = process.env;
      process.env = { ...env, VROEGSIGNAAL_HOME: gw.home, REDIS_URL: gw.gateway.redisUrl };
      const lines: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
      try {
        return { code: await runMeldingen(argv), out: lines.join('\n') };
      } finally {
        log.mockRestore();
        process.env = env;
      }
    };
    await vi.waitFor(async () => {
      await queue.promoteJobs(); // the backoff's waits, skipped
      const { code, out } = await cli(['status', '--json']);
      expect(code).toBe(1);
      expect(JSON.parse(out).gebeurtenis).toMatchObject({ mislukt: 1, misluktPerOntvanger: { [subscription]: 1 } });
    }, { timeout: 15_000, interval: 100 });
    expect(eventsOf(zaakId)).toEqual([]);

    expect((await cli(['opnieuw', '--ontvanger', subscription])).out).toBe(`1 mislukte melding opnieuw in de wachtrij voor ontvanger ${subscription}.`);
    await vi.waitFor(() => expect(eventsOf(zaakId).map((e) => e.id)).toEqual([`${zaakId}.1`]), { timeout: 15_000, interval: 50 });
    expect((await cli(['status'])).code).toBe(0);
    expect(municipality.refused.filter((r) => r.idempotencyKey === `${zaakId}.1`)).toHaveLength(3);
    await queue.close();
  });
});
