import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../helpers/audit.js';
import { httpsRequest } from '../helpers/https-client.js';
import { waitForOutput } from '../helpers/child-output.js';

const root = new URL('../..', import.meta.url).pathname;
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')];
const homes: string[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('POST /v1/beleid/_herladen with HTTP_WORKERS=2', () => {
  it('the listener that is asked has the background process reload and record it once; every listener then serves the new bundle', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vs-herladen-workers-'));
    homes.push(home);
    const policies = join(home, 'beleid');
    cpSync(join(root, 'policies'), policies, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_POLICIES: policies, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', HTTP_WORKERS: '2' };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [...cli, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await waitForOutput(child, /Stoppen: Ctrl\+C/);
      // Every listener process listens on the staff port (the staff API lives there only).
      const staffUrl = `https://127.0.0.1:${/medewerkers.*localhost:(\d+)/.exec(output)![1]}`;
      const redisUrl = /redis-server gestart op (\S+)/.exec(output)![1]!;
      const ca = readFileSync(join(home, 'ca', 'ca.crt'));
      const token = spawnSync(process.execPath, [...cli, 'token', '--rol', 'beheerder', '--gemeente', '0000'], { cwd: root, env, encoding: 'utf8' }).stdout.trim();
      // agent: false in httpsRequest, so each request is a new connection, handed round the listeners.
      const call = (method: string, path: string, base = staffUrl) => httpsRequest(base, path, { method, ca, headers: [['Authorization', `Bearer ${token}`]] });
      // Eight new connections to the staff port, which both listener processes accept on.
      const servedRevisions = async () => new Set(await Promise.all(Array.from({ length: 8 }, async () => (await call('GET', '/v1/beleid')).json.revisie as string)));

      const [before] = [...(await servedRevisions())];
      const file = join(policies, 'signaalpartners.yaml');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.replace(/minimaleDagenAchterstand: \{ waarde: 30,/, 'minimaleDagenAchterstand: { waarde: 20,'));
      const res = await call('POST', '/v1/beleid/_herladen');
      expect(res.status, res.text).toBe(200);
      expect(res.json.vorigeRevisie).toBe(before);
      expect(res.json.revisie).not.toBe(before);
      expect(await servedRevisions()).toEqual(new Set([res.json.revisie]));
      const redis = new Redis(redisUrl);
      try {
        const reloads = (await auditRecords(redis)).filter((e) => e.record.path === 'beleid/herladen');
        expect(reloads.map((e) => e.record.input)).toEqual([{ oude_revisie: before, nieuwe_revisie: res.json.revisie }]);
      } finally {
        redis.disconnect();
      }

      writeFileSync(file, good.replace('toegestaan: { waarde: true', 'toegestaan: { waarde: misschien'));
      const refused = await call('POST', '/v1/beleid/_herladen');
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('beleid-ongeldig');
      expect(refused.json.errors[0].pointer).toMatch(/^\/signaalpartners\.yaml\//);
      expect(await servedRevisions()).toEqual(new Set([res.json.revisie]));
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});
