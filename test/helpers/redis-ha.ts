import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../src/redis/free-port.js';
import { portAnswers } from './redis.js';
import { until } from './until.js';

export { until };

/**
 * Redis as deploy/compose.yaml runs it — a primary, replicas and Sentinels — on loopback, each
 * from the very files deploy/ ships: deploy/redis.conf for every data node, deploy/sentinel.conf
 * for every Sentinel. What must differ on a test machine, and nothing else, is overridden:
 *
 * - the `include` of the password secret: a temporary file instead of /run/secrets/… (the only
 *   line changed in the copies; the secrets hold a fresh random password, as README "Production"
 *   writes them);
 * - port, data directory, `bind 127.0.0.1` and a log file, on the command line (compose: 6379 and
 *   26379 on the container network, /data, the container's interfaces, stdout);
 * - `--replicaof 127.0.0.1 <primary port>` for a replica, as compose passes `--replicaof redis-1 6379`;
 * - Sentinel's `monitor` line names 127.0.0.1:<primary port> instead of redis-1:6379 (same master
 *   name, same quorum);
 * - Sentinel timing, when a test asks for it (`timing`), by `SENTINEL SET` once they run:
 *   deploy/sentinel.conf waits 5 s before it calls a primary down and gives a failover a minute.
 *
 * Every node gets its own copy of the configuration (Sentinel rewrites its copy, as it does the
 * writable copy in its compose volume; a data node's copy is rewritten when Sentinel reconfigures
 * it, where compose's read-only mount refuses — either way the role comes from Sentinel).
 */

export const masterName = 'vroegsignaal';
const root = new URL('../..', import.meta.url).pathname;

export interface HaNode {
  readonly name: string;
  readonly port: number;
  readonly dir: string;
  /** A connected client (with the password); lives through the node's outages. */
  readonly client: Redis;
  /** kill -9, and wait until the port refuses connections. */
  kill9(): Promise<void>;
  /** Start it again with the same command line and data directory (as compose restarts a container). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: a node that hangs without closing its connections. */
  pause(): void;
  resume(): void;
  /** `role` from INFO replication ('master' or 'slave'). */
  role(): Promise<string>;
}

export interface RedisHa {
  password: string;
  /** The data nodes; [0] is the primary at start. */
  nodes: HaNode[];
  sentinels: HaNode[];
  /** REDIS_SENTINELS for the gateway. */
  sentinelList: string;
  /** The gateway's environment for this Redis: REDIS_SENTINELS, REDIS_SENTINEL_NAME, REDIS_PASSWORD. */
  env: Record<string, string>;
  /** The data node the Sentinels name as primary now (asks each running Sentinel; undefined while they disagree). */
  primaryByQuorum(): Promise<HaNode | undefined>;
  cleanup(): Promise<void>;
}

export interface RedisHaOptions {
  replicas: number;
  /** 0: no Sentinels (a primary with replicas, for tests of WAIT alone). */
  sentinels: number;
  /** Sentinel timing for a test that cannot wait deploy/sentinel.conf's 5 s and one minute. */
  timing?: { downAfterMs: number; failoverTimeoutMs: number };
}

const children = new Set<ChildProcess>();

export async function startRedisHa(options: RedisHaOptions): Promise<RedisHa> {
  const tmp = mkdtempSync(join(tmpdir(), 'vs-ha-'));
  const password = randomBytes(24).toString('hex');
  // The secrets README "Production" writes, with the same random password.
  const secrets = join(tmp, 'secrets');
  mkdirSync(secrets, { mode: 0o700 });
  const redisSecret = join(secrets, 'redis-requirepass.conf');
  const sentinelSecret = join(secrets, 'sentinel-auth.conf');
  writeFileSync(redisSecret, `requirepass ${password}\nmasterauth ${password}\n`, { mode: 0o600 });
  writeFileSync(sentinelSecret, `requirepass ${password}\nsentinel auth-pass ${masterName} ${password}\n`, { mode: 0o600 });

  const redisConf = readFileSync(join(root, 'deploy/redis.conf'), 'utf8');
  const sentinelConf = readFileSync(join(root, 'deploy/sentinel.conf'), 'utf8');
  const includeLine = /^include \/run\/secrets\/(redis-requirepass|sentinel-auth)\.conf$/m;
  if (!includeLine.test(redisConf) || !includeLine.test(sentinelConf)) throw new Error('deploy/*.conf: the include of the password secret moved; update test/helpers/redis-ha.ts');
  const monitorLine = new RegExp(`^sentinel monitor ${masterName} redis-1 6379 (\\d+)$`, 'm');
  const quorum = monitorLine.exec(sentinelConf)?.[1];
  if (!quorum) throw new Error('deploy/sentinel.conf: no `sentinel monitor vroegsignaal redis-1 6379 <quorum>` line');

  const nodes: HaNode[] = [];
  for (let i = 0; i < 1 + options.replicas; i++) {
    const name = `redis-${i + 1}`;
    const dir = join(tmp, name);
    mkdirSync(dir);
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, redisConf.replace(includeLine, `include ${redisSecret}`));
    const port = await freePort();
    const args = [conf, '--port', String(port), '--dir', dir, '--bind', '127.0.0.1', '--logfile', join(dir, 'redis.log'),
      ...(i > 0 ? ['--replicaof', '127.0.0.1', String(nodes[0]!.port)] : [])];
    nodes.push(await startNode(name, port, dir, args, password));
  }
  // Every replica online (its initial sync done) before anyone writes.
  await until(async () => (await replicasOnline(nodes[0]!.client)) === options.replicas, `${options.replicas} replica(s) online`);

  const sentinels: HaNode[] = [];
  for (let i = 0; i < options.sentinels; i++) {
    const name = `sentinel-${i + 1}`;
    const dir = join(tmp, name);
    mkdirSync(dir);
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, sentinelConf.replace(includeLine, `include ${sentinelSecret}`).replace(monitorLine, `sentinel monitor ${masterName} 127.0.0.1 ${nodes[0]!.port} $1`));
    const port = await freePort();
    const args = [conf, '--sentinel', '--port', String(port), '--dir', dir, '--bind', '127.0.0.1', '--logfile', join(dir, 'sentinel.log')];
    sentinels.push(await startNode(name, port, dir, args, password));
  }
  for (const sentinel of sentinels) {
    if (options.timing) {
      await sentinel.client.call('SENTINEL', 'SET', masterName, 'down-after-milliseconds', String(options.timing.downAfterMs), 'failover-timeout', String(options.timing.failoverTimeoutMs));
    }
  }
  // A failover needs the Sentinels to know each other (votes) and the replicas (candidates): they
  // find out through the primary within a few seconds.
  for (const sentinel of sentinels) {
    await until(async () => {
      const others = (await sentinel.client.call('SENTINEL', 'SENTINELS', masterName)) as unknown[];
      const replicas = (await sentinel.client.call('SENTINEL', 'REPLICAS', masterName)) as string[][];
      const healthy = replicas.filter((r) => !fields(r).flags!.includes('down'));
      return others.length === options.sentinels - 1 && healthy.length === options.replicas;
    }, `${sentinel.name} to know the other Sentinels and every replica`);
  }

  const sentinelList = sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
  return {
    password,
    nodes,
    sentinels,
    sentinelList,
    env: { REDIS_SENTINELS: sentinelList, REDIS_SENTINEL_NAME: masterName, REDIS_PASSWORD: password },
    async primaryByQuorum() {
      const named = await Promise.all(sentinels.map(async (s) => {
        try {
          const [, port] = (await s.client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)) as [string, string];
          return Number(port);
        } catch {
          return undefined;
        }
      }));
      const answered = named.filter((p): p is number => p !== undefined);
      if (answered.length === 0 || answered.some((p) => p !== answered[0])) return undefined;
      return nodes.find((n) => n.port === answered[0]);
    },
    async cleanup() {
      for (const node of [...sentinels, ...nodes]) {
        node.client.disconnect();
        await node.kill9();
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** afterAll of a failed test: whatever is left runs no longer. */
export function killAllHa(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

/** `SENTINEL REPLICAS` answers flat [name, value, …] lists. */
function fields(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

/** Replicas the primary counts as online (`slaveN:…,state=online,…` in INFO replication). */
export async function replicasOnline(client: Redis): Promise<number> {
  const info = await client.info('replication');
  return [...info.matchAll(/^slave\d+:.*state=online/gm)].length;
}

async function startNode(name: string, port: number, dir: string, args: string[], password: string): Promise<HaNode> {
  let child: ChildProcess;
  const spawnIt = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    children.add(child);
    const started = child;
    await until(async () => {
      if (started.exitCode !== null) throw new Error(`${name} stopped at start (exit ${started.exitCode}); see ${dir}`);
      return portAnswers(port);
    }, `${name} to listen on ${port}`);
  };
  await spawnIt();
  const client = new Redis({ port, host: '127.0.0.1', password, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined);
  // Ready: the data set (AOF) loaded, or the Sentinel answering.
  await until(async () => (await client.ping().catch(() => undefined)) === 'PONG', `${name} to answer PING`);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name, port, dir, client,
    async kill9() {
      if (alive()) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      children.delete(child);
      await until(async () => !(await portAnswers(port)), `${name} to stop answering on ${port}`);
    },
    async restart() {
      await spawnIt();
      await until(async () => (await client.ping().catch(() => undefined)) === 'PONG', `${name} to answer PING again`);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async role() {
      return /^role:(\w+)/m.exec(await client.info('replication'))?.[1] ?? '';
    },
  };
}

