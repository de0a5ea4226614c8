import { issueCrl } from '../src/pki/crl-issue.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { ensureCheckpointKey } from '../src/audit/checkpoint-key.js';
import { devIssuer, devIssuerPaths, ensureDevIssuer } from '../src/auth/dev-issuer.js';
import { loadConfig } from '../src/config/config.js';
import { demoPartners, ensureDevMaterial } from '../src/config/dev-material.js';
import { addPartner } from '../src/partners/add.js';
import { loadPolicyBundle } from '../src/policy/load.js';
import { ensureMunicipalKeys } from '../src/privacy/keystore.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../src/redis/embedded.js';

export const root = new URL('..', import.meta.url).pathname;

export interface BenchPartner {
  dir: string;
  oin: string;
  type: 'Huur' | 'Energie';
}

export interface BenchHome {
  home: string;
  partners: BenchPartner[];
  gemeentecodes: string[];
}

/** A home with development material, municipal keys, a token issuer and `count` partners of its own. */
export async function prepareHome(count: number): Promise<BenchHome> {
  const home = mkdtempSync(join(tmpdir(), 'vs-bench-'));
  const config = loadConfig({ VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_MODE: 'development', VROEGSIGNAAL_POLICIES: join(root, 'policies') });
  await ensureDevMaterial(config);
  const { bundle } = loadPolicyBundle(config.policiesDir);
  const gemeentecodes = bundle.gemeenten.map((g) => g.gemeentecode);
  ensureMunicipalKeys(config.municipalKeysDir, gemeentecodes);
  await ensureDevIssuer(home);
  ensureCheckpointKey(config.audit.checkpointKeyPath);
  const partners: BenchPartner[] = demoPartners.map((p) => ({ dir: join(home, 'partners', p.dir), oin: p.oin, type: p.type }));
  const ca = { caCertPem: readFileSync(config.home.caCert, 'utf8'), caKeyPem: readFileSync(config.home.caKey, 'utf8') };
  for (let i = partners.length; i < count; i++) {
    const type = i % 2 === 0 ? 'Huur' : 'Energie';
    const oin = `000000990000000${String(3000 + i).padStart(5, '0')}`;
    const dir = join(home, 'partners', `bench-${i}`);
    addPartner({ ...ca, registryPath: config.partnerRegistry, oin, naam: `Benchpartner ${i}`, type, outDir: dir });
    partners.push({ dir, oin, type });
  }
  return { home, partners, gemeentecodes };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningBenchGateway {
  url: string;
  /** The staff listener: the staff API (claims) with bearer tokens. */
  staffUrl: string;
  pid: number;
  redisPid: number;
  redis: EmbeddedRedis;
  stop(): Promise<void>;
}

/**
 * The gateway as production runs it: the built CLI in its own process, production mode (no
 * generated material, tokens only from the configured issuer), its own redis-server with AOF
 * `appendfsync always`, logs to a file.
 */
/** An empty CRL of the bench's development CA, valid for a day. */
function benchCrl(home: string): string {
  const file = join(home, 'ca', 'ca.crl');
  writeFileSync(file, issueCrl({
    caCertPem: readFileSync(join(home, 'ca', 'ca.crt'), 'utf8'), caKeyPem: readFileSync(join(home, 'ca', 'ca.key'), 'utf8'),
    revoked: [], thisUpdate: new Date(Date.now() - 60_000), nextUpdate: new Date(Date.now() + 86_400_000),
  }));
  return file;
}

export async function startBenchGateway(bench: BenchHome, env: Record<string, string> = {}): Promise<RunningBenchGateway> {
  const redis = await startEmbeddedRedis({ dir: join(bench.home, 'redis'), durable: true });
  const port = await freePort();
  const staffPort = await freePort();
  mkdirSync(join(bench.home, 'logs'), { recursive: true });
  const log = openSync(join(bench.home, 'logs', 'gateway.log'), 'a');
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(root, 'bin/vroegsignaal.js'), 'start'], {
    cwd: root,
    env: {
      ...process.env, VROEGSIGNAAL_HOME: bench.home, VROEGSIGNAAL_MODE: 'production', VROEGSIGNAAL_POLICIES: join(root, 'policies'),
      // Free ports: 8443 and 8444 may be taken. Workers claim on the staff listener.
      REDIS_URL: redis.url, PORT: String(port), STAFF_PORT: String(staffPort), HOST: '127.0.0.1', OIDC_ISSUER: devIssuer, OIDC_JWKS_FILE: devIssuerPaths(bench.home).jwks,
      // Production mode wants the Werkplek's client; the benchmark never logs in through a browser.
      OIDC_CLIENT_ID: 'bench', OIDC_CLIENT_SECRET: 'bench', WERKPLEK_URL: `https://localhost:${staffPort}`, GATEWAY_OIN: '00000099000000000001',
      // Production checks DDAS consumers' chains for revocation: the development CA's own (empty) CRL.
      DDAS_CRL_FILES: benchCrl(bench.home),
      RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'info', NODE_ENV: 'production',
      // One HTTPS listener: on these two vCPUs a second one lowered throughput (BENCH_HTTP_WORKERS=2 to compare).
      HTTP_WORKERS: process.env.BENCH_HTTP_WORKERS ?? '1', ...env,
    },
    stdio: ['ignore', log, log],
  });
  const url = `https://127.0.0.1:${port}`;
  const ca = readFileSync(join(bench.home, 'ca', 'ca.crt'));
  const agent = new Agent({ connect: { ca, servername: 'localhost' } });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`gateway stopte (exit ${child.exitCode}); zie ${join(bench.home, 'logs', 'gateway.log')}`);
    try {
      const res = await request(`${url}/v1/sleutels`, { dispatcher: agent });
      await res.body.dump();
      if (res.statusCode === 200) break;
    } catch {
      /* not listening yet */
    }
    if (i > 600) throw new Error('gateway kwam niet op binnen 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  await agent.close();
  return {
    url, staffUrl: `https://127.0.0.1:${staffPort}`, pid: child.pid!, redis, redisPid: Number(readFileSync(join(bench.home, 'redis', 'embedded.pid'), 'utf8')),
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await redis.stop();
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number, parent?: number): number {
  const fields = readFileSync(parent ? `/proc/${parent}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident and peak resident memory of a process and its children (HTTPS listeners), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  let rss = 0;
  let peak = 0;
  for (const p of processTree(pid)) {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    rss += kb('VmRSS');
    peak += kb('VmHWM');
  }
  return { rss: Math.round(rss / 1024), peak: Math.round(peak / 1024) };
}

/** A process and its living descendants (the gateway with HTTP_WORKERS forks its listeners). */
export function processTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parentOf.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree;
}

/** CPU seconds of a process and its living descendants. */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + cpuSeconds(p), 0);
}
