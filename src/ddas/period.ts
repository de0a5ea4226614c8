import { dutchDate } from '../outreach/calendar.js';

/**
 * A delivery period: calendar days in the Netherlands, both ends included — the same days the
 * team lead's monthly figures count in (reporting/fields.ts reportingMonth), so a monitor month
 * and a Sturing month hold the same signals.
 */
export interface Period {
  /** YYYY-MM-DD, first day. */
  start: string;
  /** YYYY-MM-DD, last day (included). */
  end: string;
  /** Epoch ms of the start of `start` in the Netherlands. */
  from: number;
  /** Epoch ms of the start of the day after `end` (excluded). */
  to: number;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(value: string): boolean {
  const m = isoDate.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The instant a Dutch calendar day begins (00:00 Europe/Amsterdam: UTC+1 or +2). */
export function dutchMidnight(date: string): number {
  const utc = Date.parse(`${date}T00:00:00Z`);
  for (const offsetHours of [2, 1]) {
    const t = utc - offsetHours * 3_600_000;
    if (dutchDate(new Date(t)) === date && dutchDate(new Date(t - 1)) !== date) return t;
  }
  throw new Error(`geen middernacht gevonden voor ${date}`);
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function periodOf(start: string, end: string): Period {
  return { start, end, from: dutchMidnight(start), to: dutchMidnight(nextDay(end)) };
}

/** A calendar month (YYYY-MM) as a period. */
export function monthPeriod(maand: string): Period {
  const [y, m] = maand.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return periodOf(`${maand}-01`, last);
}

/** The month before the one `now` falls in (in the Netherlands): the default delivery period. */
export function previousMonth(now: Date): string {
  const [y, m] = dutchDate(now).slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Longest period one request may ask for: a year (366 days). */
export const maxPeriodDays = 366;

/**
 * Why a requested period cannot be served (422), or the period. A period must be over: signals
 * still arriving in it would shift the pages of a delivery between two page requests.
 */
export function checkPeriod(start: string | undefined, end: string | undefined, now: Date): Period | string {
  if (start === undefined && end === undefined) return monthPeriod(previousMonth(now));
  if (start === undefined || end === undefined) return 'Geef aanleverperiodeStartdatum en aanleverperiodeEinddatum allebei, of geen van beide (dan de vorige kalendermaand)';
  if (!validDate(start) || !validDate(end)) return 'De periode bevat een datum die niet bestaat';
  if (end < start) return 'aanleverperiodeEinddatum ligt voor aanleverperiodeStartdatum';
  if (end >= dutchDate(now)) return 'De periode is nog niet voorbij: vraag alleen perioden op die eindigen vóór vandaag';
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
  if (days > maxPeriodDays) return `Een periode is hoogstens ${maxPeriodDays} dagen`;
  return periodOf(start, end);
}
