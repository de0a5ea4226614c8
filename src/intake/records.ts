import { maskedFieldNames, processingRecord, type DecisionRecord, type ProcessingRecord, type SignalProcessingAttributes } from '../audit/records.js';
import type { TraceContext } from '../audit/trace.js';
import { uuidv7 } from '../ids/uuid.js';
import type { PolicyDecision } from '../policy/evaluate.js';
import { adresSchema, persoonSchema, type Signal } from './schema.js';

interface DecisionInput {
  trace: TraceContext;
  now: Date;
  signal: Signal;
  decision: PolicyDecision;
  revision: string;
  partnerOin: string;
  unknownPostcode?: boolean;
}

const knownNested: Record<string, ReadonlySet<string>> = {
  persoon: new Set(Object.keys(persoonSchema.shape)),
  adres: new Set(Object.keys(adresSchema.shape)),
};

/**
 * Field names of the input, with names we do not know replaced: a partner could put anything in
 * a key, and the audit log keeps content for years.
 */
function maskedInput(signal: Signal): string[] {
  return maskedFieldNames(signal).map((path) => {
    const [outer, inner] = path.split('.');
    return inner !== undefined && knownNested[outer!] && !knownNested[outer!]!.has(inner) ? `${outer}.<onbekend veld>` : path;
  });
}

function isUnknownField(pointer: string): boolean {
  const [, outer, inner] = pointer.split('/');
  return inner !== undefined && knownNested[outer!] !== undefined && !knownNested[outer!]!.has(inner);
}

/** A decision record: the input masked to field names, so a denied signal leaves no content behind. */
export function decisionRecord(d: DecisionInput): DecisionRecord {
  const reasons = d.decision.reasons.map((r) => {
    const unknownField = r.pointer !== undefined && isUnknownField(r.pointer);
    return {
      rule_id: r.ruleId, code: r.code, bron: r.bron, geverifieerd: r.geverifieerd,
      detail: unknownField ? 'Een onbekend veld is meegestuurd' : r.detail,
      ...(r.pointer ? { pointer: unknownField ? r.pointer.replace(/[^/]+$/, '<onbekend veld>') : r.pointer } : {}),
    };
  });
  if (d.unknownPostcode) {
    reasons.push({ rule_id: 'routering.postcode', code: 'onbekende-postcode', bron: 'policies/gemeenten.yaml', geverifieerd: true, detail: 'Postcode valt onder geen aangesloten gemeente', pointer: '/adres/postcode' });
  }
  return {
    kind: 'besluit',
    decision_id: uuidv7(d.now.getTime()),
    timestamp: d.now.toISOString(),
    path: 'intake/signaal',
    input: { velden: maskedInput(d.signal), signaalpartner: d.signal.signaalpartner },
    result: d.unknownPostcode ? 'deny' : d.decision.result,
    reasons,
    bundle_revision: d.revision,
    trace_id: d.trace.traceId,
    span_id: d.trace.spanId,
    processing_activity_id: d.decision.processingActivityId,
    partner_oin: d.partnerOin,
  };
}

const caseStepName = {
  enkelvoudig: 'zaak-aangemaakt',
  opeenvolgend: 'zaak-aangemaakt-opeenvolgend',
  meervoudig: 'signaal-bij-zaak-gevoegd',
  herhaald: 'herhaalde-melding',
} as const;

const queueOutcome = {
  enkelvoudig: 'zaak-in-wachtrij',
  opeenvolgend: 'zaak-in-wachtrij',
  meervoudig: 'zaak-bijgewerkt',
  herhaald: 'niet-opgepakt-herhaald',
} as const;

/** The name of the one record an accepted signal leaves. */
export const signalProcessedName = 'vroegsignaal-verwerkt';

interface IntakeRecordsInput extends DecisionInput {
  gemeentecode: string;
  signaalId: string;
  zaakId: string | undefined;
  combination: import('../cases/combine.js').Combination;
  persoonPseudonym: string;
  fscTransactionId: string | undefined;
  /** Until when the signal (and its case, provisionally) is kept, and by which rule. */
  bewaring: { tot: string; regel: string };
}

/**
 * The record an accepted signal leaves: receiving, deciding, pseudonymising, making or joining a
 * case and queueing it are one processing operation at one moment, so one LDV record carries
 * them all (issue 14). An array of one, so the commit takes it like any append; the receipt
 * points at it. The decision is the request's own span, as the receipt record's was.
 */
export function intakeRecords(d: IntakeRecordsInput): [ProcessingRecord & { attributes: SignalProcessingAttributes }] {
  const reasons = d.decision.reasons;
  // Typed in full, so leaving out the decision or the case step does not compile.
  const attributes: ProcessingRecord['attributes'] & SignalProcessingAttributes = {
    'dpl.core.processing_activity_id': d.decision.processingActivityId,
    'dpl.core.data_subject_id': d.persoonPseudonym,
    'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
    'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk',
    'vroegsignaal.bewaartermijn': d.decision.retention.auditContent,
    'vroegsignaal.gemeentecode': d.gemeentecode,
    'vroegsignaal.signaal_id': d.signaalId,
    ...(d.zaakId ? { 'vroegsignaal.zaak_id': d.zaakId } : {}),
    'vroegsignaal.partner_oin': d.partnerOin,
    ...(d.fscTransactionId ? { 'fsc.transaction_id': d.fscTransactionId } : {}),
    'vroegsignaal.signaalpartner': d.signal.signaalpartner,
    'vroegsignaal.besluit.resultaat': d.decision.result,
    'vroegsignaal.besluit.regel_ids': reasons.map((r) => r.ruleId),
    'vroegsignaal.besluit.codes': reasons.map((r) => r.code),
    'vroegsignaal.besluit.bronnen': reasons.map((r) => r.bron),
    'vroegsignaal.besluit.geverifieerd': reasons.map((r) => r.geverifieerd),
    'vroegsignaal.besluit.invoer_velden': maskedInput(d.signal),
    'vroegsignaal.beleid_revisie': d.revision,
    'vroegsignaal.zaakstap': caseStepName[d.combination],
    'vroegsignaal.wachtrij': queueOutcome[d.combination],
    'vroegsignaal.bewaard_tot': d.bewaring.tot,
    'vroegsignaal.bewaarregel': d.bewaring.regel,
  };
  return [{ ...processingRecord(d.trace, signalProcessedName, d.now, attributes), attributes }];
}
