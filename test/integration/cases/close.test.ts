import { describe, expect, it } from 'vitest';
import { sealRecord } from '../../../src/audit/leaf.js';
import { processingRecord } from '../../../src/audit/records.js';
import { closeCase, type Closing } from '../../../src/cases/close.js';
import { caseKeys, outreachKeys } from '../../../src/redis/keys.js';
import { auditRecords } from '../../helpers/audit.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
const now = new Date('2026-11-23T09:00:00Z');
const record = (name: string) => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, name, now, {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': 'p', 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P1D', 'vroegsignaal.zaak_id': 'z',
}));
const ctx = { zaakId: 'z', gemeentecode: '0518', sub: 'anna', now, leaseUntil: new Date(now.getTime() + 1000), lapseRecords: [record('claim-verlopen')] };
const closing = (blobsRead: Record<string, string>): Closing => ({
  fields: { status: 'afgesloten', eindresultaat: 'Verwijzing zonder contact', 'contact:s1': 'herverpakt-1' }, blobsRead,
  contactTot: new Date('2026-12-23T09:00:00Z'), zaakfeitenTot: new Date('2028-11-23T09:00:00Z'), addressKey: 'vs:adres:0518:a', partnerStatus: 'afgesloten',
});

describe('closing a case (one script)', () => {
  it('refuses when the contact blobs are no longer the ones the re-wrap was computed from, writing nothing', async () => {
    await db.redis.flushall();
    await db.redis.hset(caseKeys.case('z'), { zaakId: 'z', status: 'opgepakt', claimant: 'anna', leaseTot: String(now.getTime() + 60_000), 'contact:s1': 'blob-1', 'contact:s2': 'blob-2' });
    await db.redis.hset('vs:adres:0518:a', 'open', 'z');
    // A second signal joined after the blobs were read: its blob would escape the period key.
    expect(await closeCase(db.redis, ctx, [record('zaak-afgesloten')], closing({ 'contact:s1': 'blob-1' }))).toEqual({ done: false, reason: 'gewijzigd' });
    // A blob changed (or went) meanwhile.
    expect(await closeCase(db.redis, ctx, [record('zaak-afgesloten')], closing({ 'contact:s1': 'blob-1', 'contact:s2': 'anders' }))).toEqual({ done: false, reason: 'gewijzigd' });
    expect((await db.redis.hgetall(caseKeys.case('z'))).status).toBe('opgepakt');
    expect(await db.redis.hget('vs:adres:0518:a', 'open')).toBe('z');
    expect(await auditRecords(db.redis)).toEqual([]);

    const closed = await closeCase(db.redis, ctx, [record('zaak-afgesloten')], closing({ 'contact:s1': 'blob-1', 'contact:s2': 'blob-2' }));
    expect(closed.done).toBe(true);
    const stored = await db.redis.hgetall(caseKeys.case('z'));
    expect(stored).toMatchObject({ status: 'afgesloten', 'contact:s1': 'herverpakt-1', 'contact:s2': 'blob-2' });
    expect([stored.claimant, stored.leaseTot]).toEqual([undefined, undefined]);
    expect(await db.redis.zscore(outreachKeys.leases('0518'), 'z')).toBeNull();
    expect(await db.redis.hgetall('vs:adres:0518:a')).toEqual({ gesloten: now.toISOString() });
    expect((await auditRecords(db.redis)).map((e) => e.record.name)).toEqual(['zaak-afgesloten']);
  });
});
