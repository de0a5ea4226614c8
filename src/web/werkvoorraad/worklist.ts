import { caseSignals } from '../../cases/case.js';
import { caseView } from '../../cases/view.js';
import type { CaseView } from '../../http/schemas/zaken.js';
import type { SignaalpartnerType } from '../../intake/schema.js';
import { dutchDate } from '../../outreach/calendar.js';

/**
 * One row of the Werkvoorraad: what a worker needs to choose and plan, from the case's
 * pseudonymous facts only (no contact details, no pseudonyms).
 */
export interface WorklistEntry {
  view: CaseView;
  /** Claimed by the person looking (listed under "Mijn zaken"). */
  mine: boolean;
  partnerTypes: SignaalpartnerType[];
  /** Euros: per partner its latest amount (a repeat replaces the earlier arrears, it does not add to them). */
  totalAmount: number;
  /** The oldest arrears' start date, and the days since then (Dutch calendar). */
  arrearsSince: string;
  daysInArrears: number;
  badges: DeadlineBadge[];
  /** The postcode area (PC4) of the household; '' for a case from before areas were kept. */
  postcodegebied: string;
}

export type DeadlineBadge = 'crisis' | 'te laat' | 'vandaag';

const dayMs = 86_400_000;

/**
 * The badges beside an offer deadline: a crisis (3 working days, Wgs art. 4), a deadline passed
 * without any contact attempt, a deadline that is today and still without one.
 */
export function deadlineBadges(view: Pick<CaseView, 'crisissignaal' | 'aanbodtermijn' | 'termijnVerstreken' | 'status' | 'contactpogingen'>, now: Date): DeadlineBadge[] {
  const badges: DeadlineBadge[] = [];
  if (view.crisissignaal) badges.push('crisis');
  if (view.termijnVerstreken) badges.push('te laat');
  else if (view.status !== 'afgesloten' && view.contactpogingen.length === 0 && view.aanbodtermijn === dutchDate(now)) badges.push('vandaag');
  return badges;
}

/** Whole days from one calendar date to another (both YYYY-MM-DD); never negative. */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs));
}

export function worklistEntry(h: Record<string, string>, now: Date, sub: string): WorklistEntry {
  const view = caseView(h, now, sub);
  const signals = caseSignals(h);
  const latestPerPartner = new Map<string, number>();
  for (const s of signals) latestPerPartner.set(s.partnerOin, s.bedrag);
  const arrearsSince = signals.map((s) => s.ontstaansdatum).sort()[0] ?? view.aanbodtermijn;
  return {
    view,
    mine: view.opgepaktDoorMij,
    partnerTypes: [...new Set(signals.map((s) => s.partnerType))],
    totalAmount: [...latestPerPartner.values()].reduce((a, b) => a + b, 0),
    arrearsSince,
    daysInArrears: daysBetween(arrearsSince, dutchDate(now)),
    badges: deadlineBadges(view, now),
    postcodegebied: h.pc4 ?? '',
  };
}

/** Queue order, as claiming takes them: every crisis first, then by offer deadline, then by arrival. */
export function byQueueOrder(a: WorklistEntry, b: WorklistEntry): number {
  if (a.view.crisissignaal !== b.view.crisissignaal) return a.view.crisissignaal ? -1 : 1;
  return a.view.aanbodtermijn.localeCompare(b.view.aanbodtermijn) || a.view.zaakId.localeCompare(b.view.zaakId);
}
