import { describe, expect, it } from 'vitest';
import { caseKeys } from '../../../src/redis/keys.js';
import { deleteContactDetails } from '../../../src/retention/contact-deletion.js';
import { auditRecords } from '../../helpers/audit.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
const job = { zaakId: 'z', regel: 'bewaartermijnen.zaakfeiten', bewaarTot: '2027-01-01T00:00:00.000Z' };
const ctx = (now: string) => ({ now: new Date(now), auditRetention: 'P2Y', bundleRevision: 'test' });
const closedCase = { zaakId: 'z', gemeentecode: '0518', persoonPseudonym: 'p', status: 'afgesloten', afgesloten: '2026-01-01T00:00:00.000Z', 'contact:s1': 'blob' };

describe('deleting a closed case’s contact details whose end is its facts’ end (stored once)', () => {
  it('deletes at the facts’ end, recording that end', async () => {
    await db.redis.flushall();
    await db.redis.hset(caseKeys.case('z'), { ...closedCase, zaakfeitenBewaarTot: '2027-01-01T00:00:00.000Z' });
    expect(await deleteContactDetails(db.redis, job, ctx('2026-12-31T23:59:59.999Z'))).toBe(0);
    expect(await deleteContactDetails(db.redis, job, ctx('2027-01-01T00:00:00.000Z'))).toBe(1);
    expect(await db.redis.hget(caseKeys.case('z'), 'contact:s1')).toBeNull();
    const [deleted] = (await auditRecords(db.redis)).map((e) => e.record);
    expect(deleted.attributes['vroegsignaal.contactgegevens_bewaard_tot']).toBe('2027-01-01T00:00:00.000Z');
  });

  it('deletes nothing when the end moved between reading and deleting', async () => {
    await db.redis.flushall();
    await db.redis.hset(caseKeys.case('z'), { ...closedCase, zaakfeitenBewaarTot: '2027-01-01T00:00:00.000Z' });
    // The deletion's read sees the old end; the change lands before its script runs.
    const read = db.redis.hgetall.bind(db.redis);
    const moved = Object.assign(Object.create(db.redis), {
      hgetall: async (key: string) => { const h = await read(key); await db.redis.hset(caseKeys.case('z'), 'contactBewaarTot', '2028-01-01T00:00:00.000Z'); return h; },
    });
    expect(await deleteContactDetails(moved, job, ctx('2027-01-01T00:00:00.000Z'))).toBe(0);
    expect(await db.redis.hget(caseKeys.case('z'), 'contact:s1')).toBe('blob');
    expect(await auditRecords(db.redis)).toEqual([]);
  });
});
