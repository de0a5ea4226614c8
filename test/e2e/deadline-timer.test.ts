import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queuePrefix } from '../../src/redis/keys.js';
import { auditRecords } from '../helpers/audit.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

/** Issue 15, deadline timers: a case still unclaimed when its offer deadline passes is marked overdue. */
let gw: TestGateway;
let timers: Queue;
beforeAll(async () => {
  gw = await startTestGateway();
  timers = new Queue('termijn', { connection: gw.redis, prefix: queuePrefix });
});
afterAll(async () => {
  await timers?.close();
  await gw?.stop();
});

const call = (method: string, path: string) => callAs(gw, { sub: 'eva', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path);

async function newCase() {
  const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
  expect(res.status).toBe(202);
  return (await gw.redis.hget(`vs:signaal:${res.json.signaalId}`, 'zaakId'))!;
}

describe('deadline timers', () => {
  it('mark a case still unclaimed at its deadline overdue — recorded and counted — and leave a claimed one alone', async () => {
    gw.clock.set('2026-12-01T10:00:00Z'); // a Tuesday; Wijdemeren's term is 10 working days
    const cases = [await newCase(), await newCase()];
    // One is claimed before its deadline (whichever the queue hands out first), the other waits.
    const got = await call('POST', '/v1/zaken/_oppakken');
    expect(got.status).toBe(200);
    const claimed = got.json.zaakId as string;
    const waiting = cases.find((id) => id !== claimed)!;
    expect(cases).toContain(claimed);
    const deadline = await gw.redis.hget(`vs:zaak:${waiting}`, 'aanbodtermijn');
    expect(deadline).toBe('2026-12-15');
    // The relay planned one timer for the day (both cases share it).
    await vi.waitFor(async () => expect((await timers.getJobs(['delayed', 'waiting', 'active', 'completed'])).map((j) => j.id)).toContain('termijn-1696-2026-12-15'), { timeout: 10_000, interval: 50 });

    gw.clock.set('2026-12-15T23:30:00Z'); // just past Dutch midnight after the deadline
    await timers.promoteJobs();
    await vi.waitFor(async () => expect(await gw.redis.hget(`vs:zaak:${waiting}`, 'verlopen')).toBe('2026-12-15T23:30:00.000Z'), { timeout: 10_000, interval: 50 });

    expect(await gw.redis.hget(`vs:zaak:${claimed}`, 'verlopen')).toBeNull();
    await gw.sequence();
    const names = (await auditRecords(gw.redis)).map((e) => e.record).filter((r) => r.name === 'termijn-verstreken').map((r) => r.attributes?.['vroegsignaal.zaak_id']);
    expect(names).toEqual([waiting]);
    // Counted for the team lead in the month the deadline passed.
    expect(await gw.redis.hget('vs:sturing:1696:2026-12', 'termijnVerstreken|Huur')).toBe('1');
  });
});
