// The DDAS pull API under a national month: `npm run bench -- --ddas` (or BENCH_ONLY=ddas) runs
// this alone; `tsx bench/ddas.ts` too. About 100,000 signals over 340 municipalities (quick:
// 20,000) are taken in through the intake service, then CBS pulls the month over mutual TLS in
// pages of 50,000 and of 10,000. Reported: records/s per page size and the gateway process's
// peak RSS above its level before the pulls — which should follow the page size, not the period.
// Measurements, not tests: nothing fails on a number.
import { createHash, createPrivateKey } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { issueDevToken } from '../src/auth/dev-issuer.js';
import { traceFromHeader } from '../src/audit/trace.js';
import { loadConfig } from '../src/config/config.js';
import { addConsumer } from '../src/ddas/consumers.js';
import { signWithChain, certificatesFromPem } from '../src/ddas/jades.js';
import { intakeSignals } from '../src/intake/service.js';
import { createLogger } from '../src/logging/logger.js';
import { dutchDate } from '../src/outreach/calendar.js';
import { loadPolicyBundle } from '../src/policy/load.js';
import { createRedis } from '../src/redis/connection.js';
import { startGateway } from '../src/runtime/gateway.js';
import { reloadingKeystore } from '../src/privacy/keystore.js';

export interface DdasBenchResult {
  signals: number;
  municipalities: number;
  intakeSeconds: number;
  pulls: Array<{ pageSize: number; pages: number; records: number; seconds: number; recordsPerSecond: number; bytes: number; rssBeforeMb: number; peakRssMb: number; growthMb: number }>;
}

const root = new URL('..', import.meta.url).pathname;
const say = (line: string) => process.stderr.write(`• ${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** 340 municipalities, each a block of postcode areas (PC4), so random postcodes spread the month. */
function nationalBundle(dir: string, count: number): string[] {
  cpSync(join(root, 'policies'), dir, { recursive: true });
  const span = Math.floor(8_990 / count);
  const gemeenten = Array.from({ length: count }, (_, i) => ({
    gemeentecode: String(1 + i).padStart(4, '0'), naam: `Benchgemeente ${i + 1}`, aanbodtermijnWerkdagen: 10,
    postcodes: [{ van: 1000 + i * span, tot: 1000 + i * span + span - 1 }],
  }));
  writeFileSync(join(dir, 'gemeenten.yaml'), stringify({ gemeenten }));
  return gemeenten.map((g) => g.gemeentecode);
}

export async function benchDdas(options: { quick?: boolean } = {}): Promise<DdasBenchResult> {
  const total = Number(process.env.BENCH_DDAS_SIGNALS ?? (options.quick ? 20_000 : 100_000));
  const municipalities = 340;
  const home = mkdtempSync(join(tmpdir(), 'vs-bench-ddas-'));
  const policies = join(home, 'beleid');
  mkdirSync(policies);
  const codes = nationalBundle(policies, municipalities);
  // The month before this one: signals arrive in it (an injected clock), CBS pulls it once it is over.
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 2, 8));
  let clock = monthStart;
  const config = loadConfig({ VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_POLICIES: policies, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SHED_EVENT_LOOP_DELAY_MS: '60000' });
  say(`DDAS: gateway met ${municipalities} gemeenten starten (embedded Redis, ontwikkelmateriaal)…`);
  const gateway = await startGateway(config, { logger: createLogger({ level: 'silent' }), clock: () => clock, rateLimitPerMinute: 1_000_000, say: () => undefined, durableRedis: false });
  const redis = createRedis(gateway.redisUrl);
  try {
    const { bundle, revision } = loadPolicyBundle(policies);
    const deps = { redis, policy: () => ({ bundle, revision }), keystore: reloadingKeystore(config.municipalKeysDir, config.periodKeysDir), clock: () => clock };
    const partner = { oin: '00000099000000001000', naam: 'Woonstichting Demo', type: 'Huur' as const };
    const example = JSON.parse(readFileSync(join(root, 'examples/signaal-huur.json'), 'utf8'));
    say(`DDAS: ${total} signalen innemen over de maand (intake-service, batches van 1.000)…`);
    const started = performance.now();
    for (let i = 0; i < total; i += 1_000) {
      // Whole days at 08:00 UTC: the intake's date checks and the Dutch calendar day agree then.
      clock = new Date(monthStart.getTime() + Math.floor((i / total) * 25) * 86_400_000);
      const today = dutchDate(clock);
      const items = Array.from({ length: Math.min(1_000, total - i) }, (_, j) => {
        const n = i + j;
        const pc4 = 1000 + ((n * 7919) % (Math.floor(8_990 / municipalities) * municipalities));
        return {
          ...example, id: `DDAS-${n}`, signaaldatum: today, ontstaansdatum: new Date(clock.getTime() - 60 * 86_400_000).toISOString().slice(0, 10),
          adres: { ...example.adres, postcode: `${pc4}AB`, huisnummer: String(1 + (n % 997)) },
        };
      });
      const outcomes = await intakeSignals(deps, { partner, trace: traceFromHeader(undefined), raw: undefined }, items);
      const refused = outcomes.filter((o) => o instanceof Error);
      if (refused.length > 0) throw new Error(`intake weigerde ${refused.length} signalen: ${(refused[0] as Error).message} ${JSON.stringify((refused[0] as { errors?: unknown }).errors)} (klok ${clock.toISOString()})`);
    }
    const intakeSeconds = (performance.now() - started) / 1000;
    say(`DDAS: ingenomen in ${intakeSeconds.toFixed(1)} s`);
    clock = new Date();

    const consumerDir = join(home, 'cbs');
    const oin = '00000099000000007000';
    addConsumer({ registryPath: config.ddas.afnemerRegistry, caCertPem: readFileSync(config.home.caCert, 'utf8'), caKeyPem: readFileSync(config.home.caKey, 'utf8'), oin, naam: 'CBS', outDir: consumerDir, knownGemeenten: codes });
    const signer = { privateKey: createPrivateKey(readFileSync(join(consumerDir, 'signing.key'))), chain: certificatesFromPem(readFileSync(join(consumerDir, 'signing.crt'), 'utf8')), kid: 'cbs-bench' };
    const tls = { ca: readFileSync(join(consumerDir, 'ca.crt')), cert: readFileSync(join(consumerDir, 'client.crt')), key: readFileSync(join(consumerDir, 'client.key')) };
    const month = dutchDate(monthStart).slice(0, 7);
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const url = new URL(`${gateway.url.replace('localhost', '127.0.0.1')}/ddas/v1/gegevens`);

    /** One page, streamed through a hash: the client keeps no page in memory. */
    const pullOne = async (page: number, pageSize: number) => {
      const body = JSON.stringify({ aanleverperiodeStartdatum: `${month}-01`, aanleverperiodeEinddatum: last, page, pageSize });
      const digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
      const token = await issueDevToken(home, { sub: oin, roles: ['cbs'], scope: 'read', now: clock });
      return new Promise<{ status: number; bytes: number; tail: string }>((resolve, reject) => {
        const req = request({
          method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, agent: false, ...tls,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Digest: digest, 'nlgov-adr-payload-sig': signWithChain(signer, digest, new Date()), 'Content-Length': String(Buffer.byteLength(body)) },
        }, (res) => {
          let bytes = 0;
          let tail = '';
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            tail = (tail + c.toString('utf8')).slice(-400);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, tail }));
        });
        req.on('error', reject);
        req.end(body);
      });
    };

    const pulls: DdasBenchResult['pulls'] = [];
    for (const pageSize of [50_000, 10_000]) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t0 = performance.now();
      let pages = 1;
      let records = 0;
      let bytes = 0;
      for (let page = 1; page <= pages; page++) {
        const res = await pullOne(page, pageSize);
        if (res.status !== 200) throw new Error(`pagina ${page}: status ${res.status}: ${res.tail}`);
        bytes += res.bytes;
        const paginering = /"paginering":(\{[^}]*\})\}$/.exec(res.tail);
        if (paginering) {
          const p = JSON.parse(paginering[1]!) as { totalPages: number; totalRecords: number };
          pages = p.totalPages;
          records = p.totalRecords;
        } else {
          records = total;
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const result = { pageSize, pages, records, seconds: Number(seconds.toFixed(2)), recordsPerSecond: Math.round(records / seconds), bytes, rssBeforeMb: mb(rssBefore), peakRssMb: mb(peak), growthMb: mb(peak - rssBefore) };
      say(`DDAS: pagina's van ${pageSize}: ${pages} pagina's, ${records} records in ${result.seconds} s = ${result.recordsPerSecond} records/s, ${mb(bytes)} MB; RSS ${result.rssBeforeMb} → piek ${result.peakRssMb} MB (+${result.growthMb})`);
      pulls.push(result);
    }
    return { signals: total, municipalities, intakeSeconds: Number(intakeSeconds.toFixed(1)), pulls };
  } finally {
    redis.disconnect();
    await gateway.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** `npm run bench -- --ddas` / BENCH_ONLY=ddas: this scenario alone, its result under bench/results. */
export async function runDdasBenchAlone(quick: boolean): Promise<void> {
  const result = await benchDdas({ quick });
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-ddas.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  say(`resultaat: ${file}`);
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  await runDdasBenchAlone(process.argv.includes('--quick'));
  process.exit(0);
}
