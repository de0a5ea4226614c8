import type { Combination } from '../cases/combine.js';
import type { Eindresultaat } from '../policy/bundle-schema.js';
import { dutchDate, workingDaysBetween } from '../outreach/calendar.js';

/**
 * The names of the counters in a month's hash (reportingKeys.month), and which counters each
 * event raises. A field is `measure|partner type` (a histogram or end result adds `|bucket`):
 * `|` appears in no DDAS value. A case's events count under the partner type of the signal that
 * opened it, so a case stays in one row from its intake to its close and shares per row hold.
 */
export const measures = [
  'signalen', 'zaken', 'meervoudig', 'opeenvolgend', 'herhaald',
  'opgepakt', 'opgepaktBinnenTermijn', 'bereikt',
  // Cases still unclaimed when their offer deadline passed (the deadline timer, outreach/overdue).
  'termijnVerstreken',
] as const;
export type Measure = (typeof measures)[number];

export const histograms = ['dagenTotOppakken', 'dagenTotContact'] as const;
export type HistogramName = (typeof histograms)[number];

/** Working days above this count in its bucket: the median stays exact below it, and a month's hash stays small. */
export const histogramCap = 60;

export const field = (measure: Measure, partnerType: string) => `${measure}|${partnerType}`;
export const bucketField = (histogram: HistogramName, partnerType: string, days: number) =>
  `${histogram}|${partnerType}|${Math.min(Math.max(0, days), histogramCap)}`;
export const resultField = (partnerType: string, eindresultaat: string) => `eindresultaat|${partnerType}|${eindresultaat}`;

/** The month an event counts in: its calendar month in the Netherlands. */
export const reportingMonth = (instant: Date) => dutchDate(instant).slice(0, 7);

/** A signal accepted at intake: received, and what it did (a new case, joined one, a repeat). */
export function intakeFields(partnerType: string, combination: Combination): string[] {
  const fields = [field('signalen', partnerType)];
  if (combination === 'enkelvoudig' || combination === 'opeenvolgend') fields.push(field('zaken', partnerType));
  if (combination !== 'enkelvoudig') fields.push(field(combination, partnerType));
  return fields;
}

/** What a case needs for its figures: the partner type of the signal that opened it and when it was made. */
export interface CaseFacts {
  partnerType: string;
  /** ISO instant the case was made (its first signal's arrival). */
  aangemaakt: string;
}

/** The facts from the case hash (`signalen` JSON, `aangemaakt`); undefined for a hash without them. */
export function caseFacts(signalen: string | null | undefined, aangemaakt: string | null | undefined): CaseFacts | undefined {
  if (!signalen || !aangemaakt) return undefined;
  const first = (JSON.parse(signalen) as Array<{ partnerType?: string }>)[0];
  return first?.partnerType ? { partnerType: first.partnerType, aangemaakt } : undefined;
}

/** The first claim of a case: picked up, after how many working days, and within the offer deadline or not. */
export function firstClaimFields(c: CaseFacts, aanbodtermijn: string | undefined, now: Date): string[] {
  const today = dutchDate(now);
  const fields = [field('opgepakt', c.partnerType), bucketField('dagenTotOppakken', c.partnerType, workingDaysBetween(dutchDate(new Date(c.aangemaakt)), today))];
  if (aanbodtermijn && today <= aanbodtermijn) fields.push(field('opgepaktBinnenTermijn', c.partnerType));
  return fields;
}

/** The first attempt that reached the resident, on `datum` (the attempt's own date). */
export function firstContactFields(c: CaseFacts, datum: string): string[] {
  return [field('bereikt', c.partnerType), bucketField('dagenTotContact', c.partnerType, workingDaysBetween(dutchDate(new Date(c.aangemaakt)), datum))];
}

export function closeFields(c: CaseFacts, eindresultaat: Eindresultaat): string[] {
  return [resultField(c.partnerType, eindresultaat)];
}
