import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export class RedisServerMissingError extends Error {
  override name = 'RedisServerMissingError';
  constructor() {
    super(
      'redis-server (Redis 7) staat niet op PATH. Installeer het, bijvoorbeeld met ' +
        '`sudo apt-get install redis-server` (Debian/Ubuntu) of `brew install redis` (macOS), ' +
        'of zet REDIS_URL naar een bestaande Redis.',
    );
  }
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  dir: string;
  /** Durable by default: a 202 must mean the signal survives a crash. Tests may trade that for speed. */
  durable?: boolean;
  port?: number;
}

/**
 * Listpack encoding up to sizes our cases, signals, jobs and audit buckets stay under: a case
 * hash in a listpack takes about a third of its hashtable form. Reads scan at most a few
 * hundred entries. Also in deploy/redis.conf for an external Redis.
 */
export const memoryTuning = [
  '--hash-max-listpack-entries', '256',
  '--hash-max-listpack-value', '2048',
  '--zset-max-listpack-entries', '256',
];

export function redisServerAvailable(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/**
 * Start a private redis-server bound to loopback on a free port. AOF with `appendfsync always`
 * and `noeviction` because Redis is the system of record here: evicting or losing a write
 * would silently drop a resident's signal.
 */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  if (!redisServerAvailable()) throw new RedisServerMissingError();
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  killStale(options.dir);
  const durable = options.durable ?? true;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = options.port ?? (await freePort());
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--protected-mode', 'yes',
      '--dir', options.dir,
      '--maxmemory-policy', 'noeviction',
      '--save', '',
      '--appendonly', durable ? 'yes' : 'no',
      '--appendfsync', 'always',
      // Compact encodings for the small hashes and sets that make up a case (see deploy/redis.conf).
      ...memoryTuning,
      '--daemonize', 'no',
      '--logfile', 'redis.log',
      '--pidfile', '',
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore', detached: false });
    try {
      await waitForReady(port, child);
      writeFileSync(pidFile(options.dir), String(child.pid));
      // CLI tools (audit export) find the running private Redis here.
      writeFileSync(urlFile(options.dir), `redis://127.0.0.1:${port}\n`);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        dir: options.dir,
        stop: () => stopChild(child, options.dir),
      };
    } catch (err) {
      lastError = err;
      child.kill('SIGKILL');
      if (options.port) break;
    }
  }
  throw new Error(`redis-server kon niet starten (zie ${join(options.dir, 'redis.log')}): ${String(lastError)}`);
}

export function urlFile(dir: string): string {
  return join(dir, 'embedded.url');
}

function pidFile(dir: string): string {
  return join(dir, 'embedded.pid');
}

/** A previous run that was killed with SIGKILL leaves its redis-server behind; reclaim the dir. */
function killStale(dir: string): void {
  const file = pidFile(dir);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8'));
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  rmSync(file, { force: true });
}

async function waitForReady(port: number, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error('redis-server stopte direct');
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      // AOF loading answers LOADING errors; PING succeeds only when the dataset is ready.
      if ((await client.ping()) === 'PONG') return;
    } catch {
      /* not yet */
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('redis-server werd niet gereed binnen 10 s');
}

function stopChild(child: ChildProcess, dir: string): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      rmSync(pidFile(dir), { force: true });
      rmSync(urlFile(dir), { force: true });
      return resolve();
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      rmSync(pidFile(dir), { force: true });
      rmSync(urlFile(dir), { force: true });
      resolve();
    });
    child.kill('SIGTERM');
  });
}
