import { describe, expect, it } from 'vitest';
import { addWorkingDays, dutchDate, dutchPublicHolidays, easterSunday, isWorkingDay, workingDaysBetween } from '../../../src/outreach/calendar.js';

describe('Dutch working-day calendar', () => {
  it('computes Easter for known years', () => {
    expect(easterSunday(2024).toISOString().slice(0, 10)).toBe('2024-03-31');
    expect(easterSunday(2025).toISOString().slice(0, 10)).toBe('2025-04-20');
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe('2026-04-05');
    expect(easterSunday(2038).toISOString().slice(0, 10)).toBe('2038-04-25');
  });

  it('lists the holidays of the Algemene termijnenwet, moving King’s Day off a Sunday', () => {
    expect([...dutchPublicHolidays(2026).keys()]).toEqual([
      '2026-01-01', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26',
    ]);
    expect(dutchPublicHolidays(2025).get('2025-04-26')).toBe('Koningsdag'); // 27 April 2025 is a Sunday
  });

  it('skips weekends and holidays when counting working days', () => {
    expect(isWorkingDay(new Date('2026-11-23T00:00:00Z'))).toBe(true); // Monday
    expect(isWorkingDay(new Date('2026-11-22T00:00:00Z'))).toBe(false); // Sunday
    expect(addWorkingDays('2026-11-20', 3)).toBe('2026-11-25'); // Fri + 3 → Wed
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-29'); // across Christmas and a weekend
    expect(addWorkingDays('2026-04-30', 10)).toBe('2026-05-18'); // 5 May and Ascension Day (14 May) fall in between
  });

  it('counts the working days between two dates as the inverse of addWorkingDays', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(workingDaysBetween('2026-11-20', '2026-11-19')).toBe(0);
    expect(workingDaysBetween('2026-11-20', '2026-11-22')).toBe(0); // Fri → Sun: no working day yet
    expect(workingDaysBetween('2026-11-20', '2026-11-25')).toBe(3);
    expect(workingDaysBetween('2026-12-23', '2026-12-29')).toBe(3);
    for (const n of [1, 5, 10, 23]) expect(workingDaysBetween('2026-04-30', addWorkingDays('2026-04-30', n))).toBe(n);
  });

  it('takes the calendar date in the Netherlands, not UTC', () => {
    expect(dutchDate(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
  });
});

describe('dutchDate', () => {
  it('turns at Dutch midnight in winter and summer time, whatever was asked before', () => {
    const cases: Array<[string, string]> = [
      ['2026-01-15T22:59:59.999Z', '2026-01-15'], ['2026-01-15T23:00:00.000Z', '2026-01-16'],
      ['2026-07-01T21:59:59.999Z', '2026-07-01'], ['2026-07-01T22:00:00.000Z', '2026-07-02'],
      ['2026-01-15T22:59:59.999Z', '2026-01-15'], ['2026-07-01T22:00:00.000Z', '2026-07-02'],
    ];
    for (const [instant, date] of cases) expect(dutchDate(new Date(instant)), instant).toBe(date);
  });
});
