/**
 * Dutch working days for the Wgs deadlines (offer deadline, crisis 3 working days). Holidays are
 * computed per year from the Algemene termijnenwet art. 3 — never a hard-coded list that runs
 * out: New Year's Day, Easter Monday, Ascension Day, Whit Monday, King's Day, 5 May and both
 * Christmas days; Saturdays and Sundays are never working days.
 */
const dayMs = 86_400_000;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

const cache = new Map<number, Map<string, string>>();

/** The public holidays of a year that are not already weekend days by nature, by date. */
export function dutchPublicHolidays(year: number): Map<string, string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year).getTime();
  const kingsDay = utc(year, 4, 27);
  // King's Day moves to the 26th when the 27th is a Sunday (Wet viering Koningsdag).
  if (kingsDay.getUTCDay() === 0) kingsDay.setUTCDate(26);
  const days = new Map<string, string>([
    [iso(utc(year, 1, 1)), 'Nieuwjaarsdag'],
    [iso(new Date(easter + dayMs)), 'Tweede Paasdag'],
    [iso(kingsDay), 'Koningsdag'],
    [iso(utc(year, 5, 5)), 'Bevrijdingsdag'],
    [iso(new Date(easter + 39 * dayMs)), 'Hemelvaartsdag'],
    [iso(new Date(easter + 50 * dayMs)), 'Tweede Pinksterdag'],
    [iso(utc(year, 12, 25)), 'Eerste Kerstdag'],
    [iso(utc(year, 12, 26)), 'Tweede Kerstdag'],
  ]);
  cache.set(year, days);
  return days;
}

export function isWorkingDay(date: Date): boolean {
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !dutchPublicHolidays(date.getUTCFullYear()).has(iso(date));
}

/**
 * The date `n` working days after `from` (a calendar date, YYYY-MM-DD): the day of the signal
 * itself does not count, as in the Algemene termijnenwet.
 */
export function addWorkingDays(from: string, n: number): string {
  const key = `${from}+${n}`;
  let until = workingDaysCache.get(key);
  if (until === undefined) {
    if (workingDaysCache.size > 1_000) workingDaysCache.clear();
    until = countWorkingDays(from, n);
    workingDaysCache.set(key, until);
  }
  return until;
}
// Every case of a day asks the same question (today + the municipality's term): answer it once.
const workingDaysCache = new Map<string, string>();

function countWorkingDays(from: string, n: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d)) left--;
  }
  return iso(d);
}

/** The Dutch calendar date of an instant (deadlines are days in the Netherlands, not UTC). */
export function dutchDate(instant: Date): string {
  // The Dutch date changes on a whole UTC hour (offset +1 or +2), so one answer per UTC hour.
  const hour = Math.floor(instant.getTime() / 3_600_000);
  if (hour !== lastHour) {
    lastHour = hour;
    lastDate = amsterdamDate.format(instant);
  }
  return lastDate;
}
let lastHour = NaN;
let lastDate = '';
// Built once: constructing a formatter (time-zone data and all) per call showed in the profile.
const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * How many working days after `from` the date `to` is (both calendar dates, YYYY-MM-DD): the
 * inverse of addWorkingDays, so the day of `from` itself does not count and a `to` on a weekend
 * or holiday counts as the working day before it. 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: string, to: string): number {
  if (to <= from) return 0;
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`).getTime();
  let count = 0;
  while (d.getTime() < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d)) count++;
  }
  return count;
}
