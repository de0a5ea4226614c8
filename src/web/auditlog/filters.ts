import { z } from 'zod';
import type { RecordQuery } from '../../audit/query.js';
import { gatewayWideGemeentecode } from '../../auth/claims.js';

/**
 * The Auditlog page's filters as the query string of a GET form: the same filters as
 * `GET /v1/auditlog/records` (period, activity, decision, reason, partner), in a form's terms —
 * whole days instead of timestamps, empty fields meaning "all". No personal data among them: the
 * person search is a POST of its own.
 */
export const filterFields = ['van', 'tot', 'activiteit', 'besluit', 'reden', 'partner'] as const;
export type FilterField = (typeof filterFields)[number];
export type FilterValues = Partial<Record<FilterField, string>>;

/** Records per page. */
export const pageSize = 25;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
const schema = z.object({
  van: day.optional(),
  tot: day.optional(),
  activiteit: z.string().max(200).optional(),
  besluit: z.enum(['allow', 'deny']).optional(),
  reden: z.string().max(100).optional(),
  partner: z.string().regex(/^[0-9]{20}$/).optional(),
  cursor: z.string().max(64).optional(),
});

const messages: Record<FilterField, string> = {
  van: 'Vul een datum in als JJJJ-MM-DD.',
  tot: 'Vul een datum in als JJJJ-MM-DD, niet vóór de begindatum.',
  activiteit: 'Kies een verwerkingsactiviteit uit de lijst.',
  besluit: 'Kies toegestaan of geweigerd.',
  reden: 'Een reden is hoogstens 100 tekens.',
  partner: 'Kies een signaalpartner uit de lijst.',
};

export type FilterParse =
  | { ok: true; values: FilterValues; query: RecordQuery; cursor?: string }
  | { ok: false; values: FilterValues; errors: Partial<Record<FilterField, string>> };

/**
 * The query string as a record query in the officer's scope. Dates are whole days in UTC (as the
 * API's totals): `tot` includes its day.
 */
export function parseFilters(raw: Record<string, unknown>, officer: { gemeentecode: string }): FilterParse {
  const text = (name: string) => {
    const v = raw[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const values: FilterValues = Object.fromEntries(filterFields.flatMap((name) => (text(name) ? [[name, text(name)]] : [])));
  const cursor = text('cursor');
  const parsed = schema.safeParse({ ...values, ...(cursor ? { cursor } : {}) });
  const errors: Partial<Record<FilterField, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]) as FilterField;
      if (name in messages) errors[name] = messages[name];
    }
  } else if (parsed.data.van && parsed.data.tot && parsed.data.tot < parsed.data.van) errors.tot = messages.tot;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, values, errors };
  const f = parsed.data;
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);
  const query: RecordQuery = {
    ...(f.van ? { van: new Date(`${f.van}T00:00:00Z`) } : {}),
    ...(f.tot ? { tot: nextDay(f.tot) } : {}),
    ...(f.activiteit ? { activiteit: f.activiteit } : {}),
    ...(f.besluit ? { besluit: f.besluit } : {}),
    ...(f.reden ? { reden: f.reden } : {}),
    ...(f.partner ? { partner: f.partner } : {}),
    ...(f.cursor ? { cursor: f.cursor } : {}),
    ...(officer.gemeentecode === gatewayWideGemeentecode ? {} : { gemeentecode: officer.gemeentecode }),
    limiet: pageSize,
  };
  return { ok: true, values, query, ...(f.cursor ? { cursor: f.cursor } : {}) };
}

/** The address of a page of these filters (the next one with its cursor). */
export function filterHref(values: FilterValues, cursor?: string): string {
  const params = new URLSearchParams();
  for (const name of filterFields) if (values[name]) params.set(name, values[name]!);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/auditlog?${query}` : '/auditlog';
}
