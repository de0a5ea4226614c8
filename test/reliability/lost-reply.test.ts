import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { demoPartners } from '../../src/config/dev-material.js';
import { caseKeys, intakeKeys, outreachKeys } from '../../src/redis/keys.js';
import { exampleSignal } from '../e2e/fixtures.js';
import { httpsRequest, loadCredentials } from '../helpers/https-client.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { checkStore, cleanupAll, LoadGenerator, spawnGateway, tempDir, type GatewayProcess, type StoreReport } from './harness.js';

/**
 * A TCP proxy in front of Redis that, once armed, cuts the connection carrying one request at
 * the moment Redis answers it: the command ran (and, with appendfsync always, is on disk), but
 * the gateway never reads the answer — a network fault or a crash at the worst moment, on demand.
 */
class ReplyCutter {
  private server: Server | undefined;
  private armed: { request: RegExp; reply: RegExp } | undefined;
  private readonly sockets = new Set<Socket>();
  cuts = 0;
  port = 0;

  constructor(private readonly upstreamPort: number) {}

  async listen(): Promise<string> {
    this.server = createServer((client) => {
      const upstream = connect(this.upstreamPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      let window = '';
      let watching = false;
      client.on('data', (chunk: Buffer) => {
        if (this.armed && !watching) {
          window = (window + chunk.toString('latin1')).slice(-1_000_000);
          watching = this.armed.request.test(window);
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (watching && this.armed?.reply.test(chunk.toString('latin1'))) {
          this.armed = undefined;
          this.cuts++;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return `redis://127.0.0.1:${this.port}`;
  }

  arm(request: RegExp, reply: RegExp): void {
    this.armed = { request, reply };
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const huurOin = demoPartners[0].oin;
let redisServer: TestRedis;
let redis: Redis;
let cutter: ReplyCutter;
let home: string;
let gateway: GatewayProcess;
let load: LoadGenerator;
let report: StoreReport;
let target: Record<string, any>;
let told: string[] = [];
let held: string[] = [];

beforeAll(async () => {
  redisServer = await startTestRedis({ durable: true });
  redis = new Redis(redisServer.url);
  cutter = new ReplyCutter(redisServer.port);
  home = tempDir('vs-home-');
  gateway = await spawnGateway({ home, redisUrl: await cutter.listen() });
  load = new LoadGenerator({ target: () => gateway.url, creds: loadCredentials(join(home, 'partners', 'huur')), concurrency: 0, batchEvery: 1, batchSize: 1 });
});
afterAll(async () => {
  redis?.disconnect();
  cleanupAll();
  await cutter?.close();
  await redisServer?.cleanup();
});

// ioredis writes a defined command as lower-case `evalsha`: matched either way.
// The intake commit: EVALSHA of the commit script, whose first keys are the audit counter, the
// audit stream, the outbox and the signal's idempotency key; its reply is {1, first audit index}.
const commitOf = (id: string) =>
  new RegExp(`EVALSHA\\r\\n\\$40\\r\\n[0-9a-f]{40}\\r\\n\\$\\d+\\r\\n\\d+\\r\\n\\$\\d+\\r\\nvs:audit:volgend\\r\\n\\$\\d+\\r\\nvs:audit:log\\r\\n\\$\\d+\\r\\nvs:uitgaand\\r\\n\\$\\d+\\r\\nvs:idem:${huurOin}:${id}\\r\\n`, 'i');
const committedReply = /\*2\r\n:1\r\n\$\d+\r\n\d+\r\n/;
// The claim: EVALSHA of the claim script (audit counter, audit stream, then the municipality's
// open queue, …); its reply is {'ok', zaakId, lapsed ids}.
const claimOf = (gemeentecode: string) =>
  // EVALSHA sha numkeys k1 k2 k3…: the claim script names the municipality's open queue as KEYS[3].
  new RegExp(`EVALSHA\\r\\n\\$40\\r\\n[0-9a-f]{40}\\r\\n\\$\\d+\\r\\n\\d+\\r\\n(\\$\\d+\\r\\n[^\\r]*\\r\\n){2}\\$\\d+\\r\\n${outreachKeys.open(gemeentecode)}\\r\\n`, 'i');
const claimedReply = /\*3\r\n\$2\r\nok\r\n\$36\r\n[0-9a-f-]{36}\r\n\*0\r\n/;

describe('an intake commit whose reply from Redis is lost', () => {
  it('never yields a second 202: the repeat answers 200 with the receipt of what was kept, and the signal is whole', async () => {
    // A first signal loads the commit script into Redis, so the next commit runs by EVALSHA.
    expect(await load.send(gateway.url, [exampleSignal()], false, 'opwarmen')).toBe(true);
    target = exampleSignal();
    cutter.arm(commitOf(target.id), committedReply);
    await load.send(gateway.url, [target], false, 'geknipt');
    expect(cutter.cuts).toBe(1);
    await load.send(gateway.url, [target], false, 'herhaling');
    const outcomes = load.signals.get(target.id)!.outcomes;
    const [first, again] = outcomes;
    // Whatever the first answer was, it was not a promise that something else was kept.
    expect([200, 202, 503]).toContain(first!.status);
    expect(again).toMatchObject({ status: 200, receipt: { id: target.id } });
    if (first!.receipt) expect(again!.receipt).toEqual(first!.receipt);
    expect(outcomes.filter((o) => o.status === 202).length).toBeLessThanOrEqual(1);
    expect(gateway.alive(), gateway.output()).toBe(true);

    report = await checkStore(redis, home, huurOin, load);
    expect(report.problems).toEqual([]);
    expect(report.signals).toBe(2);
    console.info(`lost-reply: eerste antwoord ${first!.status}${first!.detail ? ` (${first!.detail})` : ''}, herhaling ${again!.status}`);
  }, 60_000);

  // Was a bug (src/intake/service.ts, accept): the replayed commit found its own idempotency key
  // and withdrew the queue job of the case it had just stored. The worklist entry is now written by
  // the commit script itself; checkStore finds every open case in it (no problems above).
  it('keeps the case that was committed in its worklist', async () => {
    const { signaalId } = JSON.parse((await redis.get(intakeKeys.idempotency(huurOin, target.id)))!) as { signaalId: string };
    const zaakId = await redis.hget(intakeKeys.signal(signaalId), 'zaakId');
    expect(await redis.zscore(outreachKeys.open('1696'), zaakId!)).not.toBeNull();
  });
});

describe('a claim whose reply from Redis is lost', () => {
  it('still answers the worker, and the lost reply was cut where meant', async () => {
    for (let i = 0; i < 3; i++) expect(await load.send(gateway.url, [exampleSignal()], false, 'voor-claims')).toBe(true);
    const creds = loadCredentials(join(home, 'partners', 'huur'));
    const token = await issueDevToken(home, { sub: 'anna', gemeentecode: '1696', roles: ['schuldhulpverlener'], now: new Date() });
    const claim = () => httpsRequest(gateway.staffUrl, '/v1/zaken/_oppakken', { method: 'POST', ca: creds.ca, headers: [['Authorization', `Bearer ${token}`]] });
    // A first claim loads the claim script into Redis, so the next one runs by EVALSHA.
    const first = await claim();
    expect(first.status).toBe(200);
    told = [first.json.zaakId];
    cutter.arm(claimOf('1696'), claimedReply);
    const second = await claim();
    expect(cutter.cuts).toBe(2);
    expect([200, 503]).toContain(second.status);
    if (second.status === 200) told.push(second.json.zaakId);
    held = [];
    for (const id of await redis.zrange(outreachKeys.leases('1696'), 0, -1)) if ((await redis.hget(caseKeys.case(id), 'claimant')) === 'anna') held.push(id);
    console.info(`lost-reply claim: Anna kreeg ${told.length} zaak/zaken te zien, heeft er ${held.length} op haar naam`);
  }, 60_000);

  // Was a bug (src/outreach/claims.ts): ioredis re-sent the claim script after reconnecting and
  // it claimed a second case nobody was shown. The script now remembers the request's case.
  it('leaves the worker holding only the cases she was told about', () => {
    expect(held.sort()).toEqual(told.sort());
  });
});
