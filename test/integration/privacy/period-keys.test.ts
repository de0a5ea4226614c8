import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isoWeek, periodEnd, periodKeyFor, PeriodKeyDestroyedError, readPeriodKey } from '../../../src/privacy/period-keys.js';

const root = new URL('../../../', import.meta.url).pathname;
const child = join(root, 'test/integration/privacy/period-keys-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'vs-perioden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ChildReport { got: Record<string, string[]>; refused: Record<string, number>; destroyed: string[] }

/** Start every process, wait until all are ready, then let them go at once. */
async function runConcurrently(count: number, args: string[]): Promise<ChildReport[]> {
  const procs = Array.from({ length: count }, () => spawn(process.execPath, ['--import', 'tsx', child, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] }));
  const outputs = procs.map((p) => {
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => void (err += d.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (out.startsWith('ready\n') ? resolve() : undefined);
      p.stdout.on('data', check);
      p.once('exit', (code) => reject(new Error(`kind stopte (${code}) voor het klaar was: ${err}`)));
    });
    const done = new Promise<ChildReport>((resolve, reject) => p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n')[1]!) as ChildReport) : reject(new Error(`kind stopte met ${code}: ${err}`)))));
    return { ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const p of procs) p.stdin.end('go\n');
  return Promise.all(outputs.map((o) => o.done));
}

describe('period keys shared by several processes (one file per period)', () => {
  it('every key is present once with the bytes every creator got, or gone for good; an ended week is never made again', async () => {
    const gemeentecode = '0363';
    // Ten weeks from 4 January 2027 (W01 to W10).
    const weeks = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2027, 0, 5 + 7 * i, 12)).toISOString());
    const id = (expiry: string) => `t-${gemeentecode}-${isoWeek(new Date(expiry))}`;
    const [w1, w2, w3, w4] = weeks.map(id) as [string, string, string, string];
    const fresh = weeks.slice(4).map(id);
    // Before: the first four weeks have keys (made on 4 January); a crashed creator left a temporary copy.
    const made = new Map(weeks.slice(0, 4).map((e) => [id(e), periodKeyFor(dir, gemeentecode, new Date(e), new Date('2027-01-04T00:00:00Z')).key.toString('base64')]));
    writeFileSync(join(dir, gemeentecode, '.2027-W01.0123456789ab.tmp'), `${made.get(w1)}\n`, { mode: 0o600 });
    // Now: weeks 1 and 2 have ended, 3 to 10 have not. Six processes make all ten and sweep, together.
    const now = new Date(periodEnd('2027-W02').getTime() + 3_600_000);

    const reports = await runConcurrently(6, [dir, gemeentecode, now.toISOString(), '40', ...weeks]);

    // Ended weeks: destroyed exactly once in all, never handed out, never made again.
    expect(reports.flatMap((r) => r.destroyed).sort()).toEqual([w1, w2]);
    for (const r of reports) {
      expect(r.got[w1]).toBeUndefined();
      expect(r.got[w2]).toBeUndefined();
      expect(r.refused[w1]).toBe(40);
    }
    expect(readPeriodKey(dir, w1)).toBeUndefined();
    expect(() => periodKeyFor(dir, gemeentecode, new Date(weeks[0]!), now)).toThrow(PeriodKeyDestroyedError);
    // Weeks still running: one key each, the very bytes every process got (the earlier ones unchanged).
    for (const week of [w3, w4, ...fresh]) {
      const everyone = new Set(reports.flatMap((r) => r.got[week] ?? []));
      expect(everyone.size, week).toBe(1);
      const [bytes] = everyone;
      if (made.has(week)) expect(bytes).toBe(made.get(week));
      expect(readPeriodKey(dir, week)?.key.toString('base64')).toBe(bytes);
    }
    // On disk: exactly one file per live week, private, no temporary copies, no destroyed bytes anywhere.
    const files = readdirSync(join(dir, gemeentecode)).sort();
    expect(files).toEqual([w3, w4, ...fresh].map((k) => `${k.slice('t-0363-'.length)}.key`));
    for (const f of files) {
      expect(statSync(join(dir, gemeentecode, f)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(dir, gemeentecode, f), 'utf8');
      expect(text).not.toContain(made.get(w1));
      expect(text).not.toContain(made.get(w2));
    }
  });
});
