import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitForOutput } from '../helpers/child-output.js';
import { auditRecords } from '../helpers/audit.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, loadCredentials, postSigned } from '../helpers/https-client.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.js';
import { exampleSignal } from './fixtures.js';

/**
 * Traces (README, "Traces"): the real gateway — HTTPS with client certificates, a real
 * redis-server — exporting over OTLP/HTTP (JSON) to an in-process receiver. The batch delay is
 * ten minutes, so spans arrive only because stopping the gateway flushes them.
 */
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const wrapped = () => Boolean((Redis.prototype.sendCommand as { __wrapped?: boolean }).__wrapped);
const trail = (traceId: string) => `00-${traceId}-00f067aa0ba902b7-01`;

// Off first: the tracing gateway below registers the SDK in this process.
describe('traces off: no OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('starts no SDK and exports nothing; intake works and continues a traceparent as before', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', '');
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '');
    const gw = await startTestGateway();
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now, extraHeaders: [['traceparent', trail(traceId)]] });
      expect(res.status).toBe(202);
      const record = (await auditRecords(gw.redis)).find((r) => r.record.attributes?.['vroegsignaal.signaal_id'] === res.json.signaalId)!.record;
      expect(record).toMatchObject({ trace_id: traceId, parent_span_id: '00f067aa0ba902b7' });
      expect(wrapped()).toBe(false);
      expect(gw.logs.join('')).not.toContain('traces aan');
    } finally {
      await gw.stop();
    }
    expect(receiver.bodies).toHaveLength(0);
  });
});

describe('traces on: OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let gw: TestGateway;
  const facts: { signaalId: string; zaakId: string; partnerId: string; pseudonyms: string[]; continuedSignaalId: string; refusedId: string } = {} as never;
  let records: Awaited<ReturnType<typeof auditRecords>>;
  const continuedTrace = '0af7651916cd43dd8448eb211c80319c';
  const signal = exampleSignal();

  beforeAll(async () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_SERVICE_NAME: '',
    };
    // The SDK reads the process environment; the gateway's configuration the one it is given.
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    gw = await startTestGateway({ env });

    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    expect(accepted.status).toBe(202);
    facts.signaalId = accepted.json.signaalId;
    facts.partnerId = signal.id;
    const stored = await gw.redis.hgetall(`vs:signaal:${facts.signaalId}`);
    facts.zaakId = stored.zaakId!;
    const zaak = await gw.redis.hgetall(`vs:zaak:${facts.zaakId}`);
    facts.pseudonyms = [zaak.adresPseudonym!, stored.persoonPseudonym ?? ''].filter((p) => p.length > 0).map((p) => p.replace(/^[^:]+:/, ''));
    // An id in the path: the span must name the route, not the URL.
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${facts.signaalId}`, { creds: gw.huur })).status).toBe(200);
    expect((await callAs(gw, { sub: 'shv-1', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'GET', `/v1/zaken/${facts.zaakId}`)).status).toBe(200);
    const continued = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now, extraHeaders: [['traceparent', trail(continuedTrace)]] });
    expect(continued.status).toBe(202);
    facts.continuedSignaalId = continued.json.signaalId;
    const refused = exampleSignal({ bedrag: 100, inspanningen: { aanmaningVerstuurd: false, persoonlijkContactGezocht: true, gewezenOpSchuldhulp: true } });
    facts.refusedId = refused.id;
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, refused, { now: gw.clock.now })).status).toBe(400);
    records = await auditRecords(gw.redis);
    // Nothing exported yet (the batch waits ten minutes): stopping must flush it.
    expect(receiver.bodies).toHaveLength(0);
    await gw.stop();
  });

  const recordOf = (signaalId: string) => records.find((r) => r.record.attributes?.['vroegsignaal.signaal_id'] === signaalId)!.record as { trace_id: string; span_id: string; parent_span_id?: string };
  const traceOf = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);
  const byName = (spans: ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);

  it('one intake is one trace with the request, signature, policy, commit and Redis spans, under the audit record’s trace id', () => {
    const record = recordOf(facts.signaalId);
    const spans = traceOf(record.trace_id);
    // The audit record's span is the request's SERVER span, the root of the trace.
    const root = spans.find((s) => s.spanId === record.span_id)!;
    expect(root).toMatchObject({ name: 'POST /v1/vroegsignalen', kind: 2, parentSpanId: undefined, service: 'vroegsignaal' });
    expect(root.attributes).toMatchObject({ 'http.route': '/v1/vroegsignalen', 'http.response.status_code': 202, 'http.request.method': 'POST' });
    expect(byName(spans, 'request')).toHaveLength(1); // @fastify/otel's
    for (const name of ['intake.signature', 'intake.policy', 'intake.commit', 'intake.commit-script']) expect(byName(spans, name), name).toHaveLength(1);
    expect(byName(spans, 'intake.signature')[0]!.attributes).toMatchObject({ 'vroegsignaal.signaalpartner': 'Huur' });
    expect(byName(spans, 'intake.policy')[0]!.attributes).toMatchObject({ 'vroegsignaal.toegelaten': 1, 'vroegsignaal.gemeentecodes': ['1696'] });
    const redisSpans = spans.filter((s) => s.attributes['db.system.name'] === 'redis');
    expect(redisSpans.map((s) => s.name)).toContain('evalsha');
    // Every span hangs in this one tree: each parent is a span of the same trace.
    const ids = new Set(spans.map((s) => s.spanId));
    for (const s of spans) if (s !== root) expect(ids.has(s.parentSpanId!), s.name).toBe(true);
    // The script call runs under the commit span.
    const script = byName(spans, 'intake.commit-script')[0]!;
    expect(script.parentSpanId).toBe(byName(spans, 'intake.commit')[0]!.spanId);
    expect(redisSpans.filter((s) => s.parentSpanId === script.spanId).map((s) => s.name)).toEqual(['evalsha']);
    // Handler spans are named by what they are, not by their plugin's source text.
    expect(byName(spans, 'handler')).toHaveLength(1);
  });

  it('continues an incoming traceparent: the audit record and the spans carry the caller’s trace id', () => {
    const record = recordOf(facts.continuedSignaalId);
    expect(record).toMatchObject({ trace_id: continuedTrace, parent_span_id: '00f067aa0ba902b7' });
    const root = traceOf(continuedTrace).find((s) => s.spanId === record.span_id)!;
    expect(root).toMatchObject({ name: 'POST /v1/vroegsignalen', parentSpanId: '00f067aa0ba902b7' });
  });

  it('a refused signal’s decision record leads to its trace too', () => {
    const decision = records.find((r) => r.record.kind === 'besluit' && r.record.result === 'deny' && r.record.path === 'intake/signaal')!.record as { trace_id: string };
    const spans = traceOf(decision.trace_id);
    expect(spans.find((s) => s.kind === 2)).toMatchObject({ name: 'POST /v1/vroegsignalen', attributes: expect.objectContaining({ 'http.response.status_code': 400 }) });
    expect(byName(spans, 'intake.policy')[0]!.attributes).toMatchObject({ 'vroegsignaal.geweigerd': 1, 'vroegsignaal.toegelaten': 0 });
  });

  it('spans name routes, never URLs with ids, and hold no personal data, pseudonyms or ids', () => {
    const statusSpan = receiver.spans.find((s) => s.kind === 2 && s.attributes['http.route'] === '/v1/vroegsignalen/:signaalId')!;
    expect(statusSpan.name).toBe('GET /v1/vroegsignalen/:signaalId');
    const fastifySpans = receiver.spans.filter((s) => s.name === 'request');
    expect(fastifySpans.map((s) => s.attributes['url.path']).sort()).toEqual(expect.arrayContaining(['/v1/vroegsignalen/:signaalId', '/v1/zaken/:zaakId']));
    const everything = receiver.bodies.join('\n');
    const secrets = [
      facts.signaalId, facts.zaakId, facts.partnerId, facts.refusedId, ...facts.pseudonyms,
      signal.persoon.achternaam, signal.persoon.geboortedatum, signal.persoon.email, signal.persoon.telefoonnummer,
      signal.adres.straatnaam, signal.adres.postcode, signal.adres.plaatsnaam,
    ];
    for (const secret of secrets) expect(everything, secret).not.toContain(secret);
    // Headers and bodies are not recorded either: no signature, digest or token in any attribute.
    expect(everything).not.toMatch(/payload-signature|authorization|bearer|SHA-256=/i);
  });
});

describe('vroegsignaal start with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('exports the intake’s trace when stopped with SIGTERM, under the trace id of its audit record', async () => {
    const own = await startOtlpReceiver();
    const home = mkdtempSync(join(tmpdir(), 'vs-traces-'));
    const root = new URL('../..', import.meta.url).pathname;
    const env: NodeJS.ProcessEnv = {
      ...process.env, VROEGSIGNAAL_HOME: home, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: own.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_SERVICE_NAME: 'vroegsignaal-test',
    };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await waitForOutput(child, /Stoppen: Ctrl\+C/);
      const url = `https://127.0.0.1:${/localhost:(\d+)/.exec(output)![1]}`;
      const res = await postSigned(url, '/v1/vroegsignalen', loadCredentials(join(home, 'partners', 'huur')), exampleSignal());
      expect(res.status).toBe(202);
      const redis = new Redis(/redis-server gestart op (\S+)/.exec(output)![1]!);
      const record = (await auditRecords(redis)).find((r) => r.record.attributes?.['vroegsignaal.signaal_id'] === res.json.signaalId)!.record as { trace_id: string; span_id: string };
      redis.disconnect();
      expect(own.bodies).toHaveLength(0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const spans = own.spans.filter((s) => s.traceId === record.trace_id);
      expect(spans.find((s) => s.spanId === record.span_id)).toMatchObject({ name: 'POST /v1/vroegsignalen', service: 'vroegsignaal-test' });
      expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['request', 'handler', 'intake.signature', 'intake.policy', 'intake.commit', 'evalsha']));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await own.close();
      rmSync(home, { recursive: true, force: true });
    }
  }, 90_000);
});
