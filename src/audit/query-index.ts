import { queryKeys } from '../redis/keys.js';

/**
 * Secondary indexes for the privacy officer's questions, written by the sequencer together with
 * the leaves: one sorted set per facet scored by log index (unique, so pages never skip or
 * repeat), one set scored by time to find where a time range starts, and per-day totals.
 *
 * A facet member names a run of consecutive records with the same value and the same time —
 * `"12"` or `"12-16"`, scored by its first index. Consecutive records often share partner,
 * municipality and activity (the signals of one batch, a worker's actions on one case), so a run
 * cuts index writes and memory. Runs never mix times, so retention (which goes by time) ends a
 * run as a whole.
 */
export type Facet = 'alle' | 'tijd' | 'activiteit' | 'besluit' | 'reden' | 'partner' | 'pseudoniem' | 'gemeente';

/** The longest run: a query starting at index i looks back this far for a run covering i. */
export const maxRun = 64;

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

/** The facet sets a record belongs to (not 'tijd', which has one member per record). */
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

/** The log indexes a facet member stands for. */
export function expandMember(member: string): number[] {
  const dash = member.indexOf('-');
  if (dash < 0) return [Number(member)];
  const first = Number(member.slice(0, dash));
  return Array.from({ length: Number(member.slice(dash + 1)) - first + 1 }, (_, i) => first + i);
}

export interface IndexOps {
  zadd: Array<{ key: string; score: number; member: string }>;
  /** Per-day totals, summed over the batch: one HINCRBY per counter, not per record. */
  hincr: Array<{ key: string; field: string; by: number }>;
}

/** The index writes for a sequenced batch of consecutive records, in index order. */
export function indexOps(records: Array<{ index: number; facts: RecordFacts }>): IndexOps {
  const zadd: IndexOps['zadd'] = [];
  const open = new Map<string, { first: number; last: number; time: number }>();
  const flush = (key: string, run: { first: number; last: number }) =>
    zadd.push({ key, score: run.first, member: run.first === run.last ? String(run.first) : `${run.first}-${run.last}` });
  const counts = new Map<string, number>();
  for (const { index, facts } of records) {
    zadd.push({ key: queryKeys.facet('tijd'), score: facts.time, member: String(index) });
    for (const key of facetKeys(facts)) {
      const run = open.get(key);
      if (run && run.last === index - 1 && run.time === facts.time && run.last - run.first + 1 < maxRun) {
        run.last = index;
        continue;
      }
      if (run) flush(key, run);
      open.set(key, { first: index, last: index, time: facts.time });
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
  for (const [key, run] of open) flush(key, run);
  const hincr = [...counts].map(([counter, by]) => {
    const [key, field] = counter.split('\n') as [string, string];
    return { key, field, by };
  });
  return { zadd, hincr };
}
