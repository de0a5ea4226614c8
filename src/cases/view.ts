import { isOverdue } from '../outreach/deadlines.js';
import type { CaseSignal } from './case.js';

export interface ContactAttempt {
  soort: string;
  bereikt: boolean;
  datum: string;
  dagdeel: string;
}

/**
 * What a worker of the municipality sees of a case: pseudonymous facts, deadlines and its own
 * work — no pseudonyms (they are personal data too) and no contact details.
 */
export function caseView(h: Record<string, string>, now: Date, callerSub: string) {
  const signalen = JSON.parse(h.signalen ?? '[]') as CaseSignal[];
  const afgesloten = h.status === 'afgesloten';
  const contactpogingen = JSON.parse(h.contactpogingen ?? '[]') as ContactAttempt[];
  return {
    zaakId: h.zaakId,
    gemeentecode: h.gemeentecode,
    status: h.status,
    crisissignaal: h.crisissignaal === '1',
    aanbodtermijn: h.aanbodtermijn,
    // Overdue: still open, nobody has tried to reach the resident, and the offer deadline passed.
    termijnVerstreken: !afgesloten && contactpogingen.length === 0 && h.aanbodtermijn !== undefined && isOverdue(h.aanbodtermijn, now),
    opgepaktDoorMij: h.status === 'opgepakt' && h.claimant === callerSub,
    ...(h.status === 'opgepakt' && h.claimant === callerSub && h.leaseTot ? { claimTot: new Date(Number(h.leaseTot)).toISOString() } : {}),
    ...(h.datumOpgepakt ? { datumOpgepakt: h.datumOpgepakt } : {}),
    signalen: signalen.map((s) => ({
      signaalId: s.signaalId, signaalpartner: s.partnerType, bedrag: s.bedrag,
      signaaldatum: s.signaaldatum, ontstaansdatum: s.ontstaansdatum, crisissignaal: s.crisissignaal,
    })),
    contactpogingen,
    ...(h.eindresultaat ? { eindresultaat: h.eindresultaat, afgesloten: h.afgesloten } : {}),
    // Every case carries its end from the moment it is written; provisional until it closes.
    ...(h.zaakfeitenBewaarTot ? { contactgegevensBewaardTot: h.contactBewaarTot, zaakfeitenBewaardTot: h.zaakfeitenBewaarTot, bewaartermijnVoorlopig: !afgesloten } : {}),
  };
}
