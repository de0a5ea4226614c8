import { describe, expect, it } from 'vitest';
import { evaluateSignal, toViolations } from '../../../src/policy/evaluate.js';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import { validateSignal } from '../../../src/intake/validate.js';
import type { Signal } from '../../../src/intake/schema.js';
import { exampleSignal } from '../../e2e/fixtures.js';

const { bundle } = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname);
const now = new Date('2026-11-22T12:00:00Z');

function signal(overrides: Record<string, unknown> = {}): Signal {
  const result = validateSignal(exampleSignal(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return result.signal;
}

describe('evaluateSignal', () => {
  it('allows the contract example, naming the processing activity and retention', () => {
    const decision = evaluateSignal(signal(), 'Huur', bundle, now);
    expect(decision.result).toBe('allow');
    expect(decision.processingActivityId).toBe('urn:vroegsignaal:verwerking:signalen-ontvangen');
    expect(decision.retention).toEqual({ contactDetails: 'P6M', caseFacts: 'P2Y', auditContent: 'P2Y' });
  });

  it('denies 29 days overdue and allows 30', () => {
    const d29 = evaluateSignal(signal({ ontstaansdatum: '2026-10-22', signaaldatum: '2026-11-20' }), 'Huur', bundle, now);
    expect(d29).toMatchObject({ result: 'deny', status: 400 });
    expect(toViolations(d29)).toEqual([expect.objectContaining({ pointer: '/ontstaansdatum', code: 'achterstand-te-kort' })]);
    expect(d29.reasons[0]).toMatchObject({ ruleId: 'Huur.drempels.minimaleDagenAchterstand', bron: expect.stringContaining('Convenant'), geverifieerd: true });
    expect(evaluateSignal(signal({ ontstaansdatum: '2026-10-21', signaaldatum: '2026-11-20' }), 'Huur', bundle, now).result).toBe('allow');
  });

  it('denies €599 and allows €600 for Belastingdienst, marking the rule unverified', () => {
    const low = evaluateSignal(signal({ signaalpartner: 'Belastingdienst', bedrag: 599 }), 'Belastingdienst', bundle, now);
    expect(low.result).toBe('deny');
    expect(low.reasons).toEqual([expect.objectContaining({ code: 'bedrag-te-laag', pointer: '/bedrag', geverifieerd: false })]);
    expect(evaluateSignal(signal({ signaalpartner: 'Belastingdienst', bedrag: 600 }), 'Belastingdienst', bundle, now).result).toBe('allow');
  });

  it('holds Zorg between 30 and 100 days overdue', () => {
    const at = (ontstaansdatum: string) => evaluateSignal(signal({ signaalpartner: 'Zorg', ontstaansdatum, signaaldatum: '2026-11-20' }), 'Zorg', bundle, now).result;
    expect(at('2026-08-12')).toBe('allow'); // 100 days
    expect(at('2026-08-11')).toBe('deny'); // 101 days
  });

  it('asks CAK Zorgverzekeringen for at least six months', () => {
    const at = (ontstaansdatum: string) => evaluateSignal(signal({ signaalpartner: 'CAK Zorgverzekeringen', ontstaansdatum, signaaldatum: '2026-11-20' }), 'CAK Zorgverzekeringen', bundle, now).result;
    expect(at('2026-05-20')).toBe('allow');
    expect(at('2026-05-21')).toBe('deny');
  });

  it('names a field just outside the allowlist (BSN for Huur, an unknown persoon field)', () => {
    const s = signal();
    s.persoon.burgerservicenummer = '123456782';
    (s.persoon as Record<string, unknown>).bijnaam = 'x';
    const decision = evaluateSignal(s, 'Huur', bundle, now);
    expect(toViolations(decision).map((v) => v.pointer).sort()).toEqual(['/persoon/bijnaam', '/persoon/burgerservicenummer']);
    expect(decision.reasons[0]!.detail).toContain('burgerservicenummer');
  });

  it('refuses a type that is switched off with 403', () => {
    const decision = evaluateSignal(signal({ signaalpartner: 'Overige' }), 'Overige', bundle, now);
    expect(decision).toMatchObject({ result: 'deny', status: 403 });
    expect(decision.reasons[0]).toMatchObject({ ruleId: 'Overige.toegestaan', code: 'partnertype-niet-toegestaan' });
  });

  it('refuses a body type that differs from the registered type with 403', () => {
    expect(evaluateSignal(signal({ signaalpartner: 'Energie' }), 'Huur', bundle, now)).toMatchObject({ result: 'deny', status: 403 });
  });

  it('lists every missing effort and impossible date together', () => {
    const decision = evaluateSignal(signal({
      inspanningen: { aanmaningVerstuurd: false, persoonlijkContactGezocht: false, gewezenOpSchuldhulp: true },
      signaaldatum: '2026-12-30', ontstaansdatum: '2026-09-01',
    }), 'Huur', bundle, now);
    expect(toViolations(decision).map((v) => v.pointer)).toEqual(['/inspanningen/aanmaningVerstuurd', '/inspanningen/persoonlijkContactGezocht', '/signaaldatum']);
  });
});
