import type { CryptoFloor } from './floor.js';
import type { LoadResult, Scenario } from './load.js';

export interface ScenarioReport extends Omit<LoadResult, 'acknowledged'> {
  name: string;
  scenario: Scenario;
  perSecond: number;
  gatewayCpuMicrosPerSignal: number;
  redisCpuMicrosPerSignal: number;
  generatorCpuMicrosPerSignal: number;
  gatewayRssMb: { rss: number; peak: number };
  storedCases?: number;
  /** Acknowledged (202) signals not found in the store afterwards: must be 0. */
  lost?: number;
  redisBytesPerCase?: number;
}

export interface BenchReport {
  when: string;
  machine: { cores: number; cpu: string; memoryGb: number; node: string };
  quick: boolean;
  floor: CryptoFloor & { pipelinedSetPerSecond: number };
  scenarios: ScenarioReport[];
  /** Redis CPU by command over the whole run (INFO commandstats), the largest first. */
  redisCommands: Record<string, { calls: number; usec: number }>;
  auditVerify?: { records: number; seconds: number; peakRssMb: number };
}

const n = (v: number) => v.toLocaleString('en-US');

/** The goals of issue 7, each with what was measured and whether it holds. */
export function goals(r: BenchReport): Array<{ goal: string; measured: string; met: boolean }> {
  const by = (name: string) => r.scenarios.find((s) => s.name === name);
  const single = by('los-signaal');
  const rated = by('los-signaal-1000-per-s');
  const batch = [by('batch-100'), by('batch-1000')].filter((s): s is ScenarioReport => Boolean(s));
  const year = by('landelijk-jaar');
  const over = by('overbelasting-3x');
  const bestBatch = Math.max(0, ...batch.filter((s) => s.accepted === s.signals).map((s) => s.perSecond));
  const cpu = single?.gatewayCpuMicrosPerSignal ?? 0;
  const errors = (s?: ScenarioReport) => (s ? s.signals - s.accepted : NaN);
  return [
    { goal: 'single-signal intake ≥ 2,500 signals/s', measured: `${n(single?.perSecond ?? 0)}/s`, met: single?.accepted === single?.signals && (single?.perSecond ?? 0) >= 2_500 },
    { goal: 'batch intake ≥ 5,000 signals/s', measured: `${n(bestBatch)}/s`, met: bestBatch >= 5_000 },
    { goal: 'p99 < 50 ms at 1,000 signals/s', measured: `${rated?.latencyMs.p99 ?? '?'} ms (achieved ${n(rated?.perSecond ?? 0)}/s)`, met: (rated?.latencyMs.p99 ?? Infinity) < 50 },
    { goal: 'gateway CPU per signal ≤ 3× crypto floor', measured: `${cpu} µs = ${(cpu / r.floor.microsecondsPerSignal).toFixed(1)}× ${r.floor.microsecondsPerSignal} µs`, met: cpu <= 3 * r.floor.microsecondsPerSignal },
    { goal: '≤ 2 KB Redis memory per stored case', measured: year?.redisBytesPerCase !== undefined ? `${n(year.redisBytesPerCase)} B` : 'n/a', met: (year?.storedCases ?? 0) > 0 && (year?.redisBytesPerCase ?? Infinity) <= 2_048 },
    { goal: 'at 3× the sustainable rate: stays up, answers, loses nothing acknowledged', measured: over ? `${JSON.stringify(over.statuses)}, ${over.lost} lost` : 'n/a', met: Boolean(over) && over!.lost === 0 && Object.keys(over!.statuses).every((code) => ['202', '429', '503'].includes(code)) },
    { goal: 'national year without a single error', measured: year ? `${n(year.accepted)} of ${n(year.signals)} accepted, ${errors(year)} errors` : 'n/a', met: errors(year) === 0 },
  ];
}

/** The empty-endpoint run (bench/http-floor.ts): what HTTPS + Fastify + the generator allow at best. */
function httpFloorRow(r: BenchReport): string[] {
  const f = r.scenarios.find((s) => s.name === 'http-vloer');
  return f ? [`| HTTPS POST to an empty Fastify handler, same generator and mTLS (server ${f.gatewayCpuMicrosPerSignal} µs + generator ${f.generatorCpuMicrosPerSignal} µs CPU per request) | ${n(f.perSecond)} |`] : [];
}

export function renderMarkdown(r: BenchReport): string {
  const lines = [
    `# vroegsignaal bench — ${r.when}${r.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB, Node ${r.machine.node}; load generator on the same machine.`,
    '',
    '## Floor (one core, node:crypto; redis-server with AOF always)',
    '',
    '| operation | per second |',
    '|---|---|',
    `| PS256 verify | ${n(r.floor.ps256VerifyPerSecond)} |`,
    `| HMAC-SHA-256 | ${n(r.floor.hmacSha256PerSecond)} |`,
    `| AES-256-GCM (300 B) | ${n(r.floor.aes256GcmPerSecond)} |`,
    `| Redis pipelined SET | ${n(r.floor.pipelinedSetPerSecond)} |`,
    `| crypto per signal (1 verify + 2 HMAC + 2 AES) | ${r.floor.microsecondsPerSignal} µs |`,
    ...httpFloorRow(r),
    '',
    '## Scenarios',
    '',
    '| scenario | signals | accepted | signals/s | p50 ms | p95 ms | p99 ms | gateway CPU µs/signal | Redis CPU µs/signal | generator CPU µs/signal | gateway RSS MB (peak) | Redis B/case | statuses |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.scenarios.map((s) => `| ${s.name} | ${n(s.signals)} | ${n(s.accepted)} | ${n(s.perSecond)} | ${s.latencyMs.p50} | ${s.latencyMs.p95} | ${s.latencyMs.p99} | ${s.gatewayCpuMicrosPerSignal} | ${s.redisCpuMicrosPerSignal} | ${s.generatorCpuMicrosPerSignal} | ${s.gatewayRssMb.rss} (${s.gatewayRssMb.peak}) | ${s.redisBytesPerCase ?? ''} | ${Object.entries(s.statuses).map(([k, v]) => `${k}×${v}`).join(' ')} |`),
    '',
    '## Goals',
    '',
    '| goal | measured | met |',
    '|---|---|---|',
    ...goals(r).map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : '**no**'} |`),
  ];
  lines.push('', '## Redis CPU by command', '', '| command | calls | µs per call | share of Redis CPU |', '|---|---|---|---|');
  const total = Object.values(r.redisCommands).reduce((a, c) => a + c.usec, 0) || 1;
  for (const [name, c] of Object.entries(r.redisCommands)) lines.push(`| ${name} | ${n(c.calls)} | ${(c.usec / Math.max(1, c.calls)).toFixed(1)} | ${((100 * c.usec) / total).toFixed(0)} % |`);
  if (r.auditVerify) {
    lines.push('', `audit verify: ${n(r.auditVerify.records)} records in ${r.auditVerify.seconds.toFixed(1)} s, peak RSS ${r.auditVerify.peakRssMb} MB`);
  }
  return lines.join('\n') + '\n';
}
