import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Browser } from '../integration/web/browser.js';
import { auditRecords } from '../helpers/audit.js';
import { waitForOutput } from '../helpers/child-output.js';
import { httpsRequest } from '../helpers/https-client.js';
import { staffListener } from '../helpers/openapi-check.js';

const root = new URL('../..', import.meta.url).pathname;
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')];
const homes: string[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

/** Process ids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).flatMap((e) => {
    try {
      return Number(readFileSync(`/proc/${e}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === pid ? [Number(e)] : [];
    } catch {
      return [];
    }
  });
}

describe('npm start (vroegsignaal start) on a fresh home', () => {
  it('makes development material, serves HTTPS, prints a send command that works, and stops cleanly', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vs-start-'));
    homes.push(home);
    const env: NodeJS.ProcessEnv = { ...process.env, VROEGSIGNAAL_HOME: home, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [...cli, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await waitForOutput(child, /Stoppen: Ctrl\+C/);
      const command = /node bin\/vroegsignaal\.js (send .+)/.exec(output)![1]!.trim().split(/\s+/);
      // Private keys are written for the owner only.
      for (const key of ['ca/ca.key', 'tls/server.key', 'keys/receipt.key', 'partners/huur/client.key', 'partners/huur/signing.key']) {
        expect(statSync(join(home, key)).mode & 0o077, key).toBe(0);
      }
      expect(readdirSync(join(home, 'redis'))).toContain('appendonlydir');
      const send = spawnSync(process.execPath, [...cli, ...command], { cwd: root, env, encoding: 'utf8' });
      expect(send.status, send.stderr + send.stdout).toBe(0);
      expect(send.stdout + send.stderr).toMatch(/202|geaccepteerd/i);
      const again = spawnSync(process.execPath, [...cli, ...command], { cwd: root, env, encoding: 'utf8' });
      expect(again.status).toBe(0);
      expect(again.stdout + again.stderr).toMatch(/200|al ontvangen/i);
      // The staff listener, printed beside the partner one: a worker's token works there, no client certificate.
      const staffUrl = `https://127.0.0.1:${/medewerkers.*https:\/\/localhost:(\d+)/.exec(output)![1]}`;
      // …and the Werkplek on it, with the development IdP's demo accounts to log in with.
      expect(output).toMatch(/Werkplek: https:\/\/localhost:\d+\/ — demo-accounts/);
      expect(output).toMatch(/shv-1696\s+wachtwoord \S+/);
      // It asked itself whether it is ready, as the image's HEALTHCHECK does.
      expect(output).toMatch(/Gezondheid: https:\/\/localhost:\d+\/livez en https:\/\/localhost:\d+\/readyz — nu: gereed/);
      const token = spawnSync(process.execPath, [...cli, 'token', '--rol', 'schuldhulpverlener', '--gemeente', '1696'], { cwd: root, env, encoding: 'utf8' }).stdout.trim();
      const claimed = await httpsRequest(staffUrl, '/v1/zaken/_oppakken', { method: 'POST', ca: readFileSync(join(home, 'ca', 'ca.crt')), headers: [['Authorization', `Bearer ${token}`]] });
      expect(claimed.status, claimed.text).toBe(200);
      expect(claimed.json.status).toBe('opgepakt');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);

  it('with HTTP_WORKERS=2: listeners share the port, SIGHUP reloads once without stopping, SIGTERM stops them all', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vs-start-'));
    homes.push(home);
    const env: NodeJS.ProcessEnv = { ...process.env, VROEGSIGNAAL_HOME: home, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', HTTP_WORKERS: '2' };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [...cli, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let port = 0;
    let staffPort = 0;
    try {
      const output = await waitForOutput(child, /Stoppen: Ctrl\+C/);
      expect(output).toMatch(/2 HTTPS-processen/);
      port = Number(/localhost:(\d+)/.exec(output)![1]);
      staffPort = Number(/medewerkers.*https:\/\/localhost:(\d+)/.exec(output)![1]);
      expect(staffPort).not.toBe(port);
      // Both listener processes listen on the staff port as well: it answers, the intake is not there.
      const ca = readFileSync(join(home, 'ca', 'ca.crt'));
      staffListener(`https://127.0.0.1:${staffPort}`);
      for (let i = 0; i < 4; i++) {
        expect((await httpsRequest(`https://127.0.0.1:${staffPort}`, '/v1/sleutels', { ca })).status).toBe(200);
        expect((await httpsRequest(`https://127.0.0.1:${staffPort}`, '/v1/vroegsignalen/_batch', { method: 'POST', ca })).status).toBe(404);
      }
      // The development IdP keeps logins in Redis: each step may reach the other process (a new
      // connection per request), and every login still ends on the start page.
      for (let i = 0; i < 4; i++) {
        const browser = new Browser(`https://localhost:${staffPort}`, ca.toString());
        const toLogin = await browser.follow('GET', '/inloggen');
        const afterLogin = await browser.follow('POST', toLogin[toLogin.length - 1]!.url, { account: 'fg' });
        const landed = afterLogin[afterLogin.length - 1]!;
        expect(landed.url.pathname, landed.text).toBe('/');
        expect(landed.status).toBe(200);
        expect(landed.text).toContain('Welkom');
      }
      const redisUrl = /redis-server gestart op (\S+)/.exec(output)![1]!;
      const command = /node bin\/vroegsignaal\.js (send .+)/.exec(output)![1]!.trim().split(/\s+/);
      const send = () => spawnSync(process.execPath, [...cli, ...command], { cwd: root, env, encoding: 'utf8' });
      expect(send().stdout).toMatch(/Geaccepteerd \(202\):\s+1/);
      const reloaded = waitForOutput(child, /beleid herladen/);
      child.kill('SIGHUP');
      await reloaded;
      expect(send().stdout).toMatch(/Al ontvangen \(200\):\s+1/);
      const redis = new Redis(redisUrl);
      const reloads = (await auditRecords(redis)).filter((e) => e.record.path === 'beleid/herladen');
      redis.disconnect();
      expect(reloads).toHaveLength(1);
      // A listener killed outright is replaced, and the gateway keeps serving.
      const listeners = childrenOf(child.pid!).filter((pid) => /src\/cli\/main\.ts/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')));
      expect(listeners).toHaveLength(2);
      process.kill(listeners[0]!, 'SIGKILL');
      await waitForOutput(child, /HTTPS-proces gestopt; een nieuw wordt gestart/);
      expect(send().stdout).toMatch(/Al ontvangen \(200\):\s+1/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    // The listeners went with it: nothing accepts on the port any more.
    for (const closed of [port, staffPort]) {
      const refused = await new Promise<string>((resolve) => connect(closed, '127.0.0.1').once('connect', () => resolve('connected')).once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error')));
      expect(refused, String(closed)).toBe('ECONNREFUSED');
    }
  }, 90_000);

  it('refuses to start on a broken policy bundle, naming the file and the path inside it', () => {
    const home = mkdtempSync(join(tmpdir(), 'vs-start-'));
    homes.push(home);
    const policies = join(home, 'beleid');
    cpSync(join(root, 'policies'), policies, { recursive: true });
    const file = join(policies, 'gemeenten.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('aanbodtermijnWerkdagen: 10', 'aanbodtermijnWerkdagen: tien'));
    const env: NodeJS.ProcessEnv = { ...process.env, VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_POLICIES: policies, PORT: '0' };
    const res = spawnSync(process.execPath, [...cli, 'start'], { cwd: root, env, encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/gemeenten\.yaml: gemeenten\.0\.aanbodtermijnWerkdagen: /);
  }, 60_000);

  it('exits non-zero with one line on how to install redis-server when it is missing', () => {
    const home = mkdtempSync(join(tmpdir(), 'vs-start-'));
    homes.push(home);
    const emptyBin = mkdtempSync(join(tmpdir(), 'vs-path-'));
    homes.push(emptyBin);
    const env: NodeJS.ProcessEnv = { ...process.env, VROEGSIGNAAL_HOME: home, PORT: '0', PATH: emptyBin };
    delete env.REDIS_URL;
    const res = spawnSync(process.execPath, [...cli, 'start'], { cwd: root, env, encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/redis-server.*apt-get install redis-server/);
  }, 60_000);
});
