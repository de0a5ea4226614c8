import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { loadCheckpointSigner } from '../../src/audit/checkpoint-key.js';
import { exportAuditLog } from '../../src/audit/export.js';
import { auditLogKeys, caseKeys, intakeKeys, outreachKeys } from '../../src/redis/keys.js';
import { verifierKeyString } from '../../src/audit/note.js';
import { verifyExport, type VerifyReport } from '../../src/audit/verify.js';
import { exampleSignal } from '../e2e/fixtures.js';
import { digestOf, loadCredentials, payloadSignature, type PartnerCredentials } from '../helpers/https-client.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import type { Receipt } from '../../src/intake/receipt.js';
import { readContent } from '../../src/audit/content.js';
import { until } from '../helpers/until.js';

/**
 * Fault tests run short in `npm test` and long with `npm run test:chaos` (CHAOS=1): more
 * signals, more concurrency, more kill/restart cycles.
 */
export const chaos = process.env.CHAOS === '1';
export const pick = <T>(short: T, full: T): T => (chaos ? full : short);

export const root = new URL('../..', import.meta.url).pathname;
export const origin = 'localhost/vroegsignaal';

export { until };

const temps: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

// ---------------------------------------------------------------------------------------------
// The gateway as a child process: the real CLI (`vroegsignaal start`) against an external Redis.

export interface GatewayProcess {
  url: string;
  /** The staff listener (staff API, Werkplek). */
  staffUrl: string;
  /** Everything it wrote (stdout and stderr), for failure messages. */
  output(): string;
  alive(): boolean;
  /** Send a signal (SIGHUP: reload the policy). */
  signal(name: NodeJS.Signals): void;
  /** kill -9 and wait until the OS has reaped it. */
  kill9(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** `redisUrl`, or the Redis target in `env` (REDIS_SENTINELS …). */
export async function spawnGateway(options: { home: string; redisUrl?: string; env?: Record<string, string> }): Promise<GatewayProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VROEGSIGNAAL_HOME: options.home,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // One partner sends all the load here; the per-partner limit (600/min) is not under test.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let text = '';
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    if (text.length > 200_000) text = text.slice(-100_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await until(() => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`gateway exited (${child.exitCode ?? child.signalCode}) before listening:\n${text}`);
    return /vroegsignaal draait op https:\/\/localhost:(\d+)/.exec(text)?.[1];
  }, 'the gateway child to listen', 60_000);
  const staffPort = /medewerkers.*https:\/\/localhost:(\d+)/.exec(text)?.[1];
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `https://127.0.0.1:${port}`,
    staffUrl: `https://127.0.0.1:${staffPort}`,
    output: () => text,
    alive,
    signal: (name) => void child.kill(name),
    async kill9() {
      if (alive()) child.kill('SIGKILL');
      await exited;
      children.delete(child);
    },
  };
}

/** afterAll: whatever a failed test left running goes (kill -9), and the temporary directories. */
export function cleanupAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** What every fault test starts from: a durable redis-server (as `start` runs its own), a client, a home. */
export interface Rig {
  redisServer: TestRedis;
  redis: Redis;
  home: string;
}

export async function startRig(): Promise<Rig> {
  const redisServer = await startTestRedis({ durable: true });
  const redis = new Redis(redisServer.url);
  redis.on('error', () => undefined); // this client lives through Redis outages too
  return { redisServer, redis, home: tempDir('vs-home-') };
}

/** afterAll: the rig's client and server, and whatever a failed test left running. */
export async function stopRig(rig: Rig | undefined): Promise<void> {
  rig?.redis.disconnect();
  cleanupAll();
  await rig?.redisServer.cleanup();
}

/** The load every fault test drives: the demo landlord's singles and batches, lighter in the short form. */
export function landlordLoad(home: string, target: LoadOptions['target']): LoadGenerator {
  return new LoadGenerator({
    target, creds: loadCredentials(join(home, 'partners', 'huur')),
    concurrency: pick(4, 8), batchEvery: 4, batchSize: pick(5, 20), pauseMs: pick(50, 0),
  });
}

// ---------------------------------------------------------------------------------------------
// The load generator: many partner clients posting fresh signals, singly and in batches, and
// writing down every answer.

export type { Receipt };

/** One answer about one signal: an HTTP status (a batch item's own status), or 'netwerk' when no answer came. */
export interface Outcome {
  status: number | 'netwerk';
  via: 'enkel' | 'batch';
  phase: string;
  receipt?: Receipt;
  detail?: string;
  /** How long the answer took. */
  ms: number;
  /** When it came (Date.now()): the answer's place on the timeline of a fault. */
  at: number;
}

export interface LoadOptions {
  /** Where loop `n` sends now (a restarted gateway listens on a new port). */
  target: (loop: number) => string;
  creds: PartnerCredentials;
  /** The signing time; a child-process gateway runs on the real clock. */
  now?: () => Date;
  concurrency: number;
  /** Every `batchEvery`-th request of a loop is a batch of `batchSize` signals. */
  batchEvery: number;
  batchSize: number;
  /** A pause after each answered request: the short form stays light on a shared 2-core machine. */
  pauseMs?: number;
}

export class LoadGenerator {
  /** Every signal sent, by partner id, with every answer about it. */
  readonly signals = new Map<string, { body: Record<string, any>; outcomes: Outcome[] }>();
  phase = 'start';
  /** Overrides the options' pause after each answered request from now on (lighter load for a while). */
  pauseMs: number | undefined;
  /** Per loop, the request it waits on now, and since when. */
  readonly inFlight = new Map<number, { batch: boolean; size: number; since: number; retry: boolean }>();
  private stopped = false;
  private loops: Promise<void>[] = [];
  private readonly agent: Agent;

  constructor(private readonly options: LoadOptions) {
    const { creds } = options;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.concurrency * 2, ca: creds.ca, cert: creds.cert, key: creds.key });
  }

  start(phase = this.phase): this {
    this.phase = phase;
    this.loops = Array.from({ length: this.options.concurrency }, (_, i) => this.loop(i));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    this.agent.destroy();
  }

  /** Signals with an acknowledgement (202, or 200 with a receipt), by id: the first receipt. */
  acknowledged(): Map<string, Receipt> {
    const acked = new Map<string, Receipt>();
    for (const [id, s] of this.signals) {
      const first = s.outcomes.find((o) => (o.status === 202 || o.status === 200) && o.receipt);
      if (first) acked.set(id, first.receipt!);
    }
    return acked;
  }

  /** How many answers of each status, per phase: "phase status": count. */
  tally(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of this.signals.values()) {
      for (const o of s.outcomes) {
        const key = `${o.phase} ${o.status}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    return counts;
  }

  /** The slowest answer (or failure) per phase, in ms. */
  slowest(): Record<string, number> {
    const max: Record<string, number> = {};
    for (const s of this.signals.values()) for (const o of s.outcomes) max[o.phase] = Math.max(max[o.phase] ?? 0, o.ms);
    return max;
  }

  /** Ids first refused (503) or unanswered, that were in fact kept: a later repeat answered 200. */
  keptAfterRefusal(): string[] {
    return [...this.signals].filter(([, s]) => {
      const first = s.outcomes[0];
      return first && first.status !== 202 && first.status !== 200 && s.outcomes.some((o) => o.status === 200);
    }).map(([id]) => id);
  }

  ackedIn(phase: string): number {
    let n = 0;
    for (const s of this.signals.values()) if (s.outcomes.some((o) => o.phase === phase && o.status === 202)) n++;
    return n;
  }

  private async loop(n: number): Promise<void> {
    let retry: Array<Record<string, any>> = [];
    let retryAsBatch = false;
    for (let i = 1; !this.stopped; i++) {
      // Like a partner's client: what got no answer, a 5xx or a 429 is sent again (same id,
      // same content) before anything new; idempotency makes that safe.
      const batch: boolean = retry.length > 0 ? retryAsBatch : i % this.options.batchEvery === 0;
      const bodies = retry.length > 0 ? retry : Array.from({ length: batch ? this.options.batchSize : 1 }, () => exampleSignal());
      this.inFlight.set(n, { batch, size: bodies.length, since: Date.now(), retry: retry.length > 0 });
      await this.send(this.options.target(n), bodies, batch);
      this.inFlight.delete(n);
      retry = bodies.filter((b) => {
        const last = this.signals.get(b.id)!.outcomes.at(-1)!;
        return last.status === 'netwerk' || last.status === 429 || last.status >= 500;
      });
      retryAsBatch = batch;
      // Nobody listening, or the gateway refusing: a real client backs off a little.
      const pause = retry.length > 0 ? 20 : (this.pauseMs ?? this.options.pauseMs ?? 0);
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    }
  }

  /** Post fresh or repeated signals; records the outcome for each; true when all got a 2xx. */
  async send(url: string, bodies: Array<Record<string, any>>, batch: boolean, phase = this.phase): Promise<boolean> {
    for (const body of bodies) if (!this.signals.has(body.id)) this.signals.set(body.id, { body, outcomes: [] });
    const started = Date.now();
    const note = (id: string, outcome: Omit<Outcome, 'phase' | 'via' | 'ms' | 'at'>) => {
      const at = Date.now();
      this.signals.get(id)!.outcomes.push({ ...outcome, phase, via: batch ? 'batch' : 'enkel', ms: at - started, at });
    };
    let res;
    try {
      res = await this.post(url, batch ? '/v1/vroegsignalen/_batch' : '/v1/vroegsignalen', batch ? bodies : bodies[0]);
    } catch (err) {
      for (const b of bodies) note(b.id, { status: 'netwerk', detail: (err as Error).message });
      return false;
    }
    if (batch && res.status === 200) {
      const items = res.json as Array<{ index: number; status: number; receipt?: Receipt; problem?: { code?: string } }>;
      for (const item of items) note(bodies[item.index]!.id, { status: item.status, ...(item.receipt ? { receipt: item.receipt } : {}), ...(item.problem ? { detail: item.problem.code } : {}) });
      return items.every((item) => item.status < 300);
    }
    for (const b of bodies) note(b.id, { status: res.status, ...(res.status < 300 ? { receipt: res.json as Receipt } : { detail: res.json?.code ?? res.text.slice(0, 200) }) });
    return res.status < 300;
  }

  private post(baseUrl: string, path: string, body: unknown): Promise<{ status: number; text: string; json: any }> {
    const text = JSON.stringify(body);
    const digest = digestOf(text);
    const signature = payloadSignature(this.options.creds, digest, this.options.now ? { now: this.options.now() } : {});
    const url = new URL(path, baseUrl);
    return new Promise((resolve, reject) => {
      const req = request({
        method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, agent: this.agent,
        headers: { 'Content-Type': 'application/json', Digest: digest, 'Payload-Signature': signature, 'Content-Length': Buffer.byteLength(text) },
        timeout: 60_000,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const answer = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(answer);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text: answer, json });
        });
      });
      req.on('timeout', () => req.destroy(new Error('geen antwoord binnen 60 s')));
      req.on('error', reject);
      req.end(text);
    });
  }
}

/**
 * After the fault: every signal again, to a healthy gateway. An acknowledged id must answer 200
 * with its original receipt (never a second 202); an unresolved one 202 (it was not kept) or 200
 * (it was, and the answer got lost). Batches of 100, plus a few singly. Returns the problems.
 */
export async function resend(load: LoadGenerator, url: string): Promise<string[]> {
  const problems: string[] = [];
  const before = load.acknowledged();
  const ids = [...load.signals.keys()];
  const singles = ids.filter((_, i) => i % 25 === 0);
  const batched = ids.filter((_, i) => i % 25 !== 0);
  for (const id of singles) await load.send(url, [load.signals.get(id)!.body], false, 'herhaling');
  for (let i = 0; i < batched.length; i += 100) {
    const chunk = batched.slice(i, i + 100).map((id) => load.signals.get(id)!.body);
    if (!(await load.send(url, chunk, true, 'herhaling'))) problems.push(`herhaling: batch ${i / 100} kreeg niet overal een 2xx`);
  }
  for (const id of ids) {
    const s = load.signals.get(id)!;
    const again = s.outcomes.filter((o) => o.phase === 'herhaling').at(-1);
    const original = before.get(id);
    const accepted = s.outcomes.filter((o) => o.status === 202);
    if (accepted.length > 1) problems.push(`${id}: ${accepted.length} keer 202 (${accepted.map((o) => o.phase).join(', ')})`);
    if (!again || (again.status !== 200 && again.status !== 202)) {
      problems.push(`${id}: herhaling gaf ${again?.status} ${again?.detail ?? ''}`);
      continue;
    }
    if (original) {
      if (again.status !== 200) problems.push(`${id}: eerder bevestigd (${original.signaalId}), herhaling gaf ${again.status}`);
      else if (JSON.stringify(again.receipt) !== JSON.stringify(original)) problems.push(`${id}: ander ontvangstbewijs bij herhaling: ${JSON.stringify(again.receipt)} ≠ ${JSON.stringify(original)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The store check: what a 202 promises (DESIGN: signal, case, queue entry, audit record durable).

export interface StoreReport {
  /** Everything that breaks the promise of a 202, among it an open case in neither worklist nor claims. */
  problems: string[];
  signals: number;
  cases: number;
  auditSize: number;
  verify: VerifyReport;
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Wait until the sequencer has put every appended audit record in the tree. */
export async function auditSettled(redis: Redis, timeoutMs = 30_000): Promise<number> {
  return until(async () => {
    const [size, counter, pending] = await Promise.all([redis.get(auditLogKeys.size), redis.get(auditLogKeys.counter), redis.xlen(auditLogKeys.pending)]);
    return Number(counter) > 0 && Number(size) === Number(counter) && pending === 0 ? Number(size) : undefined;
  }, 'the audit sequencer to catch up with every record', timeoutMs);
}

export async function checkStore(redis: Redis, home: string, oin: string, load: LoadGenerator): Promise<StoreReport> {
  const problems: string[] = [];
  const acked = load.acknowledged();
  const auditSize = await auditSettled(redis);

  // One signal hash per partner id, and none for an id never sent.
  const signalKeys = await scanKeys(redis, intakeKeys.signal('*'));
  const fields = await Promise.all(signalKeys.map((k) => redis.hmget(k, 'id', 'partnerOin', 'signaalId')));
  const byId = new Map<string, string[]>();
  for (const [id, partnerOin, signaalId] of fields) {
    if (partnerOin !== oin) continue;
    byId.set(id!, [...(byId.get(id!) ?? []), signaalId!]);
  }
  for (const [id, ids] of byId) {
    if (ids.length > 1) problems.push(`${id}: ${ids.length} signaalhashes (${ids.join(', ')})`);
    if (!load.signals.has(id)) problems.push(`${id}: opgeslagen maar nooit verstuurd`);
  }
  const idemKeys = await scanKeys(redis, intakeKeys.idempotency(oin, '*'));
  if (idemKeys.length !== byId.size) problems.push(`${idemKeys.length} idempotentiesleutels voor ${byId.size} signalen`);
  const cases = await scanKeys(redis, caseKeys.case('*'));

  for (const [id, receipt] of acked) {
    const where = `${id} (${receipt.signaalId})`;
    const stored = byId.get(id);
    if (!stored || stored.length !== 1 || stored[0] !== receipt.signaalId) {
      problems.push(`${where}: signaalhash ${JSON.stringify(stored)}`);
      continue;
    }
    const idem = await redis.get(intakeKeys.idempotency(oin, id));
    if (!idem || JSON.parse(idem).signaalId !== receipt.signaalId) problems.push(`${where}: idempotentiesleutel ${idem}`);
    const signal = await redis.hgetall(intakeKeys.signal(receipt.signaalId));
    if (Number(signal.auditIndex) !== receipt.auditlog.index || signal.auditLeafHash !== receipt.auditlog.leafHash || signal.gemeentecode !== receipt.gemeentecode) {
      problems.push(`${where}: signaal wijkt af van het ontvangstbewijs: ${JSON.stringify({ auditIndex: signal.auditIndex, gemeentecode: signal.gemeentecode })}`);
    }
    const zaakId = signal.zaakId;
    if (!zaakId) {
      problems.push(`${where}: geen zaak`);
      continue;
    }
    const zaak = await redis.hgetall(caseKeys.case(zaakId));
    const inCase = zaak.signalen ? (JSON.parse(zaak.signalen) as Array<{ signaalId: string }>).some((s) => s.signaalId === receipt.signaalId) : false;
    if (!inCase) problems.push(`${where}: zaak ${zaakId} ontbreekt of noemt het signaal niet`);
    if (zaak.status === 'open') {
      if ((await redis.zscore(outreachKeys.open(receipt.gemeentecode), zaakId)) === null) problems.push(`${where}: open zaak ${zaakId} niet in de wachtrij`);
    } else if (zaak.status === 'opgepakt') {
      if ((await redis.zscore(outreachKeys.leases(receipt.gemeentecode), zaakId)) === null) problems.push(`${where}: opgepakte zaak ${zaakId} zonder claim`);
    } else {
      problems.push(`${where}: zaak ${zaakId} heeft status ${zaak.status}`);
    }
    // The receipt's audit record: in the tree, with content whose leaf is the receipt's leaf hash.
    const index = receipt.auditlog.index;
    if (index >= auditSize) problems.push(`${where}: auditindex ${index} buiten de boom (${auditSize})`);
    const content = (await readContent(redis, [index])).get(index);
    const [json, salt] = content && 'json' in content ? [content.json, content.salt] : [undefined, undefined];
    if (!json || !salt) {
      problems.push(`${where}: auditrecord ${index} heeft geen inhoud`);
      continue;
    }
    const leafData = createHash('sha256').update(Buffer.from(salt, 'base64')).update(json, 'utf8').digest();
    const leafHash = createHash('sha256').update(Buffer.from([0])).update(leafData).digest('base64');
    const record = JSON.parse(json) as { name?: string; attributes?: Record<string, string> };
    if (leafHash !== receipt.auditlog.leafHash || record.name !== 'vroegsignaal-verwerkt' || record.attributes?.['vroegsignaal.signaal_id'] !== receipt.signaalId) {
      problems.push(`${where}: auditrecord ${index} is niet dat van dit signaal (${record.name})`);
    }
  }

  // The whole log, as an independent verifier sees it: every leaf with its content, every
  // checkpoint (whichever sequencer signed it) a prefix of one tree.
  const dir = tempDir('vs-export-');
  const signer = loadCheckpointSigner(join(home, 'keys', 'checkpoint.key'), origin);
  await exportAuditLog(redis, { dir, verifierKey: verifierKeyString(signer) });
  const verify = await verifyExport(dir);
  if (!verify.ok) problems.push(`auditlog: ${JSON.stringify(verify.problems.slice(0, 5))}`);
  if (verify.size !== auditSize || verify.records !== auditSize) problems.push(`auditlog: ${verify.records} records, ${verify.size} bladeren, teller ${auditSize}`);
  rmSync(dir, { recursive: true, force: true });
  return { problems, signals: byId.size, cases: cases.length, auditSize, verify };
}

/**
 * What every fault test ends with: each sent id repeated (an acknowledged one must answer 200 with
 * its original receipt, none may get a second 202), then the store checked for every
 * acknowledgement — signal, case, queue entry and job, audit record — with no problem found.
 */
export async function expectEveryAcknowledgementKept(redis: Redis, home: string, oin: string, load: LoadGenerator, url: string): Promise<StoreReport> {
  expect(await resend(load, url)).toEqual([]);
  const report = await checkStore(redis, home, oin, load);
  expect(report.problems).toEqual([]);
  expect(report.signals).toBe(load.signals.size);
  return report;
}
