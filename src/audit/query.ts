import type { Redis } from 'ioredis';
import { auditLogKeys } from '../redis/keys.js';
import { readContent } from './content.js';
import { expandMember, maxRun, recordFacts, type Facet } from './query-index.js';
import { queryKeys } from '../redis/keys.js';

export interface RecordQuery {
  van?: Date;
  tot?: Date;
  activiteit?: string;
  besluit?: string;
  reden?: string;
  partner?: string;
  pseudoniem?: string;
  /** The caller's scope: a municipality, or undefined for a gateway-wide officer. */
  gemeentecode?: string;
  cursor?: string;
  limiet: number;
}

export interface FoundRecord {
  index: number;
  record: Record<string, unknown> | null;
  /** With the salt, anyone holding the record can recompute its leaf. */
  salt?: string;
  verwijderd?: string;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** The cursor is the last index returned: indexes are unique, so a page never skips or repeats. */
function decodeCursor(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const n = Number(Buffer.from(text, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidCursorError('ongeldige cursor');
  return n;
}

const encodeCursor = (index: number) => Buffer.from(String(index)).toString('base64url');

/** The most selective index for the filters given; the others are checked per record. */
function primaryFacet(q: RecordQuery): [Facet, string] {
  if (q.pseudoniem) return ['pseudoniem', q.pseudoniem];
  if (q.reden) return ['reden', q.reden];
  if (q.partner) return ['partner', q.partner];
  if (q.activiteit) return ['activiteit', q.activiteit];
  if (q.besluit) return ['besluit', q.besluit];
  if (q.gemeentecode) return ['gemeente', q.gemeentecode];
  return ['alle', ''];
}

function matches(q: RecordQuery, record: Record<string, unknown> | null): boolean {
  if (!record) {
    // Without content nothing but the index membership is known: only unscoped, unfiltered views show it.
    return !q.gemeentecode && !q.activiteit && !q.besluit && !q.reden && !q.partner && !q.pseudoniem;
  }
  const f = recordFacts(record);
  return (!q.gemeentecode || f.gemeentecode === q.gemeentecode)
    && (!q.activiteit || f.activity === q.activiteit)
    && (!q.besluit || f.result === q.besluit)
    && (!q.reden || f.reasons.includes(q.reden))
    && (!q.partner || f.partner === q.partner)
    && (!q.pseudoniem || f.pseudonym === q.pseudoniem);
}

const skewToleranceMs = 5 * 60_000;

/**
 * Where a time range starts in log order: the first run whose latest record is at or after `van`
 * (the time index is scored so); the records before `van` in it are skipped by the caller.
 * Members of one score are ordered as strings ("10" before "8"), so the smallest first index is
 * found among all runs of that score.
 */
async function firstIndexFrom(redis: Redis, van: Date | undefined): Promise<number> {
  if (!van) return 0;
  const [, score] = await redis.zrangebyscore(queryKeys.facet('tijd'), van.getTime(), '+inf', 'WITHSCORES', 'LIMIT', 0, 1);
  if (score === undefined) return Number.MAX_SAFE_INTEGER;
  const sameTime = await redis.zrangebyscore(queryKeys.facet('tijd'), score, score);
  return Math.min(...sameTime.map((member) => expandMember(member)[0]!));
}

/**
 * Without a filter every sequenced index qualifies: they are 0 … size-1, so no index needs to
 * list them (that set cost more memory per record than any other).
 */
async function sequencedRange(redis: Redis, from: number, count: number): Promise<{ indexes: number[]; last: boolean }> {
  const size = Number((await redis.get(auditLogKeys.size)) ?? 0);
  const indexes = Array.from({ length: Math.max(0, Math.min(count, size - from)) }, (_, i) => from + i);
  return { indexes, last: indexes.length < count };
}

/**
 * Up to `count` indexes ≥ `from` in a facet, runs expanded. A run scored below `from` may still
 * cover it, hence the look back; it holds fewer members than `count`, so a full page always
 * reaches past `from`.
 */
async function facetRange(redis: Redis, key: string, from: number, count: number): Promise<{ indexes: number[]; last: boolean }> {
  const members = await redis.zrangebyscore(key, Math.max(0, from - maxRun + 1), '+inf', 'LIMIT', 0, count);
  return { indexes: members.flatMap(expandMember).filter((i) => i >= from), last: members.length < count };
}

/** Records matching the filters in log order, a page at a time with an opaque cursor. */
export async function queryRecords(redis: Redis, q: RecordQuery): Promise<{ records: FoundRecord[]; volgende: string | null }> {
  const [facet, value] = primaryFacet(q);
  const key = queryKeys.facet(facet, value);
  const after = decodeCursor(q.cursor);
  let from = after !== undefined ? after + 1 : await firstIndexFrom(redis, q.van);
  const fromTime = q.van?.getTime() ?? -Infinity;
  const toTime = q.tot?.getTime() ?? Infinity;
  const batchSize = Math.max(q.limiet * 2, maxRun * 2);
  const out: FoundRecord[] = [];
  for (;;) {
    const { indexes, last } = facet === 'alle' ? await sequencedRange(redis, from, batchSize) : await facetRange(redis, key, from, batchSize);
    if (indexes.length === 0) return { records: out, volgende: null };
    const contents = await readContent(redis, indexes);
    for (const index of indexes) {
      const c = contents.get(index);
      const [json, deleted, salt] = c && 'json' in c ? [c.json, undefined, c.salt] : [undefined, c?.deleted, undefined];
      const record = json ? (JSON.parse(json) as Record<string, unknown>) : null;
      if (record) {
        const t = recordFacts(record).time;
        // Log order follows time up to clock skew between instances: well past `tot`, stop.
        if (t >= toTime + skewToleranceMs) return { records: out, volgende: null };
        if (t < fromTime || t >= toTime) continue;
      }
      if (!matches(q, record)) continue;
      out.push({ index, record, ...(salt ? { salt } : {}), ...(deleted ? { verwijderd: deleted } : {}) });
      if (out.length === q.limiet) return { records: out, volgende: encodeCursor(index) };
    }
    if (last) return { records: out, volgende: null };
    from = indexes[indexes.length - 1]! + 1;
  }
}

export interface Totals {
  activiteit: Record<string, number>;
  besluit: Record<string, number>;
  reden: Record<string, number>;
}

/** Totals per activity, decision and reason over [van, tot] (whole days, UTC). */
export async function totals(redis: Redis, scope: string, van: string, tot: string): Promise<Totals> {
  const result: Totals = { activiteit: {}, besluit: {}, reden: {} };
  const pipeline = redis.pipeline();
  for (let d = new Date(`${van}T00:00:00Z`); d.toISOString().slice(0, 10) <= tot; d.setUTCDate(d.getUTCDate() + 1)) {
    pipeline.hgetall(queryKeys.totals(scope, d.toISOString().slice(0, 10)));
  }
  for (const [, day] of (await pipeline.exec()) ?? []) {
    for (const [field, count] of Object.entries((day ?? {}) as Record<string, string>)) {
      const split = field.indexOf(':');
      const group = field.slice(0, split) as keyof Totals;
      const name = field.slice(split + 1);
      if (result[group]) result[group][name] = (result[group][name] ?? 0) + Number(count);
    }
  }
  return result;
}
