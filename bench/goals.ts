// The goals of issue 14, judged as ratios to floors measured in the same run: this machine varies
// by 15–25 % between runs and by 3× between VMs, so an absolute number says little; the ratio of
// the gateway to an empty handler (or to the bare cryptography) behind the same listener, hit by
// the same generator a minute earlier, says what the gateway itself costs.

/** The scenario names the goals read (run.ts runs them under these names). */
export const scenarioNames = {
  httpFloor: 'http-vloer',
  single: 'los-signaal',
  batch1000: 'batch-1000',
  rated: 'los-signaal-kwart-vloer',
  year: 'landelijk-jaar',
} as const;

/** Single posts for the latency goal are offered at this share of the HTTP floor's requests/s. */
export const ratedShareOfHttpFloor = 0.25;

/** The national year of the full run; a smaller year (the quick run) cannot meet that goal. */
export const nationalYear = 1_000_000;

interface Throughput {
  perSecond: number;
  gatewayCpuMicrosPerSignal: number;
  /** Signals not accepted (anything but 202, or a batch item not 202). */
  errors: number;
}

/** The numbers the goals are judged on; absent: not measured in this run. */
export interface GoalInputs {
  httpFloor?: { perSecond: number; gatewayCpuMicrosPerRequest: number };
  cryptoMicrosPerSignal: number;
  single?: Throughput;
  batch1000?: Throughput;
  rated?: { offeredPerSecond: number; perSecond: number; p99Ms: number; errors: number };
  year?: { signals: number; errors: number; storedCases: number; redisBytesPerCase?: number };
  auditVerify?: { records: number; seconds: number };
}

export interface GoalRow {
  goal: string;
  /** The sum behind the value, in words and numbers: "760 / 2,094 signals/s". */
  measured: string;
  /** The measured ratio (× the floor) or, for absolute goals, the value in `target.unit`; null: not measured. */
  value: number | null;
  target: { op: '≥' | '≤' | '<' | '='; value: number; unit: '×' | 'ms' | 'B' | 'errors' | 's' };
  /** null: not judged in this run (not measured, or the quick run's year is not the national one). */
  met: boolean | null;
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');
/** Small values (the crypto floor, 48.5 µs) keep their decimal. */
const num = (v: number) => (Math.abs(v) < 100 ? String(v) : n(v));
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
const holds = (value: number | null, target: GoalRow['target']): boolean => {
  if (value === null) return false;
  if (target.op === '≥') return value >= target.value;
  if (target.op === '≤') return value <= target.value;
  if (target.op === '<') return value < target.value;
  return value === target.value;
};
const errorNote = (errors: number) => (errors > 0 ? `, ${n(errors)} not accepted` : '');

/** A throughput or CPU goal: measured / floor against a factor; errors in the scenario fail it. */
function ratioRow(goal: string, target: GoalRow['target'], measured?: { value: number; errors: number; unit: string }, floor?: { value: number; unit: string }): GoalRow {
  if (!measured || !floor) return { goal, measured: 'not measured', value: null, target, met: null };
  const value = ratio(measured.value, floor.value);
  return {
    goal, target, value,
    measured: `${num(measured.value)} ${measured.unit} / ${num(floor.value)} ${floor.unit}${errorNote(measured.errors)}`,
    met: measured.errors === 0 && holds(value, target),
  };
}

/** Every goal of issue 14 with what was measured, the target and whether it holds. Pure: numbers in, rows out. */
export function judgeGoals(m: GoalInputs): GoalRow[] {
  const floorRate = m.httpFloor && { value: m.httpFloor.perSecond, unit: 'requests/s (HTTP floor)' };
  const floorCpu = m.httpFloor && { value: m.httpFloor.gatewayCpuMicrosPerRequest, unit: 'µs (HTTP floor, per request)' };
  const crypto = { value: m.cryptoMicrosPerSignal, unit: 'µs (crypto floor)' };
  const rows: GoalRow[] = [
    ratioRow('`_batch` of 1,000: signals/s ≥ 0.75 × the HTTP floor\'s requests/s', { op: '≥', value: 0.75, unit: '×' },
      m.batch1000 && { value: m.batch1000.perSecond, errors: m.batch1000.errors, unit: 'signals/s' }, floorRate),
    ratioRow('single posts: signals/s ≥ 0.35 × the HTTP floor', { op: '≥', value: 0.35, unit: '×' },
      m.single && { value: m.single.perSecond, errors: m.single.errors, unit: 'signals/s' }, floorRate),
    ratioRow('gateway CPU per single signal ≤ 3 × the HTTP floor\'s gateway CPU per request', { op: '≤', value: 3, unit: '×' },
      m.single && { value: m.single.gatewayCpuMicrosPerSignal, errors: m.single.errors, unit: 'µs' }, floorCpu),
    ratioRow('gateway CPU per batched signal (`_batch` of 1,000) ≤ 3 × the crypto floor per signal', { op: '≤', value: 3, unit: '×' },
      m.batch1000 && { value: m.batch1000.gatewayCpuMicrosPerSignal, errors: m.batch1000.errors, unit: 'µs' }, crypto),
  ];

  const latency = { op: '<', value: 50, unit: 'ms' } as const;
  const latencyGoal = `p99 < 50 ms for single posts offered at ${ratedShareOfHttpFloor} × the HTTP floor`;
  rows.push(m.rated && m.httpFloor
    ? {
      goal: latencyGoal, target: latency, value: m.rated.p99Ms,
      measured: `p99 ${m.rated.p99Ms} ms, offered ${n(m.rated.offeredPerSecond)}/s = ${ratedShareOfHttpFloor} × ${n(m.httpFloor.perSecond)}/s, achieved ${n(m.rated.perSecond)}/s${errorNote(m.rated.errors)}`,
      met: m.rated.errors === 0 && holds(m.rated.p99Ms, latency),
    }
    : { goal: latencyGoal, measured: 'not measured', value: null, target: latency, met: null });

  const memory = { op: '≤', value: 2_048, unit: 'B' } as const;
  const memoryGoal = 'Redis memory per stored case after the national year ≤ 2,048 B';
  const bytes = m.year && m.year.storedCases > 0 && m.year.redisBytesPerCase !== undefined ? m.year.redisBytesPerCase : null;
  rows.push({
    goal: memoryGoal, target: memory, value: bytes, met: bytes === null ? null : holds(bytes, memory),
    measured: bytes === null || !m.year ? 'not measured' : `${n(bytes)} B per case, ${n(m.year.storedCases)} cases after a year of ${n(m.year.signals)}`,
  });

  const zero = { op: '=', value: 0, unit: 'errors' } as const;
  const yearGoal = `national year (${n(nationalYear)} signals) with zero errors`;
  rows.push(m.year
    ? {
      goal: yearGoal, target: zero, value: m.year.errors,
      measured: `${n(m.year.errors)} errors in ${n(m.year.signals)}${m.year.signals < nationalYear ? ' (a smaller year: judged by the full run)' : ''}`,
      // Errors in a smaller year already miss the goal; none in a smaller year do not yet meet it.
      met: m.year.errors > 0 ? false : m.year.signals >= nationalYear ? true : null,
    }
    : { goal: yearGoal, measured: 'not measured', value: null, target: zero, met: null });

  const verify = { op: '<', value: 60, unit: 's' } as const;
  const verifyGoal = `\`audit verify\` of the national year (${n(nationalYear)} records) < 60 s`;
  const seconds = m.auditVerify ? Math.round(m.auditVerify.seconds * 10) / 10 : null;
  rows.push(m.auditVerify && seconds !== null
    ? {
      goal: verifyGoal, target: verify, value: seconds,
      measured: `${seconds} s for ${n(m.auditVerify.records)} records`,
      // Too slow on fewer records already misses; fast on fewer records does not yet meet it.
      met: m.auditVerify.records >= nationalYear || !holds(seconds, verify) ? holds(seconds, verify) : null,
    }
    : { goal: verifyGoal, measured: 'not measured (the full run measures it)', value: null, target: verify, met: null });
  return rows;
}
