import type { Redis } from 'ioredis';
import { caseToHash, storedSignal, type CaseSignal, type NewCase } from '../cases/case.js';
import type { Combination } from '../cases/combine.js';
import { retentionEndFields } from '../cases/retention-ends.js';
import { encodePartnerHistory } from '../cases/partner-history.js';
import { offerDeadline, queueScore } from '../outreach/deadlines.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import { caseKeys, intakeKeys, outreachKeys, reportingKeys, retentionKeys } from '../redis/keys.js';
import { postcodeArea } from '../policy/routing.js';
import { storedContact, type EncryptedContact } from '../privacy/envelope.js';
import { intakeFields, reportingMonth } from '../reporting/fields.js';
import type { CommitPlan } from './commit.js';
import type { Signal } from './schema.js';

/** What a crisis signal needs of the case it joins: its deadline now, and when it arrived (queue tie-break). */
export interface JoinedCase {
  aanbodtermijn: string;
  aangemaakt: string;
}

export async function readJoinedCase(redis: Redis, zaakId: string): Promise<JoinedCase> {
  const [aanbodtermijn, aangemaakt] = await redis.hmget(caseKeys.case(zaakId), 'aanbodtermijn', 'aangemaakt');
  return { aanbodtermijn: aanbodtermijn ?? '', aangemaakt: aangemaakt ?? '' };
}

export interface PlanInput {
  bundle: PolicyBundle; partnerOin: string; digest: string; signal: Signal; now: Date; gemeentecode: string; signaalId: string; zaakId: string | undefined;
  combination: Combination; seen: Array<{ key: string; open: string; gesloten: string }>; addressKey: string; partnerField: string; adresPseudonym: string; persoonPseudonym: string;
  caseSignal: CaseSignal; contact: EncryptedContact; hash: string; leafHash: string;
  /** The expiry of what this intake writes (provisional for a case: see retention/expiry). */
  bewaarTot: Date;
  /** Set when a crisis signal joins an existing case. */
  joined: JoinedCase | undefined;
}

/** A plan with every list present; the event only where a case is made or joined. */
type FullPlan = Required<Omit<CommitPlan, 'event'>> & Pick<CommitPlan, 'event'>;

/** The writes of one intake, guarded by the address state they were planned for. */
export function commitPlan(p: PlanInput): CommitPlan {
  const repeatSignal = p.combination === 'herhaald';
  const signalKey = intakeKeys.signal(p.signaalId);
  const tot = p.bewaarTot.toISOString();
  const plan: FullPlan = {
    guards: p.seen.flatMap((a) => [{ key: a.key, field: 'open', expected: a.open }, { key: a.key, field: 'gesloten', expected: a.gesloten }]),
    hashes: [
      {
        key: signalKey,
        fields: {
          signaalId: p.signaalId, id: p.signal.id, partnerOin: p.partnerOin, partnerType: p.signal.signaalpartner,
          ontvangen: p.now.toISOString(), digest: p.digest, gemeentecode: p.gemeentecode,
          zaakId: p.zaakId ?? '', auditLeafHash: p.leafHash, combinatie: p.combination,
          // DDAS restricted feedback: a repeat is "niet opgepakt", never why. Absent is 'ontvangen'
          // (GET /v1/vroegsignalen/{id}), and the DDAS status follows from combinatie (ddas-export):
          // neither is written where it says nothing, nor the content hash (the idempotency key has it).
          ...(repeatSignal ? { status: 'niet opgepakt' } : {}),
          bewaarTot: tot,
        },
      },
      // The partner's last arrears here, and whose retention it follows (cases/partner-history).
      { key: p.addressKey, fields: { [p.partnerField]: encodePartnerHistory({ signaalId: p.signaalId, ontstaansdatum: p.signal.ontstaansdatum, bedrag: p.signal.bedrag, signaaldatum: p.signal.signaaldatum }) } },
    ],
    appends: [],
    zadds: [],
    auditIndexInto: signalKey,
    figures: { key: reportingKeys.month(p.gemeentecode, reportingMonth(p.now)), fields: intakeFields(p.signal.signaalpartner, p.combination) },
  };
  // A signal whose client a DDAS delivery can name: one with a case, which keeps its contact details.
  if (p.zaakId) plan.zadds.push({ key: intakeKeys.byMunicipality(p.gemeentecode), score: p.now.getTime(), member: p.signaalId });
  if (!p.zaakId) {
    // A repeat with no case to join: it keeps its own expiry, and what its deletion must find.
    Object.assign(plan.hashes[0]!.fields, { adresPseudonym: p.adresPseudonym, persoonPseudonym: p.persoonPseudonym });
    plan.zadds.push({ key: retentionKeys.signalExpiry, score: p.bewaarTot.getTime(), member: p.signaalId });
    // Its partner hears 'niet opgepakt' as from any case (notifications; no municipality is told).
    plan.event = { caseKey: signalKey, type: 'herhaald', nowMs: p.now.getTime(), signal: { signaalId: p.signaalId, id: p.signal.id, partnerOin: p.partnerOin, status: 'niet opgepakt' } };
    return plan;
  }
  // Every signal moves its case's provisional end to its own arrival plus the facts' term.
  // An open case's contact details end with its facts: one date kept (cases/retention-ends).
  const caseExpiry = { ...retentionEndFields(tot, tot), laatsteSignaal: p.now.toISOString() };
  plan.zadds.push({ key: retentionKeys.caseFactsExpiry, score: p.bewaarTot.getTime(), member: p.zaakId });
  // Which cases hold data about this person: what an access or erasure request starts from.
  plan.zadds.push({ key: caseKeys.person(p.gemeentecode, p.persoonPseudonym), score: p.now.getTime(), member: p.zaakId });
  const caseKey = caseKeys.case(p.zaakId);
  const signal = { signaalId: p.signaalId, id: p.signal.id, partnerOin: p.partnerOin, status: repeatSignal ? 'niet opgepakt' as const : 'ontvangen' as const };
  if (p.combination === 'meervoudig' || p.combination === 'herhaald') {
    plan.event = { caseKey, type: 'samengevoegd', nowMs: p.now.getTime(), signal };
    plan.appends.push({ key: caseKey, field: 'signalen', value: { ...storedSignal(p.caseSignal), ...(repeatSignal ? { herhaald: true } : {}) } });
    plan.hashes.push({ key: caseKey, fields: { [`contact:${p.signaalId}`]: storedContact(p.contact), ...caseExpiry } });
    if (p.joined) becomeCrisis(plan, p.joined, caseKey, p.zaakId, p.gemeentecode, p.now);
    return plan;
  }
  const municipality = p.bundle.gemeenten.find((g) => g.gemeentecode === p.gemeentecode);
  const deadline = offerDeadline(p.now, p.signal.crisissignaal, municipality?.aanbodtermijnWerkdagen ?? 10);
  const newCase: NewCase = {
    zaakId: p.zaakId, gemeentecode: p.gemeentecode, adresPseudonym: p.adresPseudonym, persoonPseudonym: p.persoonPseudonym,
    aangemaakt: p.now.toISOString(), status: 'open', crisissignaal: p.signal.crisissignaal, aanbodtermijn: deadline,
    combinatie: p.combination, postcodegebied: postcodeArea(p.signal.adres.postcode), signalen: [opening(p.caseSignal)], contact: { [p.signaalId]: p.contact },
  };
  // A new case's last signal is its first: `aangemaakt` says when (retention/reschedule reads either).
  const { laatsteSignaal: _sameAsAangemaakt, ...newCaseExpiry } = caseExpiry;
  plan.hashes.push({ key: caseKey, fields: { ...caseToHash(newCase), ...newCaseExpiry } }, { key: p.addressKey, fields: { open: p.zaakId } });
  plan.zadds.push({ key: outreachKeys.open(p.gemeentecode), score: queueScore(p.signal.crisissignaal, deadline, p.now), member: p.zaakId });
  plan.event = { caseKey, type: 'aangemaakt', nowMs: p.now.getTime(), signal };
  return plan;
}

/**
 * The signal that opens a case is about the case's person (signalPerson in cases/case.ts): its
 * pseudonym is not kept twice in one hash. Signals that join later name their person.
 */
function opening(signal: CaseSignal): CaseSignal {
  const { persoonPseudonym: _person, ...rest } = signal;
  return rest;
}

/**
 * README promises crisis cases first and within 3 working days: a crisis signal joining a case
 * moves the case's deadline to 3 working days from now (never later than it was) and its queue
 * place with it. Only a case waiting in the queue moves there; a claimed one keeps the score for
 * when its claim is released or lapses. The deadline seen must still hold at commit.
 */
function becomeCrisis(plan: FullPlan, joined: JoinedCase, caseKey: string, zaakId: string, gemeentecode: string, now: Date): void {
  const crisisDeadline = offerDeadline(now, true, 0);
  const deadline = joined.aanbodtermijn && joined.aanbodtermijn < crisisDeadline ? joined.aanbodtermijn : crisisDeadline;
  const score = queueScore(true, deadline, joined.aangemaakt ? new Date(joined.aangemaakt) : now);
  plan.guards.push({ key: caseKey, field: 'aanbodtermijn', expected: joined.aanbodtermijn });
  plan.hashes.push({ key: caseKey, fields: { crisissignaal: '1', aanbodtermijn: deadline, wachtrijscore: String(score) } });
  plan.zadds.push({ key: outreachKeys.open(gemeentecode), score, member: zaakId, onlyIfPresent: true });
}
