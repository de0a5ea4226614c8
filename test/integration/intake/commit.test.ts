import { describe, expect, it } from 'vitest';
import { processingRecord } from '../../../src/audit/records.js';
import { sealRecord } from '../../../src/audit/leaf.js';
import { commitIntakes, type CommitInput } from '../../../src/intake/commit.js';
import { useTestRedis } from '../../helpers/redis.js';
import { auditRecords } from '../../helpers/audit.js';

const db = useTestRedis();

const record = () => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, 'test', new Date(0), {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': 'p:x', 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P1D',
}));

/** One signal on its own: a chunk of one, which nothing else can hold back. */
const commitIntake = async (redis: typeof db.redis, input: CommitInput) => (await commitIntakes(redis, [input]))[0]!;

describe('commitIntakes (one Lua script per chunk)', () => {
  it('writes idempotency key, hashes and consecutive audit records together', async () => {
    const result = await commitIntake(db.redis, {
      idempotencyKey: 'vs:idem:t:1', idempotencyValue: { contentHash: 'h', signaalId: 's1' },
      records: [record(), record(), record()],
      hashes: [{ key: 'vs:signaal:s1', fields: { a: '1' } }, { key: 'vs:zaak:z1', fields: { b: '2' } }],
      auditIndexInto: 'vs:signaal:s1',
    });
    expect(result).toEqual({ committed: true, firstAuditIndex: 0 });
    expect(await db.redis.hgetall('vs:signaal:s1')).toEqual({ a: '1', auditIndex: '0' });
    expect(await db.redis.hgetall('vs:zaak:z1')).toEqual({ b: '2' });
    // Content at its index; one stream entry for the sequencer, starting at the first index.
    expect((await auditRecords(db.redis)).map((e) => e.index)).toEqual([0, 1, 2]);
    const entries = await db.redis.xrange('vs:audit:log', '-', '+');
    expect(entries.map(([, f]) => f[1])).toEqual(['0']);
  });

  it('lets exactly one of twenty concurrent commits for one id win, the rest see the winner', async () => {
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => commitIntake(db.redis, {
      idempotencyKey: 'vs:idem:t:race', idempotencyValue: { contentHash: 'h', signaalId: `s-${i}` },
      records: [record()],
      hashes: [{ key: `vs:signaal:race-${i}`, fields: { n: String(i) } }],
      auditIndexInto: `vs:signaal:race-${i}`,
    })));
    const winners = attempts.filter((a) => a.committed);
    expect(winners).toHaveLength(1);
    const losers = attempts.filter((a): a is Extract<typeof a, { existing: unknown }> => 'existing' in a);
    const winnerId = JSON.parse((await db.redis.get('vs:idem:t:race'))!).signaalId;
    expect(losers.every((l) => l.existing.signaalId === winnerId)).toBe(true);
    expect(await db.redis.keys('vs:signaal:race-*')).toHaveLength(1);
  });

  it('writes nothing when a guard no longer holds, and says the plan is stale', async () => {
    await db.redis.hset('vs:adres:x', 'open', 'zaak-b');
    const result = await commitIntake(db.redis, {
      idempotencyKey: 'vs:idem:t:stale', idempotencyValue: { contentHash: 'h', signaalId: 'st' },
      records: [record()], hashes: [{ key: 'vs:signaal:st', fields: { a: '1' } }], auditIndexInto: 'vs:signaal:st',
      guards: [{ key: 'vs:adres:x', field: 'open', expected: 'zaak-a' }],
    });
    expect(result).toEqual({ committed: false, stale: true });
    expect(await db.redis.exists('vs:idem:t:stale', 'vs:signaal:st')).toBe(0);
  });

  it('writes nothing when Redis refuses the write', async () => {
    const before = await db.redis.dbsize();
    await db.redis.config('SET', 'maxmemory', '1');
    try {
      await expect(commitIntake(db.redis, {
        idempotencyKey: 'vs:idem:t:oom', idempotencyValue: { contentHash: 'h', signaalId: 'oom' },
        records: [record()], hashes: [{ key: 'vs:signaal:oom', fields: { a: '1' } }], auditIndexInto: 'vs:signaal:oom',
      })).rejects.toThrow(/OOM/);
    } finally {
      await db.redis.config('SET', 'maxmemory', '0');
    }
    expect(await db.redis.dbsize()).toBe(before);
  });

  it('commits a chunk all or nothing: one stale plan holds the others back, and a clean chunk gets consecutive indexes', async () => {
    await db.redis.hset('vs:adres:chunk', 'open', 'zaak-new');
    const input = (id: string, guards: CommitInput['guards'] = [], records = 1): CommitInput => ({
      idempotencyKey: `vs:idem:t:${id}`, idempotencyValue: { contentHash: 'h', signaalId: id },
      records: Array.from({ length: records }, record), hashes: [{ key: `vs:signaal:${id}`, fields: { a: '1' } }], auditIndexInto: `vs:signaal:${id}`, guards,
    });
    const before = Number((await db.redis.get('vs:audit:volgend')) ?? 0);
    const refused = await commitIntakes(db.redis, [input('c1'), input('c2', [{ key: 'vs:adres:chunk', field: 'open', expected: '' }]), input('c3')]);
    expect(refused).toEqual([{ committed: false, heldBack: true }, { committed: false, stale: true }, { committed: false, heldBack: true }]);
    expect(await db.redis.exists('vs:signaal:c1', 'vs:signaal:c3', 'vs:idem:t:c1')).toBe(0);
    expect(Number((await db.redis.get('vs:audit:volgend')) ?? 0)).toBe(before);

    const written = await commitIntakes(db.redis, [input('c1', [], 2), input('c3')]);
    expect(written).toEqual([{ committed: true, firstAuditIndex: before }, { committed: true, firstAuditIndex: before + 2 }]);
    expect(await db.redis.hget('vs:signaal:c1', 'auditIndex')).toBe(String(before));
    expect(await db.redis.hget('vs:signaal:c3', 'auditIndex')).toBe(String(before + 2));
    // A seen id is said with its earlier value, and holds the fresh one back.
    const again = await commitIntakes(db.redis, [input('c4'), input('c1')]);
    expect(again).toEqual([{ committed: false, heldBack: true }, { committed: false, existing: { contentHash: 'h', signaalId: 'c1' } }]);
  });
});
