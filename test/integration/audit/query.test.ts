import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendAuditRecords } from '../../../src/audit/append.js';
import { sealRecord } from '../../../src/audit/leaf.js';
import { noteSigner } from '../../../src/audit/note.js';
import { queryRecords } from '../../../src/audit/query.js';
import { processingRecord } from '../../../src/audit/records.js';
import { AuditSequencer } from '../../../src/audit/sequencer.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
const signer = noteSigner('localhost/vroegsignaal', generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
beforeEach(async () => {
  await db.redis.flushall();
});

const record = (i: number, when: string, subject = 'p:x') => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, `stap-${i}`, new Date(when), {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': subject, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P2Y',
}));

describe('audit record queries', () => {
  it('starts a time range at its first record, also when indexes of one millisecond cross a power of ten', async () => {
    const t0 = '2026-11-23T10:00:00.000Z';
    const t1 = '2026-11-23T10:00:00.001Z';
    await appendAuditRecords(db.redis, Array.from({ length: 8 }, (_, i) => record(i, t0)));
    await appendAuditRecords(db.redis, Array.from({ length: 8 }, (_, i) => record(8 + i, t1))); // indexes 8…15, one millisecond
    const sequencer = new AuditSequencer(db.redis, { origin: 'localhost/vroegsignaal', signer });
    while ((await sequencer.step()) > 0);
    const page = await queryRecords(db.redis, { van: new Date(t1), limiet: 100 });
    expect(page.records.map((r) => r.index)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('pages through a facet whose runs cover the cursor, never skipping or repeating a record', async () => {
    for (let n = 0; n < 30; n++) await appendAuditRecords(db.redis, Array.from({ length: 5 }, (_, i) => record(n * 5 + i, `2026-11-23T10:00:${String(n).padStart(2, '0')}.000Z`, n % 3 === 0 ? 'p:a' : 'p:b')));
    const sequencer = new AuditSequencer(db.redis, { origin: 'localhost/vroegsignaal', signer });
    while ((await sequencer.step()) > 0);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryRecords(db.redis, { pseudoniem: 'p:a', limiet: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.records.map((r) => r.index));
      cursor = page.volgende ?? undefined;
    } while (cursor);
    const expected = Array.from({ length: 150 }, (_, i) => i).filter((i) => Math.floor(i / 5) % 3 === 0);
    expect(seen).toEqual(expected);
  });
});
