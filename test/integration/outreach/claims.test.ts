import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { sealRecord } from '../../../src/audit/leaf.js';
import { processingRecord } from '../../../src/audit/records.js';
import type { ActionContext } from '../../../src/cases/action-script.js';
import { recordContactAttempt, releaseCase } from '../../../src/cases/actions.js';
import { caseKeys, outreachKeys } from '../../../src/redis/keys.js';
import { claimNext, type CaseRef } from '../../../src/outreach/claims.js';
import { queueScore } from '../../../src/outreach/deadlines.js';
import { useTestRedis } from '../../helpers/redis.js';
import { auditRecords } from '../../helpers/audit.js';

const db = useTestRedis();
beforeEach(async () => {
  await db.redis.flushall();
});

const t0 = new Date('2026-11-23T09:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const record = (c: CaseRef, name: string) => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, name, t0, {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': c.persoonPseudonym!, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P1D', 'vroegsignaal.zaak_id': c.zaakId!,
}));
/** Every call its own request, as every HTTP claim is. */
const claim = (redis: typeof db.redis, gemeentecode: string, sub: string, now: Date, leaseUntil: Date, requestId = randomUUID()) =>
  claimNext(redis, { gemeentecode, sub, now, leaseUntil, requestId, recordsFor: (c, name) => [record(c, name)] });
const act = (zaakId: string, sub: string, now: Date, leaseUntil: Date): ActionContext => ({
  zaakId, gemeentecode: '0518', sub, now, leaseUntil, lapseRecords: [record({ zaakId, persoonPseudonym: 'p' }, 'claim-verlopen')],
});
const attempt = { soort: 'Telefoon', bereikt: false, datum: '2026-11-23', dagdeel: 'Ochtend' } as const;

async function openCase(id: string, crisis: boolean, deadline: string): Promise<void> {
  await db.redis.hset(caseKeys.case(id), { zaakId: id, gemeentecode: '0518', status: 'open', persoonPseudonym: `p-${id}` });
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

  it('hands each case to one claim when several processes claim at once (each its own connection)', async () => {
    for (let i = 0; i < 30; i++) await openCase(`z${i}`, false, '2026-12-01');
    const connections = Array.from({ length: 3 }, () => new Redis(db.url));
    const claims = await Promise.all(Array.from({ length: 60 }, (_, i) => claim(connections[i % 3]!, '0518', `w${i}`, t0, later(3_600_000))));
    connections.forEach((c) => c.disconnect());
    const ids = claims.map((c) => c.zaakId).filter((id): id is string => id !== undefined);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect((await auditRecords(db.redis)).map((e) => e.record['attributes']['vroegsignaal.zaak_id']).sort()).toEqual([...ids].sort());
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
    const tried = (sub: string) => recordContactAttempt(db.redis, act('z', sub, later(1000), later(600_000)), [record({ zaakId: 'z', persoonPseudonym: 'p' }, 'contactpoging')], attempt);
    expect(await tried('bob')).toEqual({ done: false, reason: 'geen-toegang' });
    expect((await tried('anna')).done).toBe(true);
    expect((await claim(db.redis, '0518', 'bob', later(120_000), later(700_000))).zaakId).toBeUndefined();
    const released = (sub: string) => releaseCase(db.redis, act('z', sub, later(130_000), later(700_000)), [record({ zaakId: 'z', persoonPseudonym: 'p' }, 'claim-vrijgegeven')]);
    expect(await released('bob')).toEqual({ done: false, reason: 'geen-toegang' });
    expect((await released('anna')).done).toBe(true);
    expect((await claim(db.redis, '0518', 'bob', later(140_000), later(700_000))).zaakId).toBe('z');
  });

  it('refuses an action on a lapsed claim and puts the case back in the queue, with its record', async () => {
    await openCase('z', false, '2026-12-01');
    await claim(db.redis, '0518', 'anna', t0, later(60_000));
    const score = await db.redis.hget(caseKeys.case('z'), 'wachtrijscore');
    const tried = await recordContactAttempt(db.redis, act('z', 'anna', later(60_000), later(600_000)), [record({ zaakId: 'z', persoonPseudonym: 'p' }, 'contactpoging')], attempt);
    expect(tried).toEqual({ done: false, reason: 'claim-verlopen' });
    const stored = await db.redis.hgetall(caseKeys.case('z'));
    expect(stored.status).toBe('open');
    expect([stored.claimant, stored.leaseTot, stored.contactpogingen]).toEqual([undefined, undefined, undefined]);
    expect(await db.redis.zscore(outreachKeys.open('0518'), 'z')).toBe(score);
    expect(await db.redis.zscore(outreachKeys.leases('0518'), 'z')).toBeNull();
    expect((await auditRecords(db.redis)).map((e) => e.record.name)).toEqual(['zaak-opgepakt', 'claim-verlopen']);
  });

  it('answers a re-sent claim of the same request with the same case, claiming no second one', async () => {
    await openCase('a', false, '2026-12-01');
    await openCase('b', false, '2026-12-02');
    const request = randomUUID();
    expect((await claim(db.redis, '0518', 'anna', t0, later(60_000), request)).zaakId).toBe('a');
    expect((await claim(db.redis, '0518', 'anna', t0, later(60_000), request)).zaakId).toBe('a');
    expect((await auditRecords(db.redis)).map((e) => e.record.name)).toEqual(['zaak-opgepakt']);
    expect(await db.redis.zrange(outreachKeys.open('0518'), 0, -1)).toEqual(['b']);
    expect(await db.redis.hget(caseKeys.case('b'), 'status')).toBe('open');
  });
});
