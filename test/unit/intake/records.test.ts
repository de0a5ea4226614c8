import { describe, expect, it } from 'vitest';
import { recordFacts } from '../../../src/audit/query-index.js';
import type { Combination } from '../../../src/cases/combine.js';
import { decisionRecord, intakeRecords } from '../../../src/intake/records.js';
import type { Signal } from '../../../src/intake/schema.js';
import { validateSignal } from '../../../src/intake/validate.js';
import { evaluateSignal } from '../../../src/policy/evaluate.js';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import { exampleSignal } from '../../e2e/fixtures.js';

const { bundle, revision } = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname);
const now = new Date('2026-11-22T12:00:00Z');
const trace = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) };

function signal(overrides: Record<string, unknown> = {}): Signal {
  const result = validateSignal(exampleSignal(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return result.signal;
}

function accepted(combination: Combination, s = signal()) {
  return intakeRecords({
    trace, now, signal: s, decision: evaluateSignal(s, 'Huur', bundle, now), revision, partnerOin: '00000099000000001000',
    gemeentecode: '0518', signaalId: 'sig-1', zaakId: combination === 'herhaald' ? undefined : 'zaak-1', combination,
    persoonPseudonym: 'k1:persoon', fscTransactionId: 'fsc-1', bewaring: { tot: '2028-11-22T12:00:00.000Z', regel: 'bewaartermijnen.zaakfeiten' },
  });
}

describe('the record of an accepted signal', () => {
  it('is one LDV processing record carrying receipt, decision, pseudonym, case step, queue outcome and retention', () => {
    const records = accepted('enkelvoudig');
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({ kind: 'verwerking', name: 'vroegsignaal-verwerkt', trace_id: trace.traceId, span_id: trace.spanId, status: 'Ok', start_time: now.toISOString() });
    expect(record.attributes).toMatchObject({
      'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:signalen-ontvangen',
      'dpl.core.data_subject_id': 'k1:persoon',
      'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
      'vroegsignaal.signaal_id': 'sig-1',
      'vroegsignaal.partner_oin': '00000099000000001000',
      'fsc.transaction_id': 'fsc-1',
      'vroegsignaal.gemeentecode': '0518',
      'vroegsignaal.signaalpartner': 'Huur',
      'vroegsignaal.besluit.resultaat': 'allow',
      'vroegsignaal.besluit.regel_ids': ['Huur.toegestaan'],
      'vroegsignaal.besluit.codes': ['toegestaan'],
      'vroegsignaal.besluit.bronnen': [expect.any(String)],
      'vroegsignaal.besluit.geverifieerd': [expect.any(Boolean)],
      'vroegsignaal.beleid_revisie': revision,
      'vroegsignaal.zaakstap': 'zaak-aangemaakt',
      'vroegsignaal.zaak_id': 'zaak-1',
      'vroegsignaal.wachtrij': 'zaak-in-wachtrij',
      'vroegsignaal.bewaard_tot': '2028-11-22T12:00:00.000Z',
      'vroegsignaal.bewaarregel': 'bewaartermijnen.zaakfeiten',
    });
    expect(record.attributes['vroegsignaal.besluit.invoer_velden']).toEqual(expect.arrayContaining(['adres.postcode', 'persoon.achternaam', 'bedrag']));
  });

  it('carries the same decision facts as a decision record for that signal would', () => {
    const s = signal();
    const decision = evaluateSignal(s, 'Huur', bundle, now);
    const asDecision = decisionRecord({ trace, now, signal: s, decision, revision, partnerOin: '00000099000000001000' });
    const a = accepted('enkelvoudig', s)[0].attributes;
    expect(a['vroegsignaal.besluit.regel_ids']).toEqual(asDecision.reasons.map((r) => r.rule_id));
    expect(a['vroegsignaal.besluit.codes']).toEqual(asDecision.reasons.map((r) => r.code));
    expect(a['vroegsignaal.besluit.bronnen']).toEqual(asDecision.reasons.map((r) => r.bron));
    expect(a['vroegsignaal.besluit.geverifieerd']).toEqual(asDecision.reasons.map((r) => r.geverifieerd));
    expect(a['vroegsignaal.besluit.invoer_velden']).toEqual(asDecision.input.velden);
    expect(a['vroegsignaal.beleid_revisie']).toBe(asDecision.bundle_revision);
  });

  it('names the case step and queue outcome of each way a signal can meet a case', () => {
    const step = (c: Combination) => {
      const a = accepted(c)[0].attributes;
      return [a['vroegsignaal.zaakstap'], a['vroegsignaal.wachtrij'], a['vroegsignaal.zaak_id']];
    };
    expect(step('enkelvoudig')).toEqual(['zaak-aangemaakt', 'zaak-in-wachtrij', 'zaak-1']);
    expect(step('opeenvolgend')).toEqual(['zaak-aangemaakt-opeenvolgend', 'zaak-in-wachtrij', 'zaak-1']);
    expect(step('meervoudig')).toEqual(['signaal-bij-zaak-gevoegd', 'zaak-bijgewerkt', 'zaak-1']);
    expect(step('herhaald')).toEqual(['herhaalde-melding', 'niet-opgepakt-herhaald', undefined]);
  });

  it('is found by the privacy officer\'s filters: decision, reason, activity, partner, subject, municipality', () => {
    const f = recordFacts(accepted('enkelvoudig')[0]);
    expect(f).toMatchObject({
      result: 'allow', reasons: ['toegestaan'], activity: 'urn:vroegsignaal:verwerking:signalen-ontvangen',
      partner: '00000099000000001000', pseudonym: 'k1:persoon', gemeentecode: '0518', day: '2026-11-22',
    });
  });

  it('keeps values out: field names only, unknown field names masked, no personal data', () => {
    const s = signal();
    (s.persoon as Record<string, unknown>)['bsnVanDeBewoner'] = '999999990';
    const record = accepted('enkelvoudig', s)[0];
    expect(record.attributes['vroegsignaal.besluit.invoer_velden']).toContain('persoon.<onbekend veld>');
    const text = JSON.stringify(record);
    for (const value of ['Dijk', 'Voorbeeldstraat', '1234AB', '1985-06-15', '0612345678', 'example.nl', '999999990', 'bsnVanDeBewoner']) expect(text).not.toContain(value);
  });

  it('only uses scalars and arrays of scalars as attribute values (the OpenTelemetry attribute model)', () => {
    for (const value of Object.values(accepted('meervoudig')[0].attributes)) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) expect(['string', 'number', 'boolean']).toContain(typeof item);
      if (Array.isArray(value)) expect(new Set(value.map((v) => typeof v)).size).toBeLessThanOrEqual(1);
    }
  });
});
