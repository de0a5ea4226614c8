import { describe, expect, it } from 'vitest';
import { encodeMember, expandMember, indexOps, memberCount, maxRun, packFacts, runSpanMs, unpackFacts, type RecordFacts } from '../../../src/audit/query-index.js';
import { queryKeys } from '../../../src/redis/keys.js';

const facts = (over: Partial<RecordFacts> = {}): RecordFacts => ({
  time: Date.parse('2026-11-23T10:00:00Z'), day: '2026-11-23', activity: 'urn:a', reasons: [], partner: '000001', pseudonym: 'p1', gemeentecode: '0518', ...over,
});

describe('audit search index runs', () => {
  it('indexes the records of one value as one run per facet, stepping over a record without it', () => {
    // One partner's batch at one moment: two accepted signals, a refusal (a decision record: no
    // subject, no municipality), two accepted signals — one record each, as intake writes them.
    const accepted = facts({ result: 'allow', reasons: ['toegestaan'] });
    const refused = facts({ pseudonym: undefined, gemeentecode: undefined, result: 'deny', reasons: ['bedrag-te-laag'] });
    const batch = [accepted, accepted, refused, accepted, accepted].map((f, i) => ({ index: 10 + i, facts: f }));
    const { zadd, hincr } = indexOps(batch);
    const members = (key: string) => zadd.filter((z) => z.key === key).map((z) => [z.member, z.score]);
    expect(members(queryKeys.facet('activiteit', 'urn:a'))).toEqual([['10-14', 10]]);
    expect(members(queryKeys.facet('partner', '000001'))).toEqual([['10-14', 10]]);
    expect(members(queryKeys.facet('pseudoniem', 'p1'))).toEqual([['10,1,2,1', 10]]);
    expect(members(queryKeys.facet('besluit', 'allow'))).toEqual([['10,1,2,1', 10]]);
    expect(members(queryKeys.facet('besluit', 'deny'))).toEqual([['12', 12]]);
    // The time index: one run of the five, scored by its latest time.
    expect(members(queryKeys.facet('tijd'))).toEqual([['10-14', Date.parse('2026-11-23T10:00:00Z')]]);
    // Totals summed per counter: five activity counts gateway-wide, four in the municipality.
    expect(hincr).toContainEqual({ key: queryKeys.totals('alle', '2026-11-23'), field: 'activiteit:urn:a', by: 5 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('0518', '2026-11-23'), field: 'activiteit:urn:a', by: 4 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('0518', '2026-11-23'), field: 'besluit:allow', by: 4 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('alle', '2026-11-23'), field: 'besluit:deny', by: 1 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('alle', '2026-11-23'), field: 'reden:toegestaan', by: 4 });
  });

  it('keeps a run within the look-back of a query, within runSpanMs, and never back in time', () => {
    const at = (ms: number) => facts({ time: Date.parse('2026-11-23T10:00:00Z') + ms });
    const partnerRuns = (rs: Array<{ index: number; facts: RecordFacts }>) => indexOps(rs).zadd.filter((z) => z.key === queryKeys.facet('partner', '000001')).map((z) => z.member);
    expect(partnerRuns([{ index: 0, facts: at(0) }, { index: 1, facts: at(runSpanMs) }, { index: 2, facts: at(runSpanMs + 1) }])).toEqual(['0-1', '2']);
    expect(partnerRuns([{ index: 0, facts: at(5) }, { index: 1, facts: at(4) }])).toEqual(['0', '1']);
    const long = Array.from({ length: maxRun + 1 }, (_, i) => ({ index: i, facts: facts() }));
    const runs = partnerRuns(long);
    expect(runs).toEqual([`0-${maxRun - 1}`, String(maxRun)]);
    expect(runs.flatMap(expandMember)).toEqual(long.map((r) => r.index));
  });

  it('indexes interleaved municipalities as one member each per window, and times as runs by their latest time', () => {
    // A national partner's batch: records for two municipalities alternate.
    const batch = Array.from({ length: 6 }, (_, i) => ({ index: 100 + i, facts: facts({ gemeentecode: i % 2 ? '0363' : '0518', time: facts().time + i }) }));
    const { zadd } = indexOps(batch);
    const of = (key: string) => zadd.filter((z) => z.key === key).map((z) => [z.member, z.score]);
    expect(of(queryKeys.facet('gemeente', '0518'))).toEqual([['100,2,2', 100]]);
    expect(of(queryKeys.facet('gemeente', '0363'))).toEqual([['101,2,2', 101]]);
    expect(expandMember('101,2,2')).toEqual([101, 103, 105]);
    expect(of(queryKeys.facet('tijd'))).toEqual([['100-105', facts().time + 5]]);
    for (const indexes of [[7], [7, 8, 9], [7, 9, 30], [0, 63]]) expect(expandMember(encodeMember(indexes))).toEqual(indexes);
  });

  it('packs facts for the pending stream without losing any', () => {
    const f = facts({ reasons: ['te-oud'], result: 'deny' });
    expect(unpackFacts(JSON.parse(JSON.stringify(packFacts(f))))).toEqual(f);
    const bare = facts({ activity: undefined, partner: undefined, pseudonym: undefined, gemeentecode: undefined });
    expect(unpackFacts(packFacts(bare))).toEqual(bare);
  });
});

describe('memberCount', () => {
  it('counts the indexes a member stands for, as expandMember lists them', () => {
    for (const indexes of [[7], [10, 11, 12, 13, 14], [10, 11, 13, 14], [0, 1000, 1001], Array.from({ length: 500 }, (_, i) => 3 * i)]) {
      const member = encodeMember(indexes);
      expect(memberCount(member), member).toBe(expandMember(member).length);
      expect(memberCount(member)).toBe(indexes.length);
    }
  });
});
