import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForOutput } from '../helpers/child-output.js';
import { httpsRequest, loadCredentials, postSigned } from '../helpers/https-client.js';
import { parseMetrics, valueOf } from '../helpers/prometheus.js';
import { exampleSignal } from './fixtures.js';

const root = new URL('../..', import.meta.url).pathname;
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')];
const homes: string[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

function plainGet(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    }).on('error', reject).end();
  });
}

describe('metrics with HTTP_WORKERS=2', () => {
  it('every scrape, whichever listener it reaches, and METRICS_PORT count each intake and each case once', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vs-metrics-workers-'));
    homes.push(home);
    const env: NodeJS.ProcessEnv = { ...process.env, VROEGSIGNAAL_HOME: home, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', HTTP_WORKERS: '2', METRICS_PORT: '0' };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [...cli, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await waitForOutput(child, /Stoppen: Ctrl\+C/);
      const url = `https://127.0.0.1:${/draait op https:\/\/localhost:(\d+)/.exec(output)![1]}`;
      const staffUrl = `https://127.0.0.1:${/medewerkers.*https:\/\/localhost:(\d+)/.exec(output)![1]}`;
      const metricsUrl = /en (http:\/\/127\.0\.0\.1:\d+)\/metrics \(zonder token/.exec(output)![1]!;
      const huur = loadCredentials(join(home, 'partners', 'huur'));
      // A new connection per request (httpsRequest: agent false): the listeners take turns.
      for (let i = 0; i < 6; i++) expect((await postSigned(url, '/v1/vroegsignalen', huur, exampleSignal(), { now: new Date() })).status).toBe(202);

      const token = spawnSync(process.execPath, [...cli, 'token', '--rol', 'beheerder', '--gemeente', '0000'], { cwd: root, env, encoding: 'utf8' }).stdout.trim();
      const texts: string[] = [];
      for (let i = 0; i < 4; i++) {
        const answer = await httpsRequest(staffUrl, '/metrics', { ca: huur.ca, headers: [['Authorization', `Bearer ${token}`]] });
        expect(answer.status, answer.text).toBe(200);
        texts.push(answer.text);
      }
      const loopback = await plainGet(`${metricsUrl}/metrics`);
      expect(loopback.status).toBe(200);
      texts.push(loopback.text);
      for (const text of texts) {
        const samples = parseMetrics(text);
        expect(valueOf(samples, 'vroegsignaal_intake_outcomes_total', { partner_type: 'Huur', status: '202' })).toBe(6);
        expect(valueOf(samples, 'vroegsignaal_http_request_duration_seconds_count', { listener: 'partner', method: 'POST', route: '/v1/vroegsignalen', status_class: '2xx' })).toBe(6);
        // Read from Redis by the first process only: not once per process.
        expect(valueOf(samples, 'vroegsignaal_cases_open', { gemeentecode: '1696' })).toBe(6);
        expect(valueOf(samples, 'vroegsignaal_metrics_redis_up')).toBe(1);
      }
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});
