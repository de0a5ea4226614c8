import { queryKeys } from '../redis/keys.js';

/**
 * Secondary indexes for the privacy officer's questions, written by the sequencer together with
 * the leaves: one sorted set per facet scored by log index (unique, so pages never skip or
 * repeat), one set scored by time to find where a time range starts, and per-day totals.
 *
 * A facet member names a run of records with the same value: `"12"`, `"12-16"` (consecutive) or
 * `"12,2,1,5"` (the first index, then the steps to the next ones), scored by its first index.
 * A run stays inside a window of `maxRun` indexes, so a query looks back at most that far, and
 * its times never go back and lie within `runSpanMs` of its first: the signals of one batch for
 * many municipalities interleave, and one member per municipality per window costs a few bytes
 * per record where a member per record cost a hundred. Retention (by time) removes a run when its
 * first record is due, at most `runSpanMs` before the last one is.
 *
 * The time index holds runs of consecutive records too, scored by the run's last (latest) time:
 * a run is due only when all of it is, and a time range starts in the first run that reaches it.
 */
export type Facet = 'alle' | 'tijd' | 'activiteit' | 'besluit' | 'reden' | 'partner' | 'pseudoniem' | 'gemeente';

/** The widest run: a query starting at index i looks back this far for a run covering i. */
export const maxRun = 64;

/** How far apart in time the records of one run may be (see above). */
export const runSpanMs = 1_000;

/** Everything a record is findable by. Pure: the sequencer turns it into ZADD/HINCRBY. */
export interface RecordFacts {
  time: number;
  day: string;
  activity?: string;
  result?: string;
  reasons: string[];
  partner?: string;
  pseudonym?: string;
  gemeentecode?: string;
}

export function recordFacts(record: object): RecordFacts {
  const r = record as Record<string, unknown>;
  const attributes = (r.attributes ?? {}) as Record<string, string | undefined>;
  const time = Date.parse(String(r.start_time ?? r.timestamp ?? '')) || 0;
  // A decision record has its reasons as objects; an accepted signal's processing record carries
  // the same decision as attributes (records.ts SignalProcessingAttributes).
  const codes = (r.attributes as Record<string, unknown> | undefined)?.['vroegsignaal.besluit.codes'];
  const reasons = Array.isArray(r.reasons)
    ? r.reasons.map((x) => String((x as { code?: unknown }).code ?? '')).filter(Boolean)
    : Array.isArray(codes) ? codes.map(String).filter(Boolean) : [];
  const facts: RecordFacts = { time, day: new Date(time).toISOString().slice(0, 10), reasons: [...new Set(reasons)] };
  const activity = attributes['dpl.core.processing_activity_id'] ?? (r.processing_activity_id as string | undefined);
  if (activity) facts.activity = activity;
  const result = r.result ?? attributes['vroegsignaal.besluit.resultaat'];
  if (typeof result === 'string') facts.result = result;
  const partner = attributes['vroegsignaal.partner_oin'] ?? (r.partner_oin as string | undefined);
  if (partner) facts.partner = partner;
  if (attributes['dpl.core.data_subject_id']) facts.pseudonym = attributes['dpl.core.data_subject_id'];
  if (attributes['vroegsignaal.gemeentecode']) facts.gemeentecode = attributes['vroegsignaal.gemeentecode'];
  return facts;
}

type PackedFacts = [number, string | null, string | null, string[], string | null, string | null, string | null];

/** Facts as they travel in the pending stream: small, so the sequencer never parses a record. */
export function packFacts(f: RecordFacts): PackedFacts {
  return [f.time, f.activity ?? null, f.result ?? null, f.reasons, f.partner ?? null, f.pseudonym ?? null, f.gemeentecode ?? null];
}

export function unpackFacts([time, activity, result, reasons, partner, pseudonym, gemeentecode]: PackedFacts): RecordFacts {
  const facts: RecordFacts = { time, day: new Date(time).toISOString().slice(0, 10), reasons };
  if (activity) facts.activity = activity;
  if (result) facts.result = result;
  if (partner) facts.partner = partner;
  if (pseudonym) facts.pseudonym = pseudonym;
  if (gemeentecode) facts.gemeentecode = gemeentecode;
  return facts;
}

/** The facet sets a record belongs to (besides the time index, which holds every record). */
export function facetKeys(facts: RecordFacts): string[] {
  const keys: string[] = [];
  if (facts.activity) keys.push(queryKeys.facet('activiteit', facts.activity));
  if (facts.result) keys.push(queryKeys.facet('besluit', facts.result));
  for (const r of facts.reasons) keys.push(queryKeys.facet('reden', r));
  if (facts.partner) keys.push(queryKeys.facet('partner', facts.partner));
  if (facts.pseudonym) keys.push(queryKeys.facet('pseudoniem', facts.pseudonym));
  if (facts.gemeentecode) keys.push(queryKeys.facet('gemeente', facts.gemeentecode));
  return keys;
}

/** The member for ascending indexes: the shortest of the three forms. */
export function encodeMember(indexes: number[]): string {
  const first = indexes[0]!;
  const last = indexes[indexes.length - 1]!;
  if (indexes.length === 1) return String(first);
  if (last - first === indexes.length - 1) return `${first}-${last}`;
  return indexes.map((index, i) => (i === 0 ? index : index - indexes[i - 1]!)).join(',');
}

/** The log indexes a facet or time member stands for. */
export function expandMember(member: string): number[] {
  if (member.includes(',')) {
    let at = 0;
    return member.split(',').map((step) => (at += Number(step)));
  }
  const dash = member.indexOf('-');
  if (dash < 0) return [Number(member)];
  const first = Number(member.slice(0, dash));
  return Array.from({ length: Number(member.slice(dash + 1)) - first + 1 }, (_, i) => first + i);
}

/** How many log indexes a facet or time member stands for, without listing them (expandMember's length). */
export function memberCount(member: string): number {
  if (member.includes(',')) return member.split(',').length;
  const dash = member.indexOf('-');
  return dash < 0 ? 1 : Number(member.slice(dash + 1)) - Number(member.slice(0, dash)) + 1;
}

export interface IndexOps {
  zadd: Array<{ key: string; score: number; member: string }>;
  /** Per-day totals, summed over the batch: one HINCRBY per counter, not per record. */
  hincr: Array<{ key: string; field: string; by: number }>;
}

/** The index writes for a sequenced batch of consecutive records, in index order. */
export function indexOps(records: Array<{ index: number; facts: RecordFacts }>): IndexOps {
  const zadd: IndexOps['zadd'] = [];
  const open = new Map<string, { indexes: number[]; first: number; last: number }>();
  const flush = (key: string, run: { indexes: number[]; last: number }, byTime: boolean) =>
    zadd.push({ key, score: byTime ? run.last : run.indexes[0]!, member: encodeMember(run.indexes) });
  const timeKey = queryKeys.facet('tijd');
  const counts = new Map<string, number>();
  for (const { index, facts } of records) {
    for (const key of [timeKey, ...facetKeys(facts)]) {
      const run = open.get(key);
      const joins = run && index - run.indexes[0]! < maxRun && facts.time >= run.last && facts.time - run.first <= runSpanMs
        // The time index: consecutive records only, so a run never hides a record of another.
        && (key !== timeKey || run.indexes[run.indexes.length - 1] === index - 1);
      if (run && joins) {
        run.indexes.push(index);
        run.last = facts.time;
        continue;
      }
      if (run) flush(key, run, key === timeKey);
      open.set(key, { indexes: [index], first: facts.time, last: facts.time });
    }
    const fields = [
      ...(facts.activity ? [`activiteit:${facts.activity}`] : []),
      ...(facts.result ? [`besluit:${facts.result}`] : []),
      ...facts.reasons.map((r) => `reden:${r}`),
    ];
    for (const scope of ['alle', ...(facts.gemeentecode ? [facts.gemeentecode] : [])]) {
      for (const field of fields) {
        const counter = `${queryKeys.totals(scope, facts.day)}\n${field}`;
        counts.set(counter, (counts.get(counter) ?? 0) + 1);
      }
    }
  }
  for (const [key, run] of open) flush(key, run, key === timeKey);
  const hincr = [...counts].map(([counter, by]) => {
    const [key, field] = counter.split('\n') as [string, string];
    return { key, field, by };
  });
  return { zadd, hincr };
}
