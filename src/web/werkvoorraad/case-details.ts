import { caseSignals } from '../../cases/case.js';
import { worklistEntry, type WorklistEntry } from './worklist.js';

/** How a signal came into its case (DDAS combining, src/cases/combine.ts), in the worker's words. */
export type SignalKind = 'eerste signaal' | 'gecombineerd' | 'herhaalde melding';

export interface CaseDetails extends WorklistEntry {
  /** The case follows one at the same address that closed within six months (DDAS opeenvolgend). */
  followsEarlierCase: boolean;
  signalKinds: Record<string, SignalKind>;
  /** When the current claim lapses (instant, ISO), for whoever holds it. */
  leaseEnd: string | undefined;
}

/** The Zaak page's facts: the worklist row plus how each signal joined and the claim's end. */
export function caseDetails(h: Record<string, string>, now: Date, sub: string): CaseDetails {
  const signals = caseSignals(h);
  const entry = worklistEntry(h, now, sub);
  return {
    ...entry,
    followsEarlierCase: h.combinatie === 'opeenvolgend',
    signalKinds: Object.fromEntries(signals.map((s, i) => [s.signaalId, i === 0 ? 'eerste signaal' : s.herhaald ? 'herhaalde melding' : 'gecombineerd'])),
    leaseEnd: h.status === 'opgepakt' && h.leaseTot ? new Date(Number(h.leaseTot)).toISOString() : undefined,
  };
}
