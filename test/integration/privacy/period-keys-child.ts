/**
 * One of several processes sharing a period-key directory (see period-keys.test.ts): it says
 * "ready", waits for "go" on stdin, then makes and destroys keys as fast as it can and prints
 * what it got as one JSON line. Run with `node --import tsx`.
 */
import { destroyExpiredPeriodKeys, periodKeyFor, PeriodKeyDestroyedError } from '../../../src/privacy/period-keys.js';

const [dir, gemeentecode, nowIso, rounds, ...expiries] = process.argv.slice(2) as [string, string, string, string, ...string[]];
const now = new Date(nowIso);
const got: Record<string, string[]> = {};
const refused: Record<string, number> = {};
const destroyed: string[] = [];

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  for (let round = 0; round < Number(rounds); round++) {
    // Each process walks the weeks from another starting point, so they meet on every file.
    for (let i = 0; i < expiries.length; i++) {
      const expiry = new Date(expiries[(i + round + process.pid) % expiries.length]!);
      try {
        const key = periodKeyFor(dir, gemeentecode, expiry, now);
        const seen = (got[key.id] ??= []);
        const b64 = key.key.toString('base64');
        if (!seen.includes(b64)) seen.push(b64);
      } catch (err) {
        if (!(err instanceof PeriodKeyDestroyedError)) throw err;
        refused[err.keyId] = (refused[err.keyId] ?? 0) + 1;
      }
      destroyed.push(...destroyExpiredPeriodKeys(dir, gemeentecode, now));
    }
  }
  process.stdout.write(`${JSON.stringify({ got, refused, destroyed })}\n`);
  process.exit(0);
});
