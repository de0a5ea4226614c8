import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { caseKeys, queuePrefix } from '../../src/redis/keys.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { RetentionScheduler, retentionQueueName } from '../../src/retention/scheduler.js';
import { startGateway } from '../../src/runtime/gateway.js';
import { auditRecords } from '../helpers/audit.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { until } from '../reliability/harness.js';

const now = new Date('2026-12-22T10:00:00Z');
const dueAt = '2026-12-22T09:00:00.000Z';
let server: TestRedis | undefined;
let redis: Redis | undefined;
const home = mkdtempSync(join(tmpdir(), 'vs-home-'));
afterAll(async () => {
  redis?.disconnect();
  await server?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

/** A case closed a month ago whose contact-details term ended an hour before the gateway starts, and its job. */
async function dueCase(redis: Redis, zaakId: string): Promise<void> {
  await redis.hset(caseKeys.case(zaakId), {
    zaakId, gemeentecode: '1696', persoonPseudonym: 'p-test', status: 'afgesloten',
    contactBewaarTot: dueAt, contactBewaarRegel: 'bewaartermijnen.contactgegevens', 'contact:s1': '{"versleuteld":true}',
  });
  // Left out of the sweeper's index: the job alone is under test.
  const scheduler = new RetentionScheduler(redis);
  await scheduler.schedule({ zaakId, regel: 'bewaartermijnen.contactgegevens', bewaarTot: dueAt }, now);
  await scheduler.close();
}

describe('a gateway that starts with a retention job already due', () => {
  it('processes the job at once, without error: the contact details go and the deletion is recorded', async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
    const config = loadConfig({ VROEGSIGNAAL_HOME: home, PORT: '0', HOST: '127.0.0.1', REDIS_URL: server.url, LOG_LEVEL: 'debug' });
    const queue = new Queue(retentionQueueName, { connection: redis, prefix: queuePrefix });
    // Whether the worker reaches the job before start-up finishes is a race: several starts.
    const zaken = Array.from({ length: 4 }, (_, i) => `019a0000-0000-7000-8000-00000000000${i}`);
    const outcomes = [];
    for (const zaakId of zaken) {
      await dueCase(redis, zaakId);
      const gateway = await startGateway(config, {
        logger: createLogger({ level: 'debug', destination: new Writable({ write: (_c, _e, done) => done() }) }),
        clock: () => now, say: () => undefined, sequencer: false,
      });
      // Done means gone (removeOnComplete) or failed once (a retry waits a minute of backoff).
      outcomes.push(await until(async () => {
        const job = await queue.getJob(`contact-${zaakId}`);
        if (!job) return { zaakId, failed: undefined };
        return job.attemptsMade > 0 || job.failedReason ? { zaakId, failed: job.failedReason } : undefined;
      }, 'the due retention job to be processed', 20_000));
      await gateway.stop();
    }
    await queue.close();
    expect(outcomes).toEqual(zaken.map((zaakId) => ({ zaakId, failed: undefined })));
    for (const zaakId of zaken) expect(Object.keys(await redis.hgetall(caseKeys.case(zaakId))).filter((f) => f.startsWith('contact:'))).toEqual([]);
    const deleted = (await auditRecords(redis)).map((e) => e.record).filter((r) => r.name === 'contactgegevens-verwijderd');
    expect(deleted.map((r) => r.attributes['vroegsignaal.zaak_id']).sort()).toEqual(zaken);
  });
});
