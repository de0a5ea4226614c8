import { beforeEach, describe, expect, it } from 'vitest';
import { appendAuditRecords } from '../../../src/audit/append.js';
import { groupRecords, maxGroup, packGroup, readContent, unpackGroup } from '../../../src/audit/content.js';
import { deleteRecordContent } from '../../../src/audit/delete-content.js';
import { auditLogKeys } from '../../../src/redis/keys.js';
import { sealRecord } from '../../../src/audit/leaf.js';
import { processingRecord } from '../../../src/audit/records.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
beforeEach(async () => {
  await db.redis.flushall();
});

const at = (iso: string) => new Date(iso);
const record = (i: number, when = '2026-11-23T10:00:00.000Z') => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, `stap-${i}`, at(when), {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': 'p:x', 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P2Y', 'vroegsignaal.signaal_id': '0190c6d8-5a4e-7c3b-9f1e-2d4a6b8c0e12',
}));

describe('audit content groups', () => {
  it('round-trips a group byte for byte and stores an append in a fraction of its size', () => {
    const records = Array.from({ length: 5 }, (_, i) => record(i));
    const entries = records.map((r) => ({ json: r.json, salt: r.salt.toString('base64') }));
    const blob = packGroup(entries);
    expect(unpackGroup(blob)).toEqual(entries);
    const plain = entries.reduce((n, e) => n + e.json.length + e.salt.length, 0);
    expect(blob.length).toBeLessThan(plain / 4);
  });

  it('groups only records of one time, at most maxGroup each', () => {
    const records = [record(0), record(1), record(2, '2026-11-23T10:00:00.001Z'), ...Array.from({ length: maxGroup + 1 }, (_, i) => record(10 + i, '2026-11-24T00:00:00.000Z'))];
    expect(groupRecords(records).map((g) => g.length)).toEqual([2, 1, maxGroup, 1]);
  });

  it('reads every record, also of a group that runs across a bucket boundary, and nothing past the end', async () => {
    const sealed = Array.from({ length: 70 }, (_, i) => record(i));
    await appendAuditRecords(db.redis, sealed.slice(0, 60));
    await appendAuditRecords(db.redis, sealed.slice(60, 66)); // 60…65: stored in bucket 0, ends in bucket 1
    const contents = await readContent(db.redis, [0, 15, 16, 59, 60, 63, 64, 65, 66]);
    for (const i of [0, 15, 16, 59, 60, 63, 64, 65]) expect(contents.get(i), `index ${i}`).toMatchObject({ json: sealed[i]!.json, salt: sealed[i]!.salt.toString('base64') });
    expect(contents.get(66)).toBeUndefined();
    expect(await db.redis.hexists(auditLogKeys.content(64), 'g:60')).toBe(0);
  });

  it('deletes one record of a group at once for every reader, and the group bytes with its last member', async () => {
    await appendAuditRecords(db.redis, [record(0), record(1)]);
    expect(await deleteRecordContent(db.redis, 1, at('2028-11-24T00:00:00Z'))).toBe(true);
    expect(await deleteRecordContent(db.redis, 1, at('2028-11-25T00:00:00Z'))).toBe(false);
    let contents = await readContent(db.redis, [0, 1]);
    expect(contents.get(0)).toMatchObject({ json: expect.stringContaining('stap-0') });
    expect(contents.get(1)).toEqual({ deleted: '2028-11-24T00:00:00.000Z' });
    expect(await deleteRecordContent(db.redis, 0, at('2028-11-26T00:00:00Z'))).toBe(true);
    contents = await readContent(db.redis, [0, 1]);
    expect(contents.get(0)).toEqual({ deleted: '2028-11-26T00:00:00.000Z' });
    expect(contents.get(1)).toEqual({ deleted: '2028-11-24T00:00:00.000Z' });
    expect(await db.redis.hexists(auditLogKeys.content(0), 'g:0')).toBe(0);
  });
});
