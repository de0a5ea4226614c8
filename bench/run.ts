// `npm run bench`: measurements, not tests. Nothing here fails on a number; it reports.
// `npm run bench -- --quick` runs every scenario small (a minute or two); the full run includes
// the national year (1,000,000 signals) and the audit-verify benchmark.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { issueDevToken } from '../src/auth/dev-issuer.js';
import { benchAuditVerify } from './audit-verify.js';
import { runNotificationBenchAlone } from './notifications.js';
import { runDdasBenchAlone } from './ddas.js';
import { cryptoFloor, redisFloor } from './floor.js';
import type { LoadResult, LoadSpec, Scenario } from './load.js';
import { judgeGoals, ratedShareOfHttpFloor, scenarioNames } from './goals.js';
import { goalInputs, renderMarkdown, type BenchReport, type ScenarioReport } from './report.js';
import { cpuSeconds, memoryMb, prepareHome, root, startBenchGateway, treeCpuSeconds } from './setup.js';

const quick = process.argv.includes('--quick');
// `npm run bench -- --meldingen` or BENCH_ONLY=meldingen: the outbox-and-delivery scenario alone (bench/notifications.ts).
if (process.argv.includes('--meldingen') || process.env.BENCH_ONLY === 'meldingen') process.exit((await runNotificationBenchAlone(quick), 0));
// `npm run bench -- --ddas` or BENCH_ONLY=ddas: the DDAS pull scenario alone (bench/ddas.ts).
if (process.argv.includes('--ddas') || process.env.BENCH_ONLY === 'ddas') process.exit((await runDdasBenchAlone(quick), 0));
const yearTotal = Number(process.env.BENCH_YEAR ?? (quick ? 50_000 : 1_000_000));
const say = (line: string) => process.stderr.write(`• ${line}\n`);

if (process.env.BENCH_SKIP_BUILD !== '1') {
  say('bouwen (npm run build)…');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

say('vloer meten: PS256, HMAC-SHA-256, AES-256-GCM (node:crypto, één kern)…');
const crypto = cryptoFloor();
say('thuismap met 20 signaalpartners, sleutels en certificaten…');
const bench = await prepareHome(20);
say('gateway starten (productiemodus, eigen redis-server met AOF always)…');
const gateway = await startBenchGateway(bench);
const redis = new Redis(gateway.redis.url);
// An experiment switch, never the reported configuration: how much of the time is fsync?
if (process.env.BENCH_APPENDFSYNC) await redis.config('SET', 'appendfsync', process.env.BENCH_APPENDFSYNC);
// A rewrite forks Redis; with the national year's data set in memory the fork could need as
// much again. The run keeps appending to the AOF (appendfsync always) and rewrites nothing.
await redis.config('SET', 'auto-aof-rewrite-percentage', '0');
const redisInfo = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
say('vloer meten: redis-server, gepijplijnde SET…');
const redisRaw = await redisFloor(gateway.redis.url);

let seed = 0;
// BENCH_ONLY=los-signaal,batch-100: run just those (and the warm-ups and the HTTP floor, which
// the goals and the rated scenario are measured against) while working on one cost.
const only = process.env.BENCH_ONLY?.split(',');
async function runScenario(name: string, scenario: Scenario, target = { url: gateway.url, pid: gateway.pid }): Promise<ScenarioReport | undefined> {
  if (only && !name.endsWith('opwarmen') && name !== scenarioNames.httpFloor && !only.includes(name)) return undefined;
  const dir = join(bench.home, 'load');
  mkdirSync(dir, { recursive: true });
  const spec: LoadSpec = {
    url: target.url, staffUrl: gateway.staffUrl, ca: readFileSync(join(bench.home, 'ca', 'ca.crt'), 'utf8'), partners: bench.partners, scenario, seed, label: name,
  };
  seed += 10_000_000;
  const specFile = join(dir, `${name}.spec.json`);
  const outFile = join(dir, `${name}.result.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const cases = async () => redis.eval("return #redis.call('KEYS', 'vs:zaak:*')", 0) as Promise<number>;
  const casesBefore = scenario.kind === 'year' ? await cases() : 0;
  const memBefore = await redisInfo();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/load.ts'), specFile, outFile], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  // CPU is read once the generator has signed its bodies and starts sending: from its first line on.
  const cpuAtStart = { value: treeCpuSeconds(target.pid), redis: cpuSeconds(gateway.redisPid) };
  const exit = await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  if (exit !== 0) throw new Error(`lastgenerator ${name} stopte met ${exit}`);
  const { acknowledged, ...result } = JSON.parse(readFileSync(outFile, 'utf8')) as LoadResult;
  const cpu = treeCpuSeconds(target.pid) - cpuAtStart.value;
  const report: ScenarioReport = {
    name, scenario, ...result,
    perSecond: Math.round(result.signals / result.seconds),
    gatewayCpuMicrosPerSignal: Math.round((cpu * 1e6) / Math.max(1, result.signals)),
    redisCpuMicrosPerSignal: Math.round(((cpuSeconds(gateway.redisPid) - cpuAtStart.redis) * 1e6) / Math.max(1, result.signals)),
    generatorCpuMicrosPerSignal: Math.round((result.cpuSeconds * 1e6) / Math.max(1, result.signals)),
    gatewayRssMb: memoryMb(target.pid),
  };
  if (acknowledged.length > 0 && target.url === gateway.url) {
    const check = redis.pipeline();
    for (const id of acknowledged) check.exists(`vs:signaal:${id}`);
    report.lost = ((await check.exec()) ?? []).filter(([, found]) => found !== 1).length;
  }
  if (scenario.kind === 'year' && process.env.BENCH_MEMORY) await memoryByKind();
  if (scenario.kind === 'year') {
    const stored = (await cases()) - casesBefore;
    report.storedCases = stored;
    report.redisBytesPerCase = Math.round(((await redisInfo()) - memBefore) / Math.max(1, stored));
  }
  say(`${name}: ${report.perSecond} signalen/s${report.lost !== undefined ? `, ${report.lost} kwijt` : ''}, p99 ${report.latencyMs.p99} ms, ${report.gatewayCpuMicrosPerSignal} µs gateway-CPU en ${report.redisCpuMicrosPerSignal} µs Redis-CPU en ${report.generatorCpuMicrosPerSignal} µs lastgenerator-CPU per signaal, statussen ${JSON.stringify(report.statuses)}`);
  return report;
}

/** The HTTP floor (bench/http-floor.ts) in its own process, for one scenario. */
async function httpFloor(count: number): Promise<ScenarioReport | undefined> {
  const processes = process.env.BENCH_HTTP_WORKERS ?? '1';
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/http-floor.ts'), bench.home, processes], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  try {
    await runScenario('http-vloer-opwarmen', { kind: 'single', count: 500, concurrency: 16 }, { url: `https://127.0.0.1:${port}`, pid: child.pid! });
    return await runScenario('http-vloer', { kind: 'single', count, concurrency: 32 }, { url: `https://127.0.0.1:${port}`, pid: child.pid! });
  } finally {
    child.kill('SIGTERM');
  }
}

/** BENCH_MEMORY=1: Redis memory by kind of key (ids replaced by *), the largest first. */
async function memoryByKind(): Promise<void> {
  const kinds = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const sizes = redis.pipeline();
    for (const key of keys) sizes.memory('USAGE', key, 'SAMPLES', 0);
    const replies = (await sizes.exec()) ?? [];
    keys.forEach((key, i) => {
      const kind = key.replace(/BENCH-\d+/g, '*').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '*').replace(/:[A-Za-z0-9+/=_-]{20,}/g, ':*').replace(/:\d+/g, ':N');
      const k = kinds.get(kind) ?? { keys: 0, bytes: 0 };
      k.keys++;
      k.bytes += Number(replies[i]?.[1] ?? 0);
      kinds.set(kind, k);
    });
  } while (cursor !== '0');
  const cases = (await redis.eval("return #redis.call('KEYS', 'vs:zaak:*')", 0)) as number;
  for (const [kind, k] of [...kinds].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 25)) say(`geheugen ${kind}: ${k.keys} sleutels, ${Math.round(k.bytes / Math.max(1, cases))} B per zaak`);
}

const scenarios: ScenarioReport[] = [];
const push = (report: ScenarioReport | undefined) => report && scenarios.push(report);
let redisCommands: Record<string, { calls: number; usec: number }> = {};
try {
  const floor = await httpFloor(quick ? 3_000 : 10_000);
  push(floor);
  await runScenario('opwarmen', { kind: 'single', count: 500, concurrency: 16 });
  // BENCH_SCRIPTS=1: which script costs Redis what during single posts (from SLOWLOG, threshold 0).
  if (process.env.BENCH_SCRIPTS) await redis.config('SET', 'slowlog-log-slower-than', '0').then(() => redis.config('SET', 'slowlog-max-len', '100000')).then(() => redis.slowlog('RESET'));
  push(await runScenario('los-signaal', { kind: 'single', count: quick ? 3_000 : 10_000, concurrency: 32 }));
  if (process.env.BENCH_SCRIPTS) {
    await redis.config('SET', 'slowlog-log-slower-than', '10000');
    const entries = (await redis.slowlog('GET', 100000)) as Array<[number, number, number, string[]]>;
    const groups = new Map<string, { calls: number; usec: number; sample: string }>();
    for (const [, , usec, args] of entries) {
      const name = args[0]?.toLowerCase() === 'evalsha' ? `evalsha ${args[1]?.slice(0, 8)} keys=${args[2]}` : String(args[0]).toLowerCase();
      const g = groups.get(name) ?? { calls: 0, usec: 0, sample: args.slice(3, 6).join(' ').slice(0, 120) };
      g.calls++; g.usec += usec; groups.set(name, g);
    }
    const signals = scenarios.at(-1)?.signals ?? 1;
    for (const [name, g] of [...groups].sort((a, b) => b[1].usec - a[1].usec).slice(0, 20)) say(`${name}: ${g.calls} calls, ${Math.round(g.usec / g.calls)} µs/call, ${Math.round(g.usec / signals)} µs/signal — ${g.sample}`);
  }
  // The latency goal: single posts offered open loop at a quarter of what the empty handler just
  // took on this machine, so the offered rate follows the machine rather than a fixed number.
  const offered = Math.round(ratedShareOfHttpFloor * (floor?.perSecond ?? 0));
  if (offered > 0) push(await runScenario(scenarioNames.rated, { kind: 'single', count: quick ? 3_000 : 10_000, concurrency: 0, ratePerSecond: offered }));
  else say(`${scenarioNames.rated}: overgeslagen, geen HTTP-vloer gemeten`);
  // Three times what the gateway just sustained, open loop, over 50 connections per partner (a
  // thousand in all, so the queue builds in the gateway, not in the client): it must shed
  // (503 with Retry-After) rather than fall over, and keep everything it acknowledged.
  const sustained = scenarios.find((s) => s.name === 'los-signaal')?.perSecond ?? 800;
  push(await runScenario('overbelasting-3x', { kind: 'single', count: Math.max(1_000, sustained * (quick ? 3 : 10)), concurrency: 0, ratePerSecond: 3 * sustained, connectionsPerPartner: 50 }));
  push(await runScenario('batch-100', { kind: 'batch', batches: quick ? 30 : 100, size: 100, concurrency: 8 }));
  push(await runScenario('batch-1000', { kind: 'batch', batches: quick ? 5 : 20, size: 1_000, concurrency: 4 }));
  const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => issueDevToken(bench.home, {
    sub: `medewerker-${i}`, gemeentecode: bench.gemeentecodes[i % bench.gemeentecodes.length]!, roles: ['schuldhulpverlener'],
  })));
  push(await runScenario('oppakken-100-medewerkers', { kind: 'claims', tokens, perWorker: quick ? 20 : 100 }));
  push(await runScenario('landelijk-jaar', { kind: 'year', total: yearTotal, size: 1_000, concurrency: 4 }));
  // Where Redis spends its CPU, by command (EVALSHA = our scripts and BullMQ's).
  redisCommands = Object.fromEntries((await redis.info('commandstats')).split('\n').flatMap((line) => {
    const m = /^cmdstat_(\w+):calls=(\d+),usec=(\d+)/.exec(line);
    return m ? [[m[1]!, { calls: Number(m[2]), usec: Number(m[3]) }]] : [];
  }).sort((a, b) => (b[1] as { usec: number }).usec - (a[1] as { usec: number }).usec).slice(0, 12));
  // Where the gateway's CPU goes by thread: main (JS), libuv pool (async crypto, files), V8 (GC, compiler).
  if (process.env.BENCH_THREADS) {
    const tasks = readdirSync(`/proc/${gateway.pid}/task`);
    const byName = new Map<string, number>();
    for (const tid of tasks) {
      const name = Number(tid) === gateway.pid ? 'main' : readFileSync(`/proc/${gateway.pid}/task/${tid}/comm`, 'utf8').trim();
      byName.set(name, (byName.get(name) ?? 0) + cpuSeconds(Number(tid), gateway.pid));
    }
    for (const [name, seconds] of [...byName].sort((a, b) => b[1] - a[1])) say(`gateway-thread ${name}: ${seconds.toFixed(1)} s CPU`);
  }
} finally {
  redis.disconnect();
  await gateway.stop();
}

const audit = quick ? undefined : await benchAuditVerify();
const measured: Omit<BenchReport, 'goals'> = {
  when: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
  quick, floor: { ...crypto, ...redisRaw }, scenarios, redisCommands,
  ...(audit ? { auditVerify: audit } : {}),
};
const report: BenchReport = { ...measured, goals: judgeGoals(goalInputs(measured)) };
const dir = join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const stamp = report.when.replace(/[:.]/g, '-');
writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(report, null, 2));
const markdown = renderMarkdown(report);
writeFileSync(join(dir, `${stamp}.md`), markdown);
console.log(markdown);
say(`resultaten: bench/results/${stamp}.json en .md`);
rmSync(bench.home, { recursive: true, force: true });
// Outbox and delivery on a gateway of its own, with its own result file.
await runNotificationBenchAlone(quick);
// The DDAS pull scenario runs on a gateway of its own (340 municipalities) and writes its own result file.
await runDdasBenchAlone(quick);
