import { describe, expect, it } from 'vitest';
import { checkPeriod, dutchMidnight, monthPeriod } from '../../../src/ddas/period.js';

describe('delivery periods', () => {
  it('are calendar days in the Netherlands, across daylight saving time', () => {
    expect(new Date(dutchMidnight('2026-11-01')).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(new Date(dutchMidnight('2026-07-01')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    const october = monthPeriod('2026-10');
    expect([october.start, october.end]).toEqual(['2026-10-01', '2026-10-31']);
    expect(new Date(october.from).toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(new Date(october.to).toISOString()).toBe('2026-10-31T23:00:00.000Z');
  });

  it('default to the previous calendar month and must be over, forwards and at most a year', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(checkPeriod(undefined, undefined, now)).toMatchObject({ start: '2026-11-01', end: '2026-11-30' });
    expect(checkPeriod(undefined, undefined, new Date('2027-01-03T10:00:00Z'))).toMatchObject({ start: '2026-12-01', end: '2026-12-31' });
    expect(typeof checkPeriod('2026-11-01', undefined, now)).toBe('string');
    expect(typeof checkPeriod('2026-12-01', '2026-12-06', now)).toBe('string');
    expect(typeof checkPeriod('2026-11-30', '2026-11-01', now)).toBe('string');
    expect(typeof checkPeriod('2026-02-30', '2026-03-01', now)).toBe('string');
    expect(typeof checkPeriod('2025-01-01', '2026-01-02', now)).toBe('string');
    expect(checkPeriod('2025-01-01', '2025-12-31', now)).toMatchObject({ start: '2025-01-01', end: '2025-12-31' });
  });
});
