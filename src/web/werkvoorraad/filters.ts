import { signaalpartnerTypes, type SignaalpartnerType } from '../../intake/schema.js';
import type { WorklistEntry } from './worklist.js';

/**
 * The Werkvoorraad's filters. Every filter is a set of checkboxes (a GET form: the values are
 * categories, not personal data, so they may stand in the address): within one filter the
 * ticked options add up (Huur or Energie), between filters they narrow (Huur and crisis).
 * Nothing ticked in a filter means that filter does not narrow.
 * The postcode areas (PC4) on offer are those of the cases in the list (and any ticked).
 */

export const amountBands = [
  { value: 'tot-500', label: 'Tot € 500', min: 0, max: 499 },
  { value: '500-1000', label: '€ 500 tot € 1.000', min: 500, max: 999 },
  { value: '1000-5000', label: '€ 1.000 tot € 5.000', min: 1000, max: 4999 },
  { value: 'vanaf-5000', label: '€ 5.000 of meer', min: 5000, max: Number.POSITIVE_INFINITY },
] as const;
export type AmountBand = (typeof amountBands)[number]['value'];

export const deadlineOptions = [
  { value: 'te-laat', label: 'Termijn verstreken', badge: 'te laat' },
  { value: 'vandaag', label: 'Termijn verloopt vandaag', badge: 'vandaag' },
] as const;
export type DeadlineOption = (typeof deadlineOptions)[number]['value'];

export interface WorklistFilter {
  partner: SignaalpartnerType[];
  bedrag: AmountBand[];
  crisis: boolean;
  termijn: DeadlineOption[];
  /** Postcode areas, four digits each. */
  pc4: string[];
}

export type FilterName = keyof WorklistFilter;

export const noFilter: WorklistFilter = { partner: [], bedrag: [], crisis: false, termijn: [], pc4: [] };

const pc4Pattern = /^[1-9][0-9]{3}$/;

function values(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string');
  return typeof raw === 'string' ? [raw] : [];
}

function known<T extends string>(raw: unknown, allowed: readonly T[]): T[] {
  return allowed.filter((v) => values(raw).includes(v));
}

/** The filter from a query string (as fastify parses it); anything unknown is ignored, never an error. */
export function parseFilter(query: unknown): WorklistFilter {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  return {
    partner: known(q.partner, signaalpartnerTypes),
    bedrag: known(q.bedrag, amountBands.map((b) => b.value)),
    crisis: values(q.crisis).includes('ja'),
    termijn: known(q.termijn, deadlineOptions.map((d) => d.value)),
    pc4: [...new Set(values(q.pc4).filter((v) => pc4Pattern.test(v)))].sort(),
  };
}

/** Whether a filter narrows at all (to offer "Filters wissen"). */
export function isFiltered(filter: WorklistFilter): boolean {
  return filter.partner.length + filter.bedrag.length + filter.termijn.length + filter.pc4.length > 0 || filter.crisis;
}

function matchesOne(entry: WorklistEntry, filter: WorklistFilter, name: FilterName): boolean {
  switch (name) {
    case 'partner':
      return filter.partner.length === 0 || entry.partnerTypes.some((t) => filter.partner.includes(t));
    case 'bedrag':
      return filter.bedrag.length === 0 || amountBands.some((b) => filter.bedrag.includes(b.value) && entry.totalAmount >= b.min && entry.totalAmount <= b.max);
    case 'crisis':
      return !filter.crisis || entry.view.crisissignaal;
    case 'termijn':
      return filter.termijn.length === 0 || deadlineOptions.some((d) => filter.termijn.includes(d.value) && entry.badges.includes(d.badge));
    case 'pc4':
      return filter.pc4.length === 0 || filter.pc4.includes(entry.postcodegebied);
  }
}

const filterNames: FilterName[] = ['partner', 'bedrag', 'crisis', 'termijn', 'pc4'];

/** Whether an entry passes every filter, or every filter but `except` (for counting that one's options). */
export function matches(entry: WorklistEntry, filter: WorklistFilter, except?: FilterName): boolean {
  return filterNames.every((name) => name === except || matchesOne(entry, filter, name));
}

export function applyFilter(entries: WorklistEntry[], filter: WorklistFilter): WorklistEntry[] {
  return entries.filter((e) => matches(e, filter));
}

export interface FilterCounts {
  partner: Record<SignaalpartnerType, number>;
  bedrag: Record<AmountBand, number>;
  crisis: number;
  termijn: Record<DeadlineOption, number>;
  /** Per postcode area on offer (those of the list's cases, and any ticked), in order. */
  pc4: Record<string, number>;
}

/** The postcode areas to offer: every area some case in the list has, and every ticked one. */
export function postcodeAreas(entries: WorklistEntry[], filter: WorklistFilter): string[] {
  return [...new Set([...entries.map((e) => e.postcodegebied).filter((a) => a !== ''), ...filter.pc4])].sort();
}

/**
 * How many cases each option would show: counted under the other filters as they are set (so
 * "Huur (3)" stays true while other partner types are ticked too).
 */
export function filterCounts(entries: WorklistEntry[], filter: WorklistFilter): FilterCounts {
  const count = (name: FilterName, option: Partial<WorklistFilter>) =>
    entries.filter((e) => matches(e, filter, name) && matchesOne(e, { ...noFilter, ...option }, name)).length;
  return {
    partner: Object.fromEntries(signaalpartnerTypes.map((t) => [t, count('partner', { partner: [t] })])) as FilterCounts['partner'],
    bedrag: Object.fromEntries(amountBands.map((b) => [b.value, count('bedrag', { bedrag: [b.value] })])) as FilterCounts['bedrag'],
    crisis: count('crisis', { crisis: true }),
    termijn: Object.fromEntries(deadlineOptions.map((d) => [d.value, count('termijn', { termijn: [d.value] })])) as FilterCounts['termijn'],
    pc4: Object.fromEntries(postcodeAreas(entries, filter).map((area) => [area, count('pc4', { pc4: [area] })])),
  };
}
