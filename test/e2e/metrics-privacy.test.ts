import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signaalpartnerTypes } from '../../src/intake/schema.js';
import { loadPolicyBundle } from '../../src/policy/load.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { parseMetrics, type Sample } from '../helpers/prometheus.js';
import { exampleSignal } from './fixtures.js';
import { canaries } from '../helpers/canaries.js';

/**
 * Issue 17: no metric label holds an id of a person, a case or a signal. Canary personal data goes
 * through every door that counts something — intake, refusals, the worker's actions, an access and
 * an erasure request, URLs with ids in them — and the metrics of both endpoints are then held
 * against everything that could identify: every label value must come from its allowed set.
 */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { METRICS_PORT: '0' } });
});
afterAll(async () => {
  await gw?.stop();
});

const workerSub = 'medewerker-kanarie-7781';

function canarySignal(overrides: Record<string, unknown> = {}) {
  const signal = exampleSignal(overrides);
  signal.persoon = { ...signal.persoon, achternaam: canaries.achternaam, telefoonnummer: canaries.telefoonnummer, email: canaries.email };
  signal.adres = { ...signal.adres, straatnaam: canaries.straatnaam };
  return signal;
}

async function scrapeStaff(): Promise<string> {
  const token = await issueDevToken(gw.home, { sub: 'beheer-1', gemeentecode: '0000', roles: ['beheerder'], now: gw.clock.now });
  const answer = await httpsRequest(gw.staffUrl, '/metrics', { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${token}`]] });
  expect(answer.status).toBe(200);
  return answer.text;
}

function scrapeLoopback(): Promise<string> {
  return new Promise((resolve, reject) => {
    httpRequest(`${gw.gateway.metricsUrl}/metrics`, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
    }).on('error', reject).end();
  });
}

/** Every key name and hash field value under a pattern: where the ids and pseudonyms of what was stored are. */
async function storedIds(): Promise<string[]> {
  const ids = new Set<string>();
  for (const pattern of ['vs:zaak:*', 'vs:signaal:*', 'vs:persoon:*', 'vs:adres:*', 'vs:idem:*']) {
    for (const key of await gw.redis.keys(pattern)) {
      // The id or pseudonym is the key's last part (adres and persoon: after the gemeentecode).
      ids.add(key.split(':').at(-1)!);
      if (pattern === 'vs:zaak:*') {
        const h = await gw.redis.hgetall(key);
        for (const field of ['zaakId', 'persoonPseudonym', 'adresPseudonym', 'claimant']) if (h[field]) ids.add(h[field]!);
      }
    }
  }
  return [...ids].filter((id) => id.length >= 6);
}

describe('the metrics name no person, case or signal', () => {
  it('after canary signals, refusals, case work, an access and an erasure request, every label value is from its allowed set', async () => {
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, canarySignal({ crisissignaal: true }), { now: gw.clock.now });
    expect(accepted.status).toBe(202);
    const batch = await postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.energie,
      [canarySignal({ signaalpartner: 'Energie' }), canarySignal({ signaalpartner: 'Energie', bedrag: 'fout' })], { now: gw.clock.now });
    expect(batch.json.map((r: { status: number }) => r.status)).toEqual([202, 400]);
    const refused = [
      await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, canarySignal({ id: canaries.achternaam, bedrag: 'fout' }), { now: gw.clock.now }),
      await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, canarySignal({ signaalpartner: 'Energie' }), { now: gw.clock.now }),
      await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, undefined, { now: gw.clock.now, rawBody: `{"achternaam": "${canaries.achternaam}"` }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 403, 400]);
    // URLs that carry ids, and one that matches no route at all.
    const signaalId = accepted.json.signaalId as string;
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${signaalId}`, { creds: gw.huur })).status).toBe(200);
    expect((await httpsRequest(gw.url, `/v1/${canaries.achternaam}/${signaalId}`, { creds: gw.huur })).status).toBe(404);

    const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: workerSub, gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
    const claimed = await worker('POST', '/v1/zaken/_oppakken');
    expect(claimed.status).toBe(200);
    const zaakId = claimed.json.zaakId as string;
    expect((await worker('GET', `/v1/zaken/${zaakId}`)).status).toBe(200);
    expect((await worker('GET', `/v1/zaken/${zaakId}/contactgegevens`)).status).toBe(200);
    expect((await worker('POST', `/v1/zaken/${zaakId}/contactpogingen`, { soort: 'Telefoon', bereikt: true, datum: '2026-11-22', dagdeel: 'Ochtend' })).status).toBe(201);
    expect((await worker('POST', `/v1/zaken/${zaakId}/_vrijgeven`)).status).toBe(200);
    // A lease that lapses, counted per municipality only.
    expect((await worker('POST', '/v1/zaken/_oppakken')).status).toBe(200);
    gw.clock.advance(30 * 86_400_000);
    expect((await worker('POST', '/v1/zaken/_oppakken')).status).toBe(200);

    const officer = (path: string, body: unknown) => callAs(gw, { sub: 'privacy-kanarie', gemeentecode: '0000', role: 'privacy-officer' }, 'POST', path, body);
    const person = { voorletters: 'A.', achternaam: canaries.achternaam, geboortedatum: '1985-06-15' };
    expect((await officer('/v1/inwoners/_inzage', { persoon: person })).status).toBe(200);
    await gw.sequence();

    const ids = await storedIds();
    // The stored ids the scan found: the check below is only as good as this list.
    expect(ids).toEqual(expect.arrayContaining([signaalId, zaakId]));
    expect(ids.length).toBeGreaterThan(8);
    const erased = await officer('/v1/inwoners/_wissen', { persoon: person });
    expect(erased.status).toBe(200);

    const texts = [await scrapeStaff(), await scrapeLoopback()];
    for (const text of texts) {
      const forbidden = [...Object.values(canaries), ...ids, workerSub, 'privacy-kanarie', ...partnerOins()];
      for (const value of forbidden) expect(text.toLowerCase().includes(value.toLowerCase()), `'${value}' in the metrics`).toBe(false);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
      const samples = parseMetrics(text);
      expect(samples.filter((s) => s.name === 'vroegsignaal_intake_outcomes_total').length).toBeGreaterThanOrEqual(4);
      expect(samples.some((s) => s.name === 'vroegsignaal_claim_lapses_total' && s.labels.gemeentecode === '1696')).toBe(true);
      const strays = samples.flatMap((s) => Object.entries(s.labels).filter(([label, value]) => !allowed(s, label, value)).map(([label, value]) => `${s.name} ${label}="${value}"`));
      expect(strays).toEqual([]);
    }
  });
});

/** The partners' OINs: organisations, not persons, but a partner is counted by its type only. */
const partnerOins = () => (JSON.parse(readFileSync(join(gw.home, 'partners.json'), 'utf8')) as { partners: Array<{ oin: string }> }).partners.map((p) => p.oin);

/** The municipalities of the policy bundle: the only ones with a worklist. */
const gemeentecodes = loadPolicyBundle('policies').bundle.gemeenten.map((g) => g.gemeentecode);
const redisCommands = new Set<string>();

/** Whether a label value is one its label may hold: a fixed set, a pattern of codes, or a route template the gateway registered. */
function allowed(sample: Sample, label: string, value: string): boolean {
  const own = sample.name.startsWith('vroegsignaal_');
  switch (label) {
    case 'partner_type': return own && [...signaalpartnerTypes, 'unknown'].includes(value as never);
    case 'status': return own && /^[1-5][0-9]{2}$/.test(value);
    case 'status_class': return own && /^[1-5]xx$/.test(value);
    case 'listener': return own && ['partner', 'staff'].includes(value);
    case 'method': return own && ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(value);
    case 'route': return own && (value === 'unmatched' || [gw.gateway.app!, gw.gateway.staffApp!].some((app) => app.hasRoute({ url: value, method: sample.labels.method as 'GET' })));
    case 'command': return own && (redisCommands.has(value) || /^vs_[a-z_]+$/.test(value) || value === 'ratelimit');
    case 'queue': return own && ['retentie', 'terugmelding', 'gebeurtenis', 'termijn'].includes(value);
    case 'state': return own && ['waiting', 'delayed', 'active', 'failed'].includes(value);
    case 'gemeentecode': return own && gemeentecodes.includes(value);
    case 'kind': return own ? ['contactgegevens', 'zaakfeiten', 'signalen', 'auditinhoud'].includes(value) : ['minor', 'major', 'incremental', 'weakcb'].includes(value);
    case 'le': return value === '+Inf' || Number.isFinite(Number(value));
    // prom-client's process and Node.js metrics: resource types, heap spaces, the Node.js version.
    case 'type': case 'space': case 'version': case 'major': case 'minor': case 'patch':
      return !own && /^[A-Za-z0-9_.]{1,40}$/.test(value);
    default: return false;
  }
}

beforeAll(async () => {
  // The Redis command names this redis-server knows, lower case as ioredis sends them.
  for (const name of (await gw.redis.call('COMMAND', 'LIST')) as string[]) redisCommands.add(name.toLowerCase());
});
