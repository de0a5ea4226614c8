import type { CryptoFloor } from './floor.js';
import { ratedShareOfHttpFloor, scenarioNames, type GoalInputs, type GoalRow } from './goals.js';
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
  /** The goals of issue 14 judged on this run (bench/goals.ts). */
  goals: GoalRow[];
}

const n = (v: number) => v.toLocaleString('en-US');

/** The numbers the goals are judged on, read from the run's scenarios and floors. */
export function goalInputs(r: Omit<BenchReport, 'goals'>): GoalInputs {
  const by = (name: string) => r.scenarios.find((s) => s.name === name);
  const errors = (s: ScenarioReport) => s.signals - s.accepted;
  const throughput = (s?: ScenarioReport) => s && { perSecond: s.perSecond, gatewayCpuMicrosPerSignal: s.gatewayCpuMicrosPerSignal, errors: errors(s) };
  const floor = by(scenarioNames.httpFloor);
  const rated = by(scenarioNames.rated);
  const year = by(scenarioNames.year);
  return {
    cryptoMicrosPerSignal: r.floor.microsecondsPerSignal,
    ...(floor ? { httpFloor: { perSecond: floor.perSecond, gatewayCpuMicrosPerRequest: floor.gatewayCpuMicrosPerSignal } } : {}),
    ...(by(scenarioNames.single) ? { single: throughput(by(scenarioNames.single)) } : {}),
    ...(by(scenarioNames.batch1000) ? { batch1000: throughput(by(scenarioNames.batch1000)) } : {}),
    ...(rated && rated.scenario.kind === 'single' && rated.scenario.ratePerSecond
      ? { rated: { offeredPerSecond: rated.scenario.ratePerSecond, perSecond: rated.perSecond, p99Ms: rated.latencyMs.p99, errors: errors(rated) } }
      : {}),
    ...(year ? { year: { signals: year.signals, errors: errors(year), storedCases: year.storedCases ?? 0, ...(year.redisBytesPerCase !== undefined ? { redisBytesPerCase: year.redisBytesPerCase } : {}) } } : {}),
    ...(r.auditVerify ? { auditVerify: r.auditVerify } : {}),
  };
}

const target = (g: GoalRow) => `${g.target.op} ${g.target.value.toLocaleString('en-US')}${g.target.unit === '×' ? '×' : ` ${g.target.unit}`}`;
const value = (g: GoalRow) => (g.value === null ? '–' : `${g.value.toLocaleString('en-US')}${g.target.unit === '×' ? '×' : ` ${g.target.unit}`}`);
const met = (g: GoalRow) => (g.met === null ? 'not judged' : g.met ? 'yes' : '**no**');

/** At three times the sustained rate: shed (503/429), never fall over, lose nothing acknowledged. A guarantee, not a ratio. */
function overloadLine(r: BenchReport): string[] {
  const over = r.scenarios.find((s) => s.name === 'overbelasting-3x');
  if (!over) return [];
  const answered = Object.keys(over.statuses).every((code) => ['202', '429', '503'].includes(code));
  return ['', `Overload (offered at 3× the sustained rate): statuses ${Object.entries(over.statuses).map(([k, v]) => `${k}×${v}`).join(' ')}, ${over.lost ?? '?'} acknowledged signals lost — ${answered && over.lost === 0 ? 'holds' : '**broken**'}.`];
}

/** The empty-endpoint run (bench/http-floor.ts): what HTTPS + Fastify + the generator allow at best. */
function httpFloorRow(r: BenchReport): string[] {
  const f = r.scenarios.find((s) => s.name === 'http-vloer');
  return f ? [`| HTTPS POST to an empty Fastify handler, same generator and mTLS (server ${f.gatewayCpuMicrosPerSignal} µs + generator ${f.generatorCpuMicrosPerSignal} µs CPU per request) | ${n(f.perSecond)} |`] : [];
}

/** Open-loop scenarios show the rate they were offered at; the rated one says where it came from. */
function offered(s: ScenarioReport): string {
  if (s.scenario.kind !== 'single' || !s.scenario.ratePerSecond) return '';
  const share = s.name === scenarioNames.rated ? ` = ${ratedShareOfHttpFloor} × HTTP floor` : '';
  return ` (offered ${n(s.scenario.ratePerSecond)}/s${share})`;
}

export function renderMarkdown(r: BenchReport): string {
  const lines = [
    `# vroegsignaal bench — ${r.when}${r.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB, Node ${r.machine.node}; load generator on the same machine.`,
    '',
    '## Floor (one core, node:crypto per CPU second; redis-server with AOF always)',
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
    ...r.scenarios.map((s) => `| ${s.name}${offered(s)} | ${n(s.signals)} | ${n(s.accepted)} | ${n(s.perSecond)} | ${s.latencyMs.p50} | ${s.latencyMs.p95} | ${s.latencyMs.p99} | ${s.gatewayCpuMicrosPerSignal} | ${s.redisCpuMicrosPerSignal} | ${s.generatorCpuMicrosPerSignal} | ${s.gatewayRssMb.rss} (${s.gatewayRssMb.peak}) | ${s.redisBytesPerCase ?? ''} | ${Object.entries(s.statuses).map(([k, v]) => `${k}×${v}`).join(' ')} |`),
    '',
    '## Goals (issue 14: ratios to the floors of this run)',
    '',
    '| goal | measured | ratio or value | target | met |',
    '|---|---|---|---|---|',
    ...r.goals.map((g) => `| ${g.goal} | ${g.measured} | ${value(g)} | ${target(g)} | ${met(g)} |`),
    ...overloadLine(r),
  ];
  lines.push('', '## Redis CPU by command', '', '| command | calls | µs per call | share of Redis CPU |', '|---|---|---|---|');
  const total = Object.values(r.redisCommands).reduce((a, c) => a + c.usec, 0) || 1;
  for (const [name, c] of Object.entries(r.redisCommands)) lines.push(`| ${name} | ${n(c.calls)} | ${(c.usec / Math.max(1, c.calls)).toFixed(1)} | ${((100 * c.usec) / total).toFixed(0)} % |`);
  if (r.auditVerify) {
    lines.push('', `audit verify: ${n(r.auditVerify.records)} records in ${r.auditVerify.seconds.toFixed(1)} s, peak RSS ${r.auditVerify.peakRssMb} MB`);
  }
  return lines.join('\n') + '\n';
}
