import type { FoundRecord } from '../../audit/query.js';
import { formatDateTime } from '../format.js';

/** What one row of the Auditlog says about a record: its kind, what happened, the outcome. Never the pseudonym. */
export interface RecordSummary {
  index: number;
  tijd: string;
  tijdIso: string | undefined;
  soort: string;
  wat: string;
  activiteit: string | undefined;
  uitkomst: string;
  gemeente: string;
  zaak: string | undefined;
  verwijderd: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const decisionLabels: Record<string, string> = { allow: 'toegestaan', deny: 'geweigerd' };

const caseStepLabels: Record<string, string> = {
  'zaak-aangemaakt': 'zaak aangemaakt',
  'zaak-aangemaakt-opeenvolgend': 'nieuwe zaak na een eerdere',
  'signaal-bij-zaak-gevoegd': 'bij zaak gevoegd',
  'herhaalde-melding': 'herhaalde melding',
};

/**
 * An accepted signal is one record carrying its decision and case step as attributes: the row
 * says both, as the decision record and the case record said them apart before.
 */
function signalOutcome(attributes: Record<string, unknown>): string | undefined {
  const result = str(attributes['vroegsignaal.besluit.resultaat']);
  if (!result) return undefined;
  const codes = Array.isArray(attributes['vroegsignaal.besluit.codes']) ? attributes['vroegsignaal.besluit.codes'].map(str).filter(Boolean) : [];
  const step = str(attributes['vroegsignaal.zaakstap']);
  return `${decisionLabels[result] ?? result}${codes.length ? ` (${codes.join(', ')})` : ''}${step ? `, ${caseStepLabels[step] ?? step}` : ''}`;
}

export function summarise(found: FoundRecord): RecordSummary {
  const r = (found.record ?? {}) as Record<string, unknown>;
  const attributes = (r.attributes ?? {}) as Record<string, unknown>;
  const base = { index: found.index, verwijderd: found.verwijderd };
  if (!found.record) {
    return { ...base, tijd: '—', tijdIso: undefined, soort: '—', wat: 'Inhoud verwijderd aan het eind van de bewaartermijn', activiteit: undefined, uitkomst: '—', gemeente: '—', zaak: undefined };
  }
  if (r.kind === 'besluit') {
    const reasons = Array.isArray(r.reasons) ? r.reasons.map((x) => str((x as { code?: unknown }).code)).filter(Boolean) : [];
    const tijdIso = str(r.timestamp);
    return {
      ...base, tijd: formatDateTime(tijdIso), tijdIso, soort: 'Besluit', wat: str(r.path) ?? '—',
      activiteit: str(r.processing_activity_id),
      uitkomst: `${decisionLabels[String(r.result)] ?? String(r.result)}${reasons.length ? ` (${reasons.join(', ')})` : ''}`,
      gemeente: '—', zaak: undefined,
    };
  }
  const tijdIso = str(r.start_time);
  return {
    ...base, tijd: formatDateTime(tijdIso), tijdIso, soort: 'Verwerking', wat: str(r.name) ?? '—',
    activiteit: str(attributes['dpl.core.processing_activity_id']),
    uitkomst: str(r.status) === 'Error' ? 'fout' : signalOutcome(attributes) ?? 'uitgevoerd',
    gemeente: str(attributes['vroegsignaal.gemeentecode']) ?? '—',
    zaak: str(attributes['vroegsignaal.zaak_id']),
  };
}
