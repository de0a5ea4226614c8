// Outbox and delivery under load: `npm run bench -- --meldingen` (or BENCH_ONLY=meldingen) runs
// this alone; the full `npm run bench` runs it last. Signals are taken in through the intake
// service (the HTTP path is what the other scenarios measure), every municipality has a
// subscription, and a receiver over mutual TLS notes when each event arrives. Reported: events
// per second from the first intake to the last delivery, and the delivery lag (arrival minus
// the commit time the event carries), p50 / p99. Measurements, not tests: nothing fails on a number.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceFromHeader } from '../src/audit/trace.js';
import { loadConfig } from '../src/config/config.js';
import { intakeSignals } from '../src/intake/service.js';
import { createLogger } from '../src/logging/logger.js';
import { addSubscription } from '../src/notifications/subscriptions.js';
import { createDevCa, issueCertificate } from '../src/pki/certificates.js';
import { generateRsaKeyPair } from '../src/pki/keys.js';
import { loadPolicyBundle } from '../src/policy/load.js';
import { reloadingKeystore } from '../src/privacy/keystore.js';
import { createRedis } from '../src/redis/connection.js';
import { startGateway } from '../src/runtime/gateway.js';

export interface NotificationBenchResult {
  events: number;
  subscriptions: number;
  seconds: number;
  eventsPerSecond: number;
  lagMs: { p50: number; p95: number; p99: number; max: number };
}

const root = new URL('..', import.meta.url).pathname;
const say = (line: string) => process.stderr.write(`• ${line}\n`);

/** A receiver that checks the client certificate, notes the arrival, answers 204: as cheap as a receiver can be. */
async function startReceiver(clientCa: Buffer) {
  const ca = createDevCa('ontvanger-CA (bench)');
  const keys = generateRsaKeyPair();
  const cert = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'server', publicKeyPem: keys.publicKeyPem, subject: { commonName: 'localhost' }, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const arrivals = new Map<string, { at: number; time: number }>();
  const server = createServer({ key: keys.privateKeyPem, cert, ca: clientCa, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; time: string };
      if (!arrivals.has(event.id)) arrivals.set(event.id, { at: Date.now(), time: Date.parse(event.time) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/gebeurtenissen`, ca: ca.certPem, arrivals, close: () => new Promise((r) => server.close(r)) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function benchNotifications(options: { quick?: boolean } = {}): Promise<NotificationBenchResult> {
  const total = Number(process.env.BENCH_MELDINGEN ?? (options.quick ? 5_000 : 20_000));
  const home = mkdtempSync(join(tmpdir(), 'vs-bench-meldingen-'));
  const config = loadConfig({ VROEGSIGNAAL_HOME: home, PORT: '0', STAFF_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SHED_EVENT_LOOP_DELAY_MS: '60000' });
  say('meldingen: gateway starten (embedded Redis met AOF always, ontwikkelmateriaal)…');
  const gateway = await startGateway(config, { logger: createLogger({ level: 'silent' }), rateLimitPerMinute: 1_000_000, say: () => undefined });
  const redis = createRedis(gateway.redisUrl);
  const receiver = await startReceiver(readFileSync(config.home.caCert));
  try {
    const { bundle, revision } = loadPolicyBundle(config.policiesDir);
    const codes = bundle.gemeenten.map((g) => g.gemeentecode);
    for (const code of codes) addSubscription(config.subscriptionRegistry, { gemeentecode: code, url: receiver.url, ca: receiver.ca }, codes, new Date());
    const deps = { redis, policy: () => ({ bundle, revision }), keystore: reloadingKeystore(config.municipalKeysDir, config.periodKeysDir), clock: () => new Date() };
    const partner = { oin: '00000099000000001000', naam: 'Woonstichting Demo', type: 'Huur' as const };
    const example = JSON.parse(readFileSync(join(root, 'examples/signaal-huur.json'), 'utf8'));
    say(`meldingen: ${total} signalen innemen (batches van 500), elk een zaak en dus een gebeurtenis…`);
    const started = Date.now();
    for (let i = 0; i < total; i += 500) {
      const items = Array.from({ length: Math.min(500, total - i) }, (_, j) => ({ ...example, id: `MELDING-${i + j}`, adres: { ...example.adres, huisnummer: String(1 + i + j) } }));
      const outcomes = await intakeSignals(deps, { partner, trace: traceFromHeader(undefined), raw: undefined }, items);
      const refused = outcomes.filter((o) => o instanceof Error);
      if (refused.length > 0) throw new Error(`intake weigerde ${refused.length} signalen: ${(refused[0] as Error).message}`);
      process.stderr.write(`\r[${'#'.repeat(Math.round(((i + 500) / total) * 30)).padEnd(30, '-')}] ${Math.min(total, i + 500)}/${total} ingenomen, ${receiver.arrivals.size} bezorgd`);
    }
    while (receiver.arrivals.size < total) {
      if (Date.now() - started > 600_000) throw new Error(`na 10 minuten ${receiver.arrivals.size} van ${total} gebeurtenissen bezorgd`);
      process.stderr.write(`\r[${'#'.repeat(Math.round((receiver.arrivals.size / total) * 30)).padEnd(30, '-')}] ${receiver.arrivals.size}/${total} bezorgd        `);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.stderr.write('\n');
    const arrivals = [...receiver.arrivals.values()];
    const lags = arrivals.map((a) => a.at - a.time).sort((a, b) => a - b);
    const seconds = (Math.max(...arrivals.map((a) => a.at)) - started) / 1000;
    return {
      events: total, subscriptions: codes.length, seconds, eventsPerSecond: Math.round(total / seconds),
      lagMs: { p50: percentile(lags, 50), p95: percentile(lags, 95), p99: percentile(lags, 99), max: lags.at(-1) ?? 0 },
    };
  } finally {
    await receiver.close();
    redis.disconnect();
    await gateway.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export function renderNotificationMarkdown(r: NotificationBenchResult): string {
  return [
    '## Outbox and delivery (municipal events over mutual TLS)', '',
    '| events | subscriptions | seconds | events/s | delivery lag p50 / p95 / p99 / max ms |', '|---|---|---|---|---|',
    `| ${r.events.toLocaleString('en-US')} | ${r.subscriptions} | ${r.seconds.toFixed(1)} | ${r.eventsPerSecond.toLocaleString('en-US')} | ${r.lagMs.p50} / ${r.lagMs.p95} / ${r.lagMs.p99} / ${r.lagMs.max} |`,
  ].join('\n');
}

/** `npm run bench -- --meldingen`: this scenario alone, its own result file. */
export async function runNotificationBenchAlone(quick: boolean): Promise<void> {
  const result = await benchNotifications({ quick });
  const markdown = renderNotificationMarkdown(result);
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(dir, `${stamp}-meldingen.json`), JSON.stringify({ when: new Date().toISOString(), quick, ...result }, null, 2));
  writeFileSync(join(dir, `${stamp}-meldingen.md`), markdown);
  console.log(markdown);
}
