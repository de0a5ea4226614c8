import { describe, expect, it } from 'vitest';
import { expandMember, indexOps, maxRun, packFacts, unpackFacts, type RecordFacts } from '../../../src/audit/query-index.js';
import { queryKeys } from '../../../src/redis/keys.js';

const facts = (over: Partial<RecordFacts> = {}): RecordFacts => ({
  time: Date.parse('2026-11-23T10:00:00Z'), day: '2026-11-23', activity: 'urn:a', reasons: [], partner: '000001', pseudonym: 'p1', gemeentecode: '0518', ...over,
});

describe('audit search index runs', () => {
  it('indexes consecutive records as one run per facet, broken where a record lacks the facet', () => {
    // One partner's batch at one moment: two accepted signals, a refusal (a decision record: no
    // subject, no municipality), two accepted signals — one record each, as intake writes them.
    const accepted = facts({ result: 'allow', reasons: ['toegestaan'] });
    const refused = facts({ pseudonym: undefined, gemeentecode: undefined, result: 'deny', reasons: ['bedrag-te-laag'] });
    const batch = [accepted, accepted, refused, accepted, accepted].map((f, i) => ({ index: 10 + i, facts: f }));
    const { zadd, hincr } = indexOps(batch);
    const members = (key: string) => zadd.filter((z) => z.key === key).map((z) => [z.member, z.score]);
    expect(members(queryKeys.facet('activiteit', 'urn:a'))).toEqual([['10-14', 10]]);
    expect(members(queryKeys.facet('partner', '000001'))).toEqual([['10-14', 10]]);
    expect(members(queryKeys.facet('pseudoniem', 'p1'))).toEqual([['10-11', 10], ['13-14', 13]]);
    expect(members(queryKeys.facet('besluit', 'allow'))).toEqual([['10-11', 10], ['13-14', 13]]);
    expect(members(queryKeys.facet('besluit', 'deny'))).toEqual([['12', 12]]);
    expect(members(queryKeys.facet('tijd'))).toHaveLength(5);
    // Totals summed per counter: five activity counts gateway-wide, four in the municipality.
    expect(hincr).toContainEqual({ key: queryKeys.totals('alle', '2026-11-23'), field: 'activiteit:urn:a', by: 5 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('0518', '2026-11-23'), field: 'activiteit:urn:a', by: 4 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('0518', '2026-11-23'), field: 'besluit:allow', by: 4 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('alle', '2026-11-23'), field: 'besluit:deny', by: 1 });
    expect(hincr).toContainEqual({ key: queryKeys.totals('alle', '2026-11-23'), field: 'reden:toegestaan', by: 4 });
  });

  it('never lets a run mix times or grow past the look-back of a query', () => {
    const later = facts({ time: Date.parse('2026-11-23T10:00:00.001Z') });
    expect(indexOps([{ index: 0, facts: facts() }, { index: 1, facts: later }]).zadd.filter((z) => z.key === queryKeys.facet('partner', '000001')).map((z) => z.member)).toEqual(['0', '1']);
    const long = Array.from({ length: maxRun + 1 }, (_, i) => ({ index: i, facts: facts() }));
    const runs = indexOps(long).zadd.filter((z) => z.key === queryKeys.facet('partner', '000001')).map((z) => z.member);
    expect(runs).toEqual([`0-${maxRun - 1}`, String(maxRun)]);
    expect(runs.flatMap(expandMember)).toEqual(long.map((r) => r.index));
  });

  it('packs facts for the pending stream without losing any', () => {
    const f = facts({ reasons: ['te-oud'], result: 'deny' });
    expect(unpackFacts(JSON.parse(JSON.stringify(packFacts(f))))).toEqual(f);
    const bare = facts({ activity: undefined, partner: undefined, pseudonym: undefined, gemeentecode: undefined });
    expect(unpackFacts(packFacts(bare))).toEqual(bare);
  });
});
