import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { loadCheckpointSigner } from '../../src/audit/checkpoint-key.js';
import { AuditSequencer } from '../../src/audit/sequencer.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { startGateway, type RunningGateway } from '../../src/runtime/gateway.js';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import type { Role } from '../../src/auth/claims.js';
import { httpsRequest, loadCredentials, type PartnerCredentials } from './https-client.js';
import { staffListener } from './openapi-check.js';
import { startTestRedis } from './redis.js';

export interface TestClock {
  now: Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(iso = '2026-11-22T09:30:00Z'): TestClock {
  const clock: TestClock = {
    now: new Date(iso),
    set: (value) => void (clock.now = new Date(value)),
    advance: (ms) => void (clock.now = new Date(clock.now.getTime() + ms)),
  };
  return clock;
}

export interface TestGateway {
  gateway: RunningGateway;
  /** The partner listener (mutual TLS; the staff API too, transitionally). */
  url: string;
  /** The staff listener (no client-certificate request): where callAs sends its requests. */
  staffUrl: string;
  home: string;
  redis: Redis;
  clock: TestClock;
  huur: PartnerCredentials;
  energie: PartnerCredentials;
  /** Run the audit sequencer by hand until nothing is pending; returns how many records it added. */
  sequence(): Promise<number>;
  /** Every log line the gateway wrote, as raw text. */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * The whole gateway as `npm start` runs it — development material in a fresh temporary home,
 * a real redis-server, real HTTPS with client certificates — with an injected clock.
 */
export async function startTestGateway(options: { rateLimitPerMinute?: number; policiesDir?: string; healthCheck?: () => Promise<boolean>; relay?: boolean; env?: Record<string, string> } = {}): Promise<TestGateway> {
  const home = mkdtempSync(join(tmpdir(), 'vs-home-'));
  // A test that brings its own Redis (REDIS_URL in env: a primary with replicas) gets no other.
  const external = options.env?.REDIS_URL;
  const redisServer = external ? undefined : await startTestRedis();
  const redisUrl = external ?? redisServer!.url;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const config = loadConfig({
    VROEGSIGNAAL_HOME: home,
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'debug',
    // The test shares this event loop with its own CPU work (key generation, signing, fuzzing):
    // a lag there is the test's, not the gateway's, so shedding by lag would make results depend on
    // the machine's load. Shedding itself is tested through the health check (overload.test.ts).
    SHED_EVENT_LOOP_DELAY_MS: '60000',
    ...(options.policiesDir ? { VROEGSIGNAAL_POLICIES: options.policiesDir } : {}),
    ...options.env,
  });
  const clock = testClock();
  const gateway = await startGateway(config, {
    logger: createLogger({ level: 'debug', destination: sink }),
    clock: () => clock.now,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    ...(options.healthCheck ? { healthCheck: options.healthCheck } : {}),
    say: () => undefined,
    sequencer: false,
    ...(options.relay === false ? { relay: false } : {}),
  });
  const redis = new Redis(redisUrl, options.env?.REDIS_PASSWORD ? { password: options.env.REDIS_PASSWORD } : {});
  redis.on('error', () => undefined); // tests may stop the Redis they brought
  const staffUrl = gateway.staffUrl.replace('localhost', '127.0.0.1');
  staffListener(staffUrl);
  const sequencer = new AuditSequencer(redis, { origin: config.audit.origin, signer: loadCheckpointSigner(config.audit.checkpointKeyPath, config.audit.origin) });
  return {
    async sequence() {
      let total = 0;
      let added: number;
      while ((added = await sequencer.step()) > 0) total += added;
      return total;
    },
    gateway,
    url: gateway.url.replace('localhost', '127.0.0.1'),
    staffUrl,
    home,
    redis,
    clock,
    huur: loadCredentials(join(config.home.partnersDir, 'huur')),
    energie: loadCredentials(join(config.home.partnersDir, 'energie')),
    logs,
    async stop() {
      redis.disconnect();
      await gateway.stop();
      await redisServer?.cleanup();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * A bearer-token call as a person of a municipality (development issuer, the gateway's clock), on
 * the staff listener, without a client certificate, as a browser or an API client of staff makes it.
 */
export async function callAs(
  gw: TestGateway,
  who: { sub: string; gemeentecode: string; role: Role },
  method: string,
  path: string,
  body?: unknown,
) {
  const token = await issueDevToken(gw.home, { sub: who.sub, gemeentecode: who.gemeentecode, roles: [who.role], now: gw.clock.now });
  const headers: Array<[string, string]> = [['Authorization', `Bearer ${token}`]];
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  return httpsRequest(gw.staffUrl, path, { method, ca: gw.huur.ca, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}
