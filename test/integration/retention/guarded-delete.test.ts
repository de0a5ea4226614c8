import { describe, expect, it } from 'vitest';
import { sealRecord } from '../../../src/audit/leaf.js';
import { processingRecord } from '../../../src/audit/records.js';
import { deleteGuarded } from '../../../src/retention/guarded-delete.js';
import { auditRecords } from '../../helpers/audit.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
const record = () => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, 'signaal-verwijderd', new Date('2027-01-01T00:00:00Z'), {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': 'p', 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P1D',
}));

describe('a retention deletion of fields in a shared hash (a partner’s history inside the address hash)', () => {
  it('removes only the named fields whose value (by its first | part) is the deleted signal’s, the hash going with its last field', async () => {
    await db.redis.flushall();
    await db.redis.hset('vs:adres:x', { open: 'zaak-b', 'p:1': 's1|2026-09-30|400|2026-11-28', 'p:2': 's2|2026-09-30|400|2026-11-28' });
    await db.redis.hset('vs:signaal:s1', 'bewaarTot', 't');
    const deletion = (field: string, signaalId: string) => deleteGuarded(db.redis, {
      guards: [{ key: 'vs:signaal:s1', field: 'bewaarTot', expected: 't' }], dels: [], zrems: [], records: [record()],
      ifDels: [{ key: 'vs:adres:x', when: { [field]: [signaalId] }, fields: [field] }],
    });
    // A later signal of the same partner set the field: it stays.
    expect(await deletion('p:2', 's1')).toBe(true);
    expect(await deletion('p:1', 's1')).toBe(true);
    expect(await db.redis.hgetall('vs:adres:x')).toEqual({ open: 'zaak-b', 'p:2': 's2|2026-09-30|400|2026-11-28' });
    expect(await auditRecords(db.redis)).toHaveLength(2);

    await db.redis.hdel('vs:adres:x', 'open');
    expect(await deletion('p:2', 's2')).toBe(true);
    expect(await db.redis.exists('vs:adres:x')).toBe(0);
  });

  it('still deletes a whole key when no fields are named', async () => {
    await db.redis.flushall();
    await db.redis.hset('vs:adres:y', { open: 'z' });
    await db.redis.hset('vs:signaal:s1', 'bewaarTot', 't');
    expect(await deleteGuarded(db.redis, {
      guards: [{ key: 'vs:signaal:s1', field: 'bewaarTot', expected: 't' }], dels: [], zrems: [], records: [record()],
      ifDels: [{ key: 'vs:adres:y', when: { open: ['', 'z'] } }],
    })).toBe(true);
    expect(await db.redis.exists('vs:adres:y')).toBe(0);
  });
});
