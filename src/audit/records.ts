import type { TraceContext } from './trace.js';

/**
 * Record shapes. Processing records follow the Logius Logboek Dataverwerkingen (one per data
 * subject, pseudonymous subject id); decision records follow OPA/ADL decision logs. Neither may
 * hold personal data in clear: subjects are pseudonyms, inputs are field names only.
 */
export interface ProcessingRecord {
  kind: 'verwerking';
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  start_time: string;
  end_time: string;
  status: 'Unset' | 'Ok' | 'Error';
  attributes: {
    'dpl.core.processing_activity_id': string;
    'dpl.core.data_subject_id': string;
    'dpl.core.data_subject_id_type': 'pseudoniem-persoon' | 'pseudoniem-adres';
    'vroegsignaal.vertrouwelijkheid': 'normaal' | 'vertrouwelijk';
    'vroegsignaal.bewaartermijn': string;
    'vroegsignaal.gemeentecode'?: string;
    'vroegsignaal.signaal_id'?: string;
    'vroegsignaal.zaak_id'?: string;
    'vroegsignaal.partner_oin'?: string;
    /** Until when the data this record is about (case facts or a lone signal) is kept. */
    'vroegsignaal.bewaard_tot'?: string;
    'vroegsignaal.contactgegevens_bewaard_tot'?: string;
    /** The bundle rule that set or ended the retention, and the bundle's revision at that moment. */
    'vroegsignaal.bewaarregel'?: string;
    'vroegsignaal.beleid_revisie'?: string;
    'fsc.transaction_id'?: string;
    /** A delivered terugmelding: the body's fields, and the policy rules that allowed them. */
    'vroegsignaal.terugmelding.velden'?: string[];
    'vroegsignaal.terugmelding.regels'?: string[];
  } & Partial<SignalProcessingAttributes>;
}

/**
 * What the one record of an accepted signal ("vroegsignaal-verwerkt") carries besides the common
 * attributes: the policy decision, the case step and the queue outcome — what a decision record
 * and four processing records carried before.
 *
 * Attribute values follow the OpenTelemetry attribute model that LDV records build on: a scalar
 * or a homogeneous array of scalars, never an object. The decision's reasons (objects in a
 * decision record) are therefore flattened into parallel arrays, position i of each being reason
 * i. Arrays rather than JSON strings: an LDV store and OTel tooling can filter on array
 * members, and a JSON string inside JSON would be escaped twice in every record.
 */
export interface SignalProcessingAttributes {
  /** The registered partner type whose policy applied (the decision input's `signaalpartner`). */
  'vroegsignaal.signaalpartner': string;
  'vroegsignaal.besluit.resultaat': 'allow' | 'deny';
  'vroegsignaal.besluit.regel_ids': string[];
  'vroegsignaal.besluit.codes': string[];
  'vroegsignaal.besluit.bronnen': string[];
  'vroegsignaal.besluit.geverifieerd': boolean[];
  /** The input masked to field names, as a decision record's `input.velden`. */
  'vroegsignaal.besluit.invoer_velden': string[];
  'vroegsignaal.zaakstap': 'zaak-aangemaakt' | 'zaak-aangemaakt-opeenvolgend' | 'signaal-bij-zaak-gevoegd' | 'herhaalde-melding';
  'vroegsignaal.wachtrij': 'zaak-in-wachtrij' | 'zaak-bijgewerkt' | 'niet-opgepakt-herhaald';
}

export interface DecisionReasonRecord {
  rule_id: string;
  code: string;
  bron: string;
  geverifieerd: boolean;
  detail: string;
  pointer?: string;
}

export interface DecisionRecord {
  kind: 'besluit';
  decision_id: string;
  timestamp: string;
  path: string;
  input: Record<string, unknown>;
  result: 'allow' | 'deny';
  reasons: DecisionReasonRecord[];
  bundle_revision: string;
  trace_id: string;
  span_id: string;
  processing_activity_id?: string;
  partner_oin?: string;
}

export type AuditRecord = ProcessingRecord | DecisionRecord;

export function processingRecord(
  trace: TraceContext,
  name: string,
  at: Date,
  attributes: ProcessingRecord['attributes'],
): ProcessingRecord {
  const record: ProcessingRecord = {
    kind: 'verwerking',
    trace_id: trace.traceId,
    span_id: trace.spanId,
    name,
    start_time: at.toISOString(),
    end_time: at.toISOString(),
    status: 'Ok',
    attributes,
  };
  if (trace.parentSpanId) record.parent_span_id = trace.parentSpanId;
  return record;
}

/**
 * The masked view of an input: which fields were present, never their values. Enough for a
 * privacy officer to see *what kind* of data arrived (e.g. that a BSN was sent) without the data.
 */
export function maskedFieldNames(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix ? [prefix] : [];
  const names: string[] = [];
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) names.push(...maskedFieldNames(inner, path));
    else names.push(path);
  }
  return names.sort();
}
