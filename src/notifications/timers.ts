import { dutchDate } from '../outreach/calendar.js';
import type { OutboxEvent } from './event.js';

/**
 * Deadline timers, planned from the outbox: a case made (or moved to an earlier deadline by a
 * crisis signal joining) gets a delayed job that fires when its offer deadline has passed. One job
 * per municipality and deadline day serves every case due that day — a job per case would cost
 * half a kilobyte of Redis per open case, the cost issue 14 took out of intake. When it fires,
 * each case that is still unclaimed is marked overdue (outreach/overdue.ts); a case claimed
 * before then is skipped there (guarded, not cancelled).
 */
export interface DeadlineTimer {
  /** `termijn-<gemeentecode>-<YYYY-MM-DD>`: the relay adds it once however many cases share it. */
  jobId: string;
  gemeentecode: string;
  aanbodtermijn: string;
  /** The first instant at which the deadline has passed: midnight after it, in the Netherlands. */
  dueAt: Date;
}

export function deadlineTimer(event: OutboxEvent): DeadlineTimer | undefined {
  if (event.type !== 'aangemaakt' && event.type !== 'samengevoegd') return undefined;
  const deadline = event.zaak.aanbodtermijn;
  if (event.zaak.status !== 'open' || !deadline || !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) return undefined;
  return { jobId: `termijn-${event.gemeentecode}-${deadline}`, gemeentecode: event.gemeentecode, aanbodtermijn: deadline, dueAt: deadlinePassesAt(deadline) };
}

/** Midnight at the start of the day after `deadline`, Dutch time (CET or CEST): `isOverdue` turns true then. */
export function deadlinePassesAt(deadline: string): Date {
  const next = new Date(Date.parse(`${deadline}T00:00:00Z`) + 86_400_000);
  const nextDay = next.toISOString().slice(0, 10);
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(next.getTime() - offsetHours * 3_600_000);
    if (dutchDate(candidate) === nextDay) return candidate;
  }
  return next;
}

/**
 * The wait before a failed delivery is tried again: 2 s after the first failure, doubling, capped
 * at 15 minutes, each with jitter (between half and all of it) so receivers that come back are
 * not hit by every sender at once. `attemptsMade` counts from 1.
 */
export const retryBaseMs = 2_000;
export const retryCapMs = 15 * 60_000;
export const deliveryAttempts = 20;

export function retryDelayMs(attemptsMade: number, random: () => number = Math.random): number {
  const full = Math.min(retryCapMs, retryBaseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(full / 2 + random() * (full / 2));
}
