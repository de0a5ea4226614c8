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

  it('asks CAK Zorgverzekeringen for more than six months', () => {
    const at = (ontstaansdatum: string) => evaluateSignal(signal({ signaalpartner: 'CAK Zorgverzekeringen', ontstaansdatum, signaaldatum: '2026-11-20' }), 'CAK Zorgverzekeringen', bundle, now);
    expect(at('2026-05-19').result).toBe('allow'); // six months and a day
    expect(at('2026-05-20').reasons).toEqual([expect.objectContaining({ ruleId: 'CAK Zorgverzekeringen.drempels.meerDanMaandenAchterstand', code: 'achterstand-te-kort' })]);
  });

  it('marks a threshold the convenant does not name for that type as unverified', () => {
    const hypotheek = evaluateSignal(signal({ signaalpartner: 'Hypotheek', ontstaansdatum: '2026-11-01' }), 'Hypotheek', bundle, now);
    expect(hypotheek.reasons).toEqual([expect.objectContaining({ code: 'achterstand-te-kort', geverifieerd: false })]);
  });

  it('names a field just outside the allowlist (BSN for Huur, an unknown persoon field)', () => {
    const s = signal();
    s.persoon.burgerservicenummer = '123456782';
    (s.persoon as Record<string, unknown>).bijnaam = 'x';
    const decision = evaluateSignal(s, 'Huur', bundle, now);
    expect(toViolations(decision).map((v) => v.pointer).sort()).toEqual(['/persoon/bijnaam', '/persoon/burgerservicenummer']);
    expect(decision.reasons[0]!.detail).toContain('burgerservicenummer');
    expect(decision.reasons[0]!.detail).toContain('Huur.velden.persoon');
    expect(JSON.stringify(decision)).not.toContain('123456782');
  });

  it('names an address field outside the allowlist', () => {
    const s = signal();
    (s.adres as Record<string, unknown>).gemeente = 'x';
    expect(toViolations(evaluateSignal(s, 'Huur', bundle, now))).toEqual([expect.objectContaining({ pointer: '/adres/gemeente', code: 'veld-niet-toegestaan' })]);
  });

  it('allows BSN only where a bundle allows it', () => {
    const s = signal();
    s.persoon.burgerservicenummer = '123456782';
    const huur = bundle.types.Huur;
    const withBsn = { ...bundle, types: { ...bundle.types, Huur: { ...huur, velden: { ...huur.velden, persoon: [...huur.velden.persoon, 'burgerservicenummer'] } } } };
    expect(evaluateSignal(s, 'Huur', withBsn, now).result).toBe('allow');
  });

  it('refuses a type that is switched off with 403', () => {
    const decision = evaluateSignal(signal({ signaalpartner: 'Overige' }), 'Overige', bundle, now);
    expect(decision).toMatchObject({ result: 'deny', status: 403 });
    expect(decision.reasons[0]).toMatchObject({ ruleId: 'Overige.toegestaan', code: 'partnertype-niet-toegestaan' });
  });

  it('refuses a body type that differs from the registered type with 403, before any 400 rule', () => {
    const decision = evaluateSignal(signal({ signaalpartner: 'Energie', bedrag: 1, ontstaansdatum: '2026-11-19' }), 'Huur', bundle, now);
    expect(decision).toMatchObject({ result: 'deny', status: 403 });
    expect(decision.reasons).toEqual([expect.objectContaining({ ruleId: 'registratie.type', code: 'partnertype-niet-toegestaan' })]);
  });

  it('refuses a switched-off type even when its registration matches (DUO)', () => {
    expect(evaluateSignal(signal({ signaalpartner: 'DUO' }), 'DUO', bundle, now)).toMatchObject({ result: 'deny', status: 403 });
  });

  it('reports an ontstaansdatum after the signaaldatum once, not also as too short', () => {
    const decision = evaluateSignal(signal({ ontstaansdatum: '2026-11-21', signaaldatum: '2026-11-20' }), 'Huur', bundle, now);
    expect(toViolations(decision)).toEqual([expect.objectContaining({ pointer: '/ontstaansdatum', code: 'datum-volgorde' })]);
  });

  it('accepts a signaaldatum of today and refuses tomorrow', () => {
    expect(evaluateSignal(signal({ signaaldatum: '2026-11-22' }), 'Huur', bundle, now).result).toBe('allow');
    expect(toViolations(evaluateSignal(signal({ signaaldatum: '2026-11-23' }), 'Huur', bundle, now)))
      .toEqual([expect.objectContaining({ pointer: '/signaaldatum', code: 'datum-in-toekomst' })]);
    // Today in the Netherlands, where the partner is: past 23:00 UTC in winter it is the next day.
    const lateEvening = new Date('2026-11-22T23:30:00Z');
    expect(evaluateSignal(signal({ signaaldatum: '2026-11-23' }), 'Huur', bundle, lateEvening).result).toBe('allow');
    expect(evaluateSignal(signal({ signaaldatum: '2026-11-24' }), 'Huur', bundle, lateEvening).result).toBe('deny');
  });

  it('lists every missing effort and impossible date together', () => {
    const decision = evaluateSignal(signal({
      inspanningen: { aanmaningVerstuurd: false, persoonlijkContactGezocht: false, gewezenOpSchuldhulp: true },
      signaaldatum: '2026-12-30', ontstaansdatum: '2026-09-01',
    }), 'Huur', bundle, now);
    expect(toViolations(decision).map((v) => v.pointer)).toEqual(['/inspanningen/aanmaningVerstuurd', '/inspanningen/persoonlijkContactGezocht', '/signaaldatum']);
  });

  it('lists field, threshold, amount and effort violations of one signal together', () => {
    const s = signal({ signaalpartner: 'Belastingdienst', bedrag: 599, ontstaansdatum: '2026-11-01', inspanningen: { aanmaningVerstuurd: true, persoonlijkContactGezocht: true, gewezenOpSchuldhulp: false } });
    s.persoon.klantnummer = 'K1';
    expect(toViolations(evaluateSignal(s, 'Belastingdienst', bundle, now)).map((v) => `${v.pointer} ${v.code}`)).toEqual([
      '/persoon/klantnummer veld-niet-toegestaan', '/ontstaansdatum achterstand-te-kort', '/bedrag bedrag-te-laag', '/inspanningen/gewezenOpSchuldhulp inspanning-ontbreekt',
    ]);
  });
});
