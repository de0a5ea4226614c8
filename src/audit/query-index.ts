import { keyPrefix } from '../redis/connection.js';

/**
 * Secondary indexes for the privacy officer's questions, written by the sequencer together with
 * the leaves: one sorted set per facet scored by log index (unique, so pages never skip or
 * repeat), one set scored by time to find where a time range starts, and per-day totals.
 */
export type Facet = 'alle' | 'tijd' | 'activiteit' | 'besluit' | 'reden' | 'partner' | 'pseudoniem' | 'gemeente';

export const queryKeys = {
  facet: (facet: Facet, value = '') => `${keyPrefix}audit:idx:${facet}${facet === 'alle' || facet === 'tijd' ? '' : `:${value}`}`,
  totals: (scope: string, day: string) => `${keyPrefix}audit:totalen:${scope}:${day}`,
};

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

export function recordFacts(record: Record<string, unknown>): RecordFacts {
  const attributes = (record.attributes ?? {}) as Record<string, string | undefined>;
  const time = Date.parse(String(record.start_time ?? record.timestamp ?? '')) || 0;
  const reasons = Array.isArray(record.reasons) ? record.reasons.map((r) => String((r as { code?: unknown }).code ?? '')).filter(Boolean) : [];
  const facts: RecordFacts = { time, day: new Date(time).toISOString().slice(0, 10), reasons: [...new Set(reasons)] };
  const activity = attributes['dpl.core.processing_activity_id'] ?? (record.processing_activity_id as string | undefined);
  if (activity) facts.activity = activity;
  if (typeof record.result === 'string') facts.result = record.result;
  const partner = attributes['vroegsignaal.partner_oin'] ?? (record.partner_oin as string | undefined);
  if (partner) facts.partner = partner;
  if (attributes['dpl.core.data_subject_id']) facts.pseudonym = attributes['dpl.core.data_subject_id'];
  if (attributes['vroegsignaal.gemeentecode']) facts.gemeentecode = attributes['vroegsignaal.gemeentecode'];
  return facts;
}

export interface IndexOps {
  zadd: Array<{ key: string; score: number; member: string }>;
  hincr: Array<{ key: string; field: string }>;
}

export function indexOps(index: number, facts: RecordFacts): IndexOps {
  const member = String(index);
  const at = (key: string) => ({ key, score: index, member });
  // No 'alle' set: every sequenced index is in it by definition (see query.ts sequencedRange).
  const zadd = [{ key: queryKeys.facet('tijd'), score: facts.time, member }];
  if (facts.activity) zadd.push(at(queryKeys.facet('activiteit', facts.activity)));
  if (facts.result) zadd.push(at(queryKeys.facet('besluit', facts.result)));
  for (const r of facts.reasons) zadd.push(at(queryKeys.facet('reden', r)));
  if (facts.partner) zadd.push(at(queryKeys.facet('partner', facts.partner)));
  if (facts.pseudonym) zadd.push(at(queryKeys.facet('pseudoniem', facts.pseudonym)));
  if (facts.gemeentecode) zadd.push(at(queryKeys.facet('gemeente', facts.gemeentecode)));
  const fields = [
    ...(facts.activity ? [`activiteit:${facts.activity}`] : []),
    ...(facts.result ? [`besluit:${facts.result}`] : []),
    ...facts.reasons.map((r) => `reden:${r}`),
  ];
  const scopes = ['alle', ...(facts.gemeentecode ? [facts.gemeentecode] : [])];
  const hincr = scopes.flatMap((scope) => fields.map((field) => ({ key: queryKeys.totals(scope, facts.day), field })));
  return { zadd, hincr };
}
