import { addWorkingDays, dutchDate } from './calendar.js';

/** Wgs art. 4: a crisis (eviction, cut-off, cancelled insurance) gets a conversation within 3 working days. */
export const crisisWorkingDays = 3;
export const defaultLeaseWorkingDays = 5;

/** The offer deadline: the municipality's own term (policy), or 3 working days in a crisis. */
export function offerDeadline(received: Date, crisis: boolean, municipalWorkingDays: number): string {
  return addWorkingDays(dutchDate(received), crisis ? crisisWorkingDays : municipalWorkingDays);
}

/** Same time of day, `workingDays` working days later: a claim lease that ignores weekends. */
export function leaseEnd(now: Date, workingDays = defaultLeaseWorkingDays): Date {
  const today = dutchDate(now);
  const until = addWorkingDays(today, workingDays);
  return new Date(now.getTime() + (Date.parse(until) - Date.parse(today)));
}

/**
 * Queue order as one sorted-set score: every crisis case before every other, each group by
 * offer deadline (days since epoch), then by arrival. Lower is claimed first.
 */
export function queueScore(crisis: boolean, deadline: string, received: Date): number {
  const deadlineDays = Math.floor(Date.parse(`${deadline}T00:00:00Z`) / 86_400_000);
  return (crisis ? 0 : 1e15) + deadlineDays * 1e8 + (received.getTime() % 1e8);
}

/**
 * The queue scores of cases past their offer deadline at `now` (isOverdue), as two half-open
 * ranges [min, max) — crisis and other cases — so ZCOUNT counts them without reading a case.
 */
export function overdueScoreRanges(now: Date): Array<{ min: number; max: number }> {
  const today = dutchDate(now);
  const epoch = new Date(0);
  return [true, false].map((crisis) => ({ min: queueScore(crisis, '1970-01-01', epoch), max: queueScore(crisis, today, epoch) }));
}

export function isOverdue(deadline: string, now: Date): boolean {
  return dutchDate(now) > deadline;
}
