import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import type { Role } from '../../src/auth/claims.js';
import { auditLogKeys, notificationKeys } from '../../src/redis/keys.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { parseMetrics, valueOf, type Sample } from '../helpers/prometheus.js';
import { exampleSignal } from './fixtures.js';

/** Issue 17, metrics: GET /metrics on the staff listener (role beheerder) and on METRICS_PORT (loopback, no token). */
let gw: TestGateway;
beforeAll(async () => {
  // The relay stays off so the outbox keeps what the cases wrote and its gauge can be checked exactly.
  gw = await startTestGateway({ relay: false, env: { METRICS_PORT: '0' } });
});
afterAll(async () => {
  await gw?.stop();
});

const bearer = async (role: Role, gemeentecode = '1696') =>
  `Bearer ${await issueDevToken(gw.home, { sub: `metriek-${role}`, gemeentecode, roles: [role], now: gw.clock.now })}`;

async function scrape(): Promise<Sample[]> {
  const answer = await httpsRequest(gw.staffUrl, '/metrics', { ca: gw.huur.ca, headers: [['Authorization', await bearer('beheerder')]] });
  expect(answer.status).toBe(200);
  return parseMetrics(answer.text);
}

/** A plain HTTP request to the METRICS_PORT listener. */
function plain(path: string, method = 'GET'): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${gw.gateway.metricsUrl}${path}`, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const worker = (sub: string, method: string, path: string) => callAs(gw, { sub, gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path);
const intake = (samples: Sample[], partner_type: string, status: string) => valueOf(samples, 'vroegsignaal_intake_outcomes_total', { partner_type, status }) ?? 0;
const perMunicipality = (samples: Sample[], name: string, gemeentecode = '1696') => valueOf(samples, name, { gemeentecode });

describe('GET /metrics on the staff listener', () => {
  it('asks for a bearer token (401), then for the role beheerder (403), and answers the beheerder in the Prometheus text format', async () => {
    const anonymous = await httpsRequest(gw.staffUrl, '/metrics', { ca: gw.huur.ca });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.json).toMatchObject({ status: 401, code: 'token-ongeldig' });
    for (const role of ['schuldhulpverlener', 'privacy-officer', 'teamleider'] as const) {
      const refused = await httpsRequest(gw.staffUrl, '/metrics', { ca: gw.huur.ca, headers: [['Authorization', await bearer(role)]] });
      expect(refused.status, role).toBe(403);
      expect(refused.json).toMatchObject({ status: 403, code: 'geen-toegang' });
      expect(refused.text).not.toContain('vroegsignaal_');
    }
    const answer = await httpsRequest(gw.staffUrl, '/metrics', { ca: gw.huur.ca, headers: [['Authorization', await bearer('beheerder')]] });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.text).toContain('# TYPE vroegsignaal_intake_outcomes_total counter');
    expect(answer.text).toContain('# TYPE vroegsignaal_http_request_duration_seconds histogram');
    const samples = parseMetrics(answer.text);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'vroegsignaal_metrics_redis_up')).toBe(1);
    // Not on the partners' listener, and not in either API document.
    expect((await httpsRequest(gw.url, '/metrics', { creds: gw.huur })).status).toBe(404);
    expect(JSON.stringify((await httpsRequest(gw.staffUrl, '/v1/openapi.json', { ca: gw.huur.ca })).json.paths)).not.toContain('metrics');
  });

  it('counts intake outcomes by partner type and status code, one per signal of a batch', async () => {
    const before = await scrape();
    const first = exampleSignal();
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, first, { now: gw.clock.now })).status).toBe(202);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now })).status).toBe(202);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, first, { now: gw.clock.now })).status).toBe(200);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal({ bedrag: 'veel' }), { now: gw.clock.now })).status).toBe(400);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now, omit: ['signature'] })).status).toBe(401);
    const batch = await postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.energie,
      [exampleSignal({ signaalpartner: 'Energie' }), exampleSignal({ signaalpartner: 'Energie' }), exampleSignal({ signaalpartner: 'Energie', bedrag: -1 })], { now: gw.clock.now });
    expect(batch.json.map((r: { status: number }) => r.status)).toEqual([202, 202, 400]);
    // A batch refused as a whole (here: not signed by the partner) counts once.
    expect((await postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.energie, [exampleSignal({ signaalpartner: 'Energie' })], { now: new Date(0) })).status).toBe(401);

    const after = await scrape();
    const delta = (type: string, status: string) => intake(after, type, status) - intake(before, type, status);
    expect({ huur202: delta('Huur', '202'), huur200: delta('Huur', '200'), huur400: delta('Huur', '400'), huur401: delta('Huur', '401') })
      .toEqual({ huur202: 2, huur200: 1, huur400: 1, huur401: 1 });
    expect({ energie202: delta('Energie', '202'), energie400: delta('Energie', '400'), energie401: delta('Energie', '401') })
      .toEqual({ energie202: 2, energie400: 1, energie401: 1 });

    // Latency per route template and status class; the Redis commands behind it, scripts by name.
    const requests = (status_class: string, samples: Sample[]) =>
      valueOf(samples, 'vroegsignaal_http_request_duration_seconds_count', { listener: 'partner', method: 'POST', route: '/v1/vroegsignalen', status_class }) ?? 0;
    expect(requests('2xx', after) - requests('2xx', before)).toBe(3);
    expect(requests('4xx', after) - requests('4xx', before)).toBe(2);
    // Two single signals and one batch: three commit scripts.
    const commits = (samples: Sample[]) => valueOf(samples, 'vroegsignaal_redis_command_duration_seconds_count', { command: 'vs_commit_intake' }) ?? 0;
    expect(commits(after) - commits(before)).toBeGreaterThanOrEqual(3);
    expect(valueOf(after, 'vroegsignaal_redis_command_duration_seconds_count', { command: 'hgetall' })).toBeGreaterThan(0);
  });

  it('shows the audit sequencer’s lag: records waiting, the oldest one’s age and the newest checkpoint’s age', async () => {
    const waiting = async () => Number(await gw.redis.get(auditLogKeys.counter)) - Number((await gw.redis.get(auditLogKeys.size)) ?? 0);
    const before = await scrape();
    expect(await waiting()).toBeGreaterThan(0);
    expect(valueOf(before, 'vroegsignaal_audit_pending_records')).toBe(await waiting());
    expect(valueOf(before, 'vroegsignaal_audit_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    // No checkpoint yet: no age rather than a made-up one.
    expect(valueOf(before, 'vroegsignaal_audit_checkpoint_age_seconds')).toBeUndefined();

    expect(await gw.sequence()).toBeGreaterThan(0);
    const after = await scrape();
    expect(valueOf(after, 'vroegsignaal_audit_pending_records')).toBe(0);
    expect(valueOf(after, 'vroegsignaal_audit_oldest_pending_age_seconds')).toBe(0);
    const age = valueOf(after, 'vroegsignaal_audit_checkpoint_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
  });

  it('shows the outbox and every BullMQ queue by state', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'vroegsignaal_outbox_entries')).toBe(await gw.redis.xlen(notificationKeys.outbox));
    expect(valueOf(samples, 'vroegsignaal_outbox_entries')).toBeGreaterThan(0);
    for (const queue of ['retentie', 'terugmelding', 'gebeurtenis', 'termijn']) {
      for (const state of ['waiting', 'delayed', 'active', 'failed']) {
        expect(valueOf(samples, 'vroegsignaal_queue_jobs', { queue, state }), `${queue} ${state}`).toBeGreaterThanOrEqual(0);
      }
    }
    // The hourly sweeper is a repeatable job: always one delayed in the retention queue.
    expect(valueOf(samples, 'vroegsignaal_queue_jobs', { queue: 'retentie', state: 'delayed' })).toBeGreaterThanOrEqual(1);
  });

  it('moves a claimed case from open to claimed in its municipality; counts overdue cases, lapsed claims and their return', async () => {
    const before = await scrape();
    const open = perMunicipality(before, 'vroegsignaal_cases_open')!;
    expect(open).toBeGreaterThanOrEqual(4);
    expect(perMunicipality(before, 'vroegsignaal_cases_claimed')).toBe(0);
    expect(perMunicipality(before, 'vroegsignaal_cases_overdue')).toBe(0);
    // Every municipality of the bundle has its series, also without cases.
    expect(perMunicipality(before, 'vroegsignaal_cases_open', '0363')).toBe(0);

    expect((await worker('anna', 'POST', '/v1/zaken/_oppakken')).status).toBe(200);
    const claimed = await scrape();
    expect(perMunicipality(claimed, 'vroegsignaal_cases_open')).toBe(open - 1);
    expect(perMunicipality(claimed, 'vroegsignaal_cases_claimed')).toBe(1);

    // A month on: every waiting case is past its offer deadline, and anna's lease ran out.
    gw.clock.advance(30 * 86_400_000);
    const later = await scrape();
    expect(perMunicipality(later, 'vroegsignaal_cases_overdue')).toBe(open - 1);
    expect(perMunicipality(later, 'vroegsignaal_cases_claimed')).toBe(0);
    expect(perMunicipality(later, 'vroegsignaal_claims_expired')).toBe(1);
    const lapses = (samples: Sample[]) => perMunicipality(samples, 'vroegsignaal_claim_lapses_total') ?? 0;

    // The next claim gives the lapsed one back to the queue first, and counts that.
    expect((await worker('bert', 'POST', '/v1/zaken/_oppakken')).status).toBe(200);
    const returned = await scrape();
    expect(lapses(returned) - lapses(later)).toBe(1);
    expect(perMunicipality(returned, 'vroegsignaal_claims_expired')).toBe(0);
    expect(perMunicipality(returned, 'vroegsignaal_cases_claimed')).toBe(1);
  });

  it('counts stored items past their retention until the sweeper deletes them', async () => {
    expect(valueOf(await scrape(), 'vroegsignaal_retention_overdue_items', { kind: 'zaakfeiten' })).toBe(0);
    // Three years on, every case's provisional term (two years after its last signal) has passed.
    gw.clock.advance(3 * 365 * 86_400_000);
    const due = await scrape();
    expect(valueOf(due, 'vroegsignaal_retention_overdue_items', { kind: 'zaakfeiten' })).toBeGreaterThanOrEqual(4);
    expect(valueOf(due, 'vroegsignaal_retention_overdue_items', { kind: 'auditinhoud' })).toBeGreaterThan(0);
    await gw.gateway.sweep();
    const swept = await scrape();
    for (const kind of ['contactgegevens', 'zaakfeiten', 'signalen', 'auditinhoud']) {
      expect(valueOf(swept, 'vroegsignaal_retention_overdue_items', { kind }), kind).toBe(0);
    }
  });
});

describe('GET /metrics while Redis cannot be read', () => {
  it('still answers, says so in vroegsignaal_metrics_redis_up and leaves the figures from Redis out rather than show old ones', async () => {
    // A key of the wrong type makes the scrape's read fail, as a Redis in trouble would.
    await gw.redis.rename(notificationKeys.outbox, 'metrics-test:uitgaand');
    await gw.redis.set(notificationKeys.outbox, 'geen stream');
    try {
      const samples = await scrape();
      expect(valueOf(samples, 'vroegsignaal_metrics_redis_up')).toBe(0);
      for (const name of ['vroegsignaal_outbox_entries', 'vroegsignaal_audit_pending_records', 'vroegsignaal_cases_open', 'vroegsignaal_queue_jobs']) {
        expect(samples.filter((s) => s.name === name), name).toEqual([]);
      }
      // What the gateway counted itself is still there.
      expect(intake(samples, 'Huur', '202')).toBeGreaterThan(0);
      expect(gw.logs.join('')).toContain('metrics: Redis niet gelezen');
    } finally {
      await gw.redis.del(notificationKeys.outbox);
      await gw.redis.rename('metrics-test:uitgaand', notificationKeys.outbox);
    }
    expect(valueOf(await scrape(), 'vroegsignaal_metrics_redis_up')).toBe(1);
  });
});

describe('METRICS_PORT', () => {
  it('serves the same metrics over plain HTTP on 127.0.0.1 without a token, and nothing else', async () => {
    expect(gw.gateway.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await plain('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = parseMetrics(answer.text);
    expect(valueOf(samples, 'vroegsignaal_metrics_redis_up')).toBe(1);
    expect(valueOf(samples, 'vroegsignaal_cases_open', { gemeentecode: '1696' })).toBeGreaterThanOrEqual(0);
    const elsewhere = await plain('/v1/zaken/termijnen');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(elsewhere.text)).toMatchObject({ status: 404, code: 'niet-gevonden' });
    expect((await plain('/metrics', 'POST')).status).toBe(405);
  });
});
