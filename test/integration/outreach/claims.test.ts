import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { caseKeys } from '../../../src/cases/keys.js';
import { claimNext, releaseClaim, renewLease } from '../../../src/outreach/claims.js';
import { queueScore } from '../../../src/outreach/deadlines.js';
import { outreachKeys } from '../../../src/outreach/keys.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
beforeEach(async () => {
  await db.redis.flushall();
});

const t0 = new Date('2026-11-23T09:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
/** Every call its own request, as every HTTP claim is. */
const claim = (...a: [typeof db.redis, string, string, Date, Date]) => claimNext(...a, randomUUID());

async function openCase(id: string, crisis: boolean, deadline: string): Promise<void> {
  await db.redis.hset(caseKeys.case(id), { zaakId: id, gemeentecode: '0518', status: 'open' });
  await db.redis.zadd(outreachKeys.open('0518'), queueScore(crisis, deadline, t0), id);
}

describe('claiming cases', () => {
  it('hands each of 50 cases to exactly one of 100 parallel claims', async () => {
    for (let i = 0; i < 50; i++) await openCase(`z${i}`, false, '2026-12-01');
    const claims = await Promise.all(Array.from({ length: 100 }, (_, i) => claim(db.redis, '0518', `w${i}`, t0, later(3_600_000))));
    const ids = claims.map((c) => c.zaakId).filter((id): id is string => id !== undefined);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    const holders = await Promise.all(ids.map((id) => db.redis.hget(caseKeys.case(id), 'claimant')));
    expect(new Set(holders).size).toBe(50);
  });

  it('gives crisis cases first, then the earliest offer deadline', async () => {
    await openCase('laat', false, '2026-12-10');
    await openCase('vroeg', false, '2026-12-01');
    await openCase('crisis', true, '2026-12-20');
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await claim(db.redis, '0518', 'w', t0, later(1000))).zaakId);
    expect(order).toEqual(['crisis', 'vroeg', 'laat']);
    expect((await claim(db.redis, '0518', 'w', t0, later(1000))).zaakId).toBeUndefined();
  });

  it('returns a case to the queue when its lease lapses, not a moment before', async () => {
    await openCase('z', false, '2026-12-01');
    expect((await claim(db.redis, '0518', 'anna', t0, later(60_000))).zaakId).toBe('z');
    expect((await claim(db.redis, '0518', 'bob', later(59_999), later(120_000))).zaakId).toBeUndefined();
    const lapsedClaim = await claim(db.redis, '0518', 'bob', later(60_000), later(120_000));
    expect(lapsedClaim).toEqual({ zaakId: 'z', lapsed: ['z'] });
    expect(await db.redis.hget(caseKeys.case('z'), 'claimant')).toBe('bob');
  });

  it('renews only the claimant’s lease, and release puts the case back', async () => {
    await openCase('z', false, '2026-12-01');
    await claim(db.redis, '0518', 'anna', t0, later(60_000));
    expect(await renewLease(db.redis, '0518', 'z', 'bob', later(600_000))).toBe(false);
    expect(await renewLease(db.redis, '0518', 'z', 'anna', later(600_000))).toBe(true);
    expect((await claim(db.redis, '0518', 'bob', later(120_000), later(700_000))).zaakId).toBeUndefined();
    expect(await releaseClaim(db.redis, '0518', 'z', 'bob')).toBe(false);
    expect(await releaseClaim(db.redis, '0518', 'z', 'anna')).toBe(true);
    expect((await claim(db.redis, '0518', 'bob', later(120_000), later(700_000))).zaakId).toBe('z');
  });

  it('answers a re-sent claim of the same request with the same case, claiming no second one', async () => {
    await openCase('a', false, '2026-12-01');
    await openCase('b', false, '2026-12-02');
    const request = randomUUID();
    expect((await claimNext(db.redis, '0518', 'anna', t0, later(60_000), request)).zaakId).toBe('a');
    expect((await claimNext(db.redis, '0518', 'anna', t0, later(60_000), request)).zaakId).toBe('a');
    expect(await db.redis.zrange(outreachKeys.open('0518'), 0, -1)).toEqual(['b']);
    expect(await db.redis.hget(caseKeys.case('b'), 'status')).toBe('open');
  });
});
