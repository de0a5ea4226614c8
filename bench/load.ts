// The load generator: its own process, so its CPU is not the gateway's. Reads a scenario spec
// (argv[2]), writes the result as JSON (argv[3]). Bodies are signed before the clock starts.
import { readFileSync, writeFileSync } from 'node:fs';
import { Pool } from 'undici';
import { ProgressBar } from '../src/client/progress.js';
import { loadPartnerCredentials, type PartnerCredentials } from '../src/client/partner-credentials.js';
import { sha256DigestHeader } from '../src/intake/digest.js';
import { signPayloadSignature } from '../src/intake/payload-signature.js';
import type { BenchPartner } from './setup.js';

export type Scenario =
  | { kind: 'single'; count: number; concurrency: number; ratePerSecond?: number; connectionsPerPartner?: number }
  | { kind: 'batch'; batches: number; size: number; concurrency: number }
  | { kind: 'claims'; tokens: string[]; perWorker: number }
  | { kind: 'year'; total: number; size: number; concurrency: number };

export interface LoadSpec {
  url: string;
  /** The staff listener, where workers claim (the 'claims' scenario). */
  staffUrl: string;
  ca: string;
  partners: BenchPartner[];
  scenario: Scenario;
  /** Offsets the generated addresses so scenarios never combine with each other's cases. */
  seed: number;
  label: string;
}

export interface LoadResult {
  requests: number;
  signals: number;
  accepted: number;
  statuses: Record<string, number>;
  seconds: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** CPU the generator itself used while sending (it shares the machine with the gateway). */
  cpuSeconds: number;
  /** signaalIds of every 202 to a single post: checked against the store afterwards. */
  acknowledged: string[];
}

const postcodes = [[1011, 1109], [2491, 2599], [3011, 3089], [3511, 3585], [1231, 1235]] as const;
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** A valid signal for a household of its own (unique postcode + house number per n). */
export function benchSignal(n: number, type: 'Huur' | 'Energie'): Record<string, unknown> {
  const [from, to] = postcodes[n % postcodes.length]!;
  const k = Math.floor(n / postcodes.length);
  const size = to - from + 1;
  const rest = Math.floor(k / size);
  const postcode = `${from + (k % size)}${String.fromCharCode(65 + (rest % 26))}${String.fromCharCode(65 + (Math.floor(rest / 26) % 26))}`;
  const huisnummer = String(1 + Math.floor(rest / 676));
  return {
    id: `BENCH-${n}`, signaalpartner: type, signaaldatum: day(-1), ontstaansdatum: day(-60), bedrag: 400 + (n % 2000),
    crisissignaal: n % 50 === 0, warmeOverdracht: false,
    inspanningen: { aanmaningVerstuurd: true, persoonlijkContactGezocht: true, gewezenOpSchuldhulp: true },
    persoon: { voorletters: 'A.', achternaam: `Bench${n % 997}`, geboortedatum: '1985-06-15', telefoonnummer: '0612345678', email: 'bench@example.nl' },
    adres: { straatnaam: 'Meetstraat', huisnummer, postcode, plaatsnaam: 'Meetstad' },
  };
}

interface Prepared { partner: number; path: string; body: Buffer; headers: Record<string, string>; signals: number }

async function sign(creds: PartnerCredentials, body: Buffer): Promise<Record<string, string>> {
  const digest = sha256DigestHeader(body);
  const signature = await signPayloadSignature({ digestValue: digest, privateKey: creds.signingKey, alg: creds.signingAlg, x5tS256: creds.x5tS256, now: new Date() });
  return { 'content-type': 'application/json', digest, 'payload-signature': signature, accept: 'application/json' };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  const creds = spec.partners.map((p) => loadPartnerCredentials(p.dir));
  const s = spec.scenario;
  const pools = creds.map((c) => new Pool(spec.url, {
    connections: s.kind === 'single' ? (s.connectionsPerPartner ?? 8) : 8, pipelining: 1, keepAliveTimeout: 60_000,
    connect: { ca: c.ca, cert: c.cert, key: c.key, servername: 'localhost', rejectUnauthorized: true },
  }));
  const bearerPool = new Pool(spec.staffUrl, { connections: 100, connect: { ca: Buffer.from(spec.ca), servername: 'localhost' } });
  const statuses: Record<string, number> = {};
  let accepted = 0;
  const latencies: number[] = [];
  const acknowledged: string[] = [];

  const send = async (p: Prepared) => {
    const t0 = performance.now();
    const res = await pools[p.partner]!.request({ method: 'POST', path: p.path, headers: p.headers, body: p.body });
    const text = await res.body.text();
    latencies.push(performance.now() - t0);
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    if (res.statusCode === 202) {
      accepted += p.signals;
      acknowledged.push((JSON.parse(text) as { signaalId: string }).signaalId);
    }
    else if (res.statusCode === 200 && p.path.endsWith('_batch')) {
      accepted += (JSON.parse(text) as Array<{ status: number }>).filter((r) => r.status === 202).length;
    }
  };

  const prepare = async (n: number, size: number): Promise<Prepared> => {
    const partner = n % spec.partners.length;
    const type = spec.partners[partner]!.type;
    const body = size === 0
      ? Buffer.from(JSON.stringify(benchSignal(spec.seed + n, type)))
      : Buffer.from(JSON.stringify(Array.from({ length: size }, (_, i) => benchSignal(spec.seed + n * size + i, type))));
    return { partner, path: size === 0 ? '/v1/vroegsignalen' : '/v1/vroegsignalen/_batch', body, headers: await sign(creds[partner]!, body), signals: Math.max(1, size) };
  };

  /** Run `total` jobs with at most `concurrency` in flight, or at a fixed arrival rate (open loop). */
  const drive = async (total: number, concurrency: number, job: (i: number) => Promise<void>, ratePerSecond?: number) => {
    const bar = new ProgressBar(total, spec.label);
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    cpuAtStart = process.cpuUsage();
    if (ratePerSecond) {
      const inFlight: Promise<void>[] = [];
      while (next < total) {
        const due = t0 + (next * 1000) / ratePerSecond;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        inFlight.push(job(next++).then(() => bar.update(++done)));
      }
      await Promise.all(inFlight);
    } else {
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < total) {
          await job(next++);
          bar.update(++done);
        }
      }));
    }
    bar.finish();
    return (performance.now() - t0) / 1000;
  };

  let seconds = 0;
  let cpuAtStart = process.cpuUsage();
  let requests = 0;
  let signals = 0;
  if (s.kind === 'single' || s.kind === 'batch') {
    const count = s.kind === 'single' ? s.count : s.batches;
    const size = s.kind === 'single' ? 0 : s.size;
    const signBar = new ProgressBar(count, `${spec.label}: vooraf ondertekenen`);
    const prepared: Prepared[] = [];
    for (let i = 0; i < count; i++) {
      prepared.push(await prepare(i, size));
      signBar.update(i + 1);
    }
    seconds = await drive(count, s.concurrency, (i) => send(prepared[i]!), s.kind === 'single' ? s.ratePerSecond : undefined);
    requests = count;
    signals = count * Math.max(1, size);
  } else if (s.kind === 'year') {
    // A million single signatures would take the generator half an hour: batches, each signed
    // just before it is sent (one RSA signature per thousand signals, in this process).
    const count = Math.ceil(s.total / s.size);
    seconds = await drive(count, s.concurrency, async (i) => send(await prepare(i, s.size)));
    requests = count;
    signals = s.total;
  } else {
    let claimed = 0;
    const bar = new ProgressBar(s.tokens.length, `${spec.label}: medewerkers klaar`);
    let finished = 0;
    const t0 = performance.now();
    cpuAtStart = process.cpuUsage();
    await Promise.all(s.tokens.map(async (token) => {
      for (let mine = 0; mine < s.perWorker; mine++) {
        const t = performance.now();
        const res = await bearerPool.request({ method: 'POST', path: '/v1/zaken/_oppakken', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
        await res.body.dump();
        latencies.push(performance.now() - t);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        requests++;
        if (res.statusCode !== 200) break;
        claimed++;
      }
      bar.update(++finished);
    }));
    seconds = (performance.now() - t0) / 1000;
    accepted = claimed;
    signals = claimed;
  }
  const sorted = Float64Array.from(latencies).sort();
  const result: LoadResult = {
    requests, signals, accepted, statuses, seconds, acknowledged,
    cpuSeconds: ((({ user, system }) => user + system)(process.cpuUsage(cpuAtStart))) / 1e6,
    latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: percentile(sorted, 100) },
  };
  writeFileSync(process.argv[3]!, JSON.stringify(result));
  await Promise.all([...pools, bearerPool].map((p) => p.close()));
}

await main();
