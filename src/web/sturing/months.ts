import { ProblemError } from '../../errors/problem.js';
import { reportingMonth } from '../../reporting/fields.js';

const monthNames = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** "2026-11" → "november 2026". */
export function monthName(maand: string): string {
  const [year, month] = maand.split('-');
  return `${monthNames[Number(month) - 1]} ${year}`;
}

/** The months the selector offers: this one and the 23 before it (counters live as long as Redis keeps them). */
export function selectableMonths(now: Date, count = 24): string[] {
  const [year, month] = reportingMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** The month asked for in `?maand=`, this month when absent; anything but YYYY-MM is a 400. */
export function requestedMonth(value: unknown, now: Date): string {
  if (value === undefined || value === '') return reportingMonth(now);
  if (typeof value !== 'string' || !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(value)) {
    throw new ProblemError('ongeldige-invoer', 'Kies een maand als JJJJ-MM');
  }
  return value;
}
