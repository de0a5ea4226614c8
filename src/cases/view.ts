import { isOverdue } from '../outreach/deadlines.js';
import type { CaseView } from '../http/schemas/zaken.js';
import { caseSignals } from './case.js';
import { contactRetentionEnd } from './retention-ends.js';

export type ContactAttempt = CaseView['contactpogingen'][number];

/**
 * What a worker of the municipality sees of a case: pseudonymous facts, deadlines and its own
 * work — no pseudonyms (they are personal data too) and no contact details. Typed by the zod
 * schema the OpenAPI document shows, so a field added here and not there does not compile.
 */
export function caseView(h: Record<string, string>, now: Date, callerSub: string): CaseView {
  const signalen = caseSignals(h);
  const afgesloten = h.status === 'afgesloten';
  const contactpogingen = JSON.parse(h.contactpogingen ?? '[]') as ContactAttempt[];
  return {
    // A case hash always holds these (src/cases/case.ts caseToHash); the hash only types them loosely.
    zaakId: h.zaakId!,
    gemeentecode: h.gemeentecode!,
    status: h.status as CaseView['status'],
    crisissignaal: h.crisissignaal === '1',
    aanbodtermijn: h.aanbodtermijn!,
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
    ...(h.eindresultaat ? { eindresultaat: h.eindresultaat as CaseView['eindresultaat'], afgesloten: h.afgesloten } : {}),
    // Every case carries its end from the moment it is written; provisional until it closes.
    ...(h.zaakfeitenBewaarTot ? { contactgegevensBewaardTot: contactRetentionEnd(h), zaakfeitenBewaardTot: h.zaakfeitenBewaarTot, bewaartermijnVoorlopig: !afgesloten } : {}),
  };
}
