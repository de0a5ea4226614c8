import { sealRecord, type SealedRecord } from '../audit/leaf.js';
import type { DecisionRecord } from '../audit/records.js';
import type { TraceContext } from '../audit/trace.js';
import { uuidv7 } from '../ids/uuid.js';
import type { Period } from './period.js';

export const ddasActivity = 'urn:vroegsignaal:verwerking:ddas-rapportage';

export interface PullFacts {
  /** The consumer's OIN (TLS certificate, token and signature agree on it). */
  afnemer: string;
  period: Period;
  gemeentecodes: string[];
  page: number;
  pageSize: number;
  totalPages: number;
  totalRecords: number;
  /** Signals on this page, per municipality. */
  perGemeente: Record<string, number>;
  vroegsignalen: number;
  vroegsignaalzaken: number;
  /** The answer's Digest: which bytes left, without keeping them. */
  digest: string;
  /** The request's signature key id and signing-certificate thumbprint. */
  kid: string;
  fscTransactionId?: string | undefined;
}

/**
 * One pull, one record: who pulled which period of which municipalities, which page, how many
 * records, and the digest of exactly what was sent. Counts and codes only — the delivery's
 * content is not logged (it is re-derivable from the stored data, and holds client details).
 */
export function pullRecord(facts: PullFacts, trace: TraceContext, now: Date, bundleRevision: string): SealedRecord {
  const record: DecisionRecord = {
    kind: 'besluit',
    decision_id: uuidv7(now.getTime()),
    timestamp: now.toISOString(),
    path: 'ddas/levering',
    input: {
      afnemer: facts.afnemer,
      periode: { start: facts.period.start, eind: facts.period.end },
      gemeenten: facts.gemeentecodes,
      pagina: facts.page,
      paginagrootte: facts.pageSize,
      paginas: facts.totalPages,
      totaalRecords: facts.totalRecords,
      vroegsignalen: facts.vroegsignalen,
      vroegsignaalzaken: facts.vroegsignaalzaken,
      perGemeente: facts.perGemeente,
      digest: facts.digest,
      kid: facts.kid,
      ...(facts.fscTransactionId ? { fscTransactionId: facts.fscTransactionId } : {}),
    },
    result: 'allow',
    reasons: [],
    bundle_revision: bundleRevision,
    trace_id: trace.traceId,
    span_id: trace.spanId,
    processing_activity_id: ddasActivity,
    partner_oin: facts.afnemer,
  };
  return sealRecord(record);
}
