import { describe, expect, it } from 'vitest';
import type { CaseSignal } from '../../../../src/cases/case.js';
import { caseDetails } from '../../../../src/web/werkvoorraad/case-details.js';
import { byQueueOrder, daysBetween, deadlineBadges, worklistEntry } from '../../../../src/web/werkvoorraad/worklist.js';

// Sunday 22 November 2026, 10:30 in the Netherlands.
const now = new Date('2026-11-22T09:30:00Z');

function signal(overrides: Partial<CaseSignal> = {}): CaseSignal {
  return {
    signaalId: `s-${Math.random()}`, partnerType: 'Huur', partnerOin: 'OIN-HUUR', bedrag: 1000, signaaldatum: '2026-11-20', ontstaansdatum: '2026-09-01',
    crisissignaal: false, warmeOverdracht: false, ...overrides,
  };
}

function caseHash(signals: CaseSignal[], fields: Record<string, string> = {}): Record<string, string> {
  return {
    zaakId: '01900000-0000-7000-8000-000000000001', gemeentecode: '1696', status: 'open', crisissignaal: '0', aanbodtermijn: '2026-12-04',
    combinatie: 'enkelvoudig', signalen: JSON.stringify(signals), ...fields,
  };
}

describe('deadline badges', () => {
  const open = { crisissignaal: false, aanbodtermijn: '2026-12-04', termijnVerstreken: false, status: 'open' as const, contactpogingen: [] };
  it('has none for an ordinary case with time left', () => {
    expect(deadlineBadges(open, now)).toEqual([]);
  });
  it('says crisis, and te laat once the deadline passed without an attempt', () => {
    expect(deadlineBadges({ ...open, crisissignaal: true }, now)).toEqual(['crisis']);
    expect(deadlineBadges({ ...open, crisissignaal: true, termijnVerstreken: true }, now)).toEqual(['crisis', 'te laat']);
  });
  it('says vandaag on the deadline (Dutch date), unless someone already tried or the case is closed', () => {
    const today = { ...open, aanbodtermijn: '2026-11-22' };
    expect(deadlineBadges(today, now)).toEqual(['vandaag']);
    // 23:30 UTC is already the 23rd in the Netherlands.
    expect(deadlineBadges(today, new Date('2026-11-22T23:30:00Z'))).toEqual([]);
    expect(deadlineBadges({ ...today, contactpogingen: [{ soort: 'Mail', bereikt: false, datum: '2026-11-22', dagdeel: 'Ochtend' }] }, now)).toEqual([]);
    expect(deadlineBadges({ ...today, status: 'afgesloten' }, now)).toEqual([]);
  });
});

describe('a worklist row', () => {
  it('adds the latest amount of each partner: a repeat replaces the earlier arrears', () => {
    const entry = worklistEntry(caseHash([signal({ bedrag: 1000 }), signal({ partnerType: 'Energie', partnerOin: 'OIN-E', bedrag: 300 }), signal({ bedrag: 900, herhaald: true })]), now, 'anna');
    expect(entry.totalAmount).toBe(1200);
    expect(entry.partnerTypes).toEqual(['Huur', 'Energie']);
  });
  it('counts the days in arrears from the oldest arrears', () => {
    const entry = worklistEntry(caseHash([signal({ ontstaansdatum: '2026-10-01' }), signal({ partnerOin: 'X', ontstaansdatum: '2026-09-01' })]), now, 'anna');
    expect(entry.arrearsSince).toBe('2026-09-01');
    expect(entry.daysInArrears).toBe(82);
    expect(daysBetween('2026-11-23', '2026-11-22')).toBe(0);
  });
  it('is mine only while I hold the claim', () => {
    expect(worklistEntry(caseHash([signal()], { status: 'opgepakt', claimant: 'anna', leaseTot: '1' }), now, 'anna').mine).toBe(true);
    expect(worklistEntry(caseHash([signal()], { status: 'opgepakt', claimant: 'bob', leaseTot: '1' }), now, 'anna').mine).toBe(false);
  });
  it('sorts as claiming takes them: crisis first, then the earliest deadline', () => {
    const a = worklistEntry(caseHash([signal()], { zaakId: 'a', aanbodtermijn: '2026-12-01' }), now, 'x');
    const b = worklistEntry(caseHash([signal()], { zaakId: 'b', aanbodtermijn: '2026-11-25', crisissignaal: '1' }), now, 'x');
    const c = worklistEntry(caseHash([signal()], { zaakId: 'c', aanbodtermijn: '2026-11-30' }), now, 'x');
    expect([a, b, c].sort(byQueueOrder).map((e) => e.view.zaakId)).toEqual(['b', 'c', 'a']);
  });
});

describe('case details', () => {
  it('names how each signal joined, and whether the case follows an earlier one', () => {
    const first = signal();
    const joined = signal({ partnerType: 'Energie', partnerOin: 'E' });
    const repeat = signal({ herhaald: true });
    const details = caseDetails(caseHash([first, joined, repeat], { combinatie: 'opeenvolgend' }), now, 'anna');
    expect(details.signalKinds).toEqual({ [first.signaalId]: 'eerste signaal', [joined.signaalId]: 'gecombineerd', [repeat.signaalId]: 'herhaalde melding' });
    expect(details.followsEarlierCase).toBe(true);
    expect(details.leaseEnd).toBeUndefined();
  });
});
