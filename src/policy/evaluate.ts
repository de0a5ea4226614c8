import type { Violation } from '../errors/problem.js';
import type { Signal, SignaalpartnerType } from '../intake/schema.js';
import type { PartnerPolicy, PolicyBundle } from './bundle-schema.js';

export interface Reason {
  ruleId: string;
  code: string;
  bron: string;
  geverifieerd: boolean;
  /** Dutch, for people; names fields and limits, never values the partner sent. */
  detail: string;
  pointer?: string;
}

export interface PolicyDecision {
  result: 'allow' | 'deny';
  /** 403 when the partner may not signal at all (type), 400 when this signal breaks a rule. */
  status?: 400 | 403;
  reasons: Reason[];
  processingActivityId: string;
  retention: { contactDetails: string; caseFacts: string; auditContent: string };
}

const dayMs = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.toISOString().slice(0, 10);
}

function fieldRules(type: SignaalpartnerType, policy: PartnerPolicy, signal: Signal): Reason[] {
  const reasons: Reason[] = [];
  for (const group of ['persoon', 'adres'] as const) {
    const allowed = new Set(policy.velden[group]);
    for (const field of Object.keys(signal[group])) {
      if (allowed.has(field)) continue;
      reasons.push({
        ruleId: `${type}.velden.${group}`, code: 'veld-niet-toegestaan', bron: policy.velden.bron, geverifieerd: policy.velden.geverifieerd,
        detail: `Het veld ${group}.${field} mag niet worden meegestuurd door signaalpartnertype ${type} (dataminimalisatie)`,
        pointer: `/${group}/${field}`,
      });
    }
  }
  return reasons;
}

function thresholdRules(type: SignaalpartnerType, policy: PartnerPolicy, signal: Signal): Reason[] {
  const reasons: Reason[] = [];
  const d = policy.drempels;
  const days = daysBetween(signal.ontstaansdatum, signal.signaaldatum);
  if (d.minimaleDagenAchterstand && days < d.minimaleDagenAchterstand.waarde) {
    reasons.push({ ruleId: `${type}.drempels.minimaleDagenAchterstand`, code: 'achterstand-te-kort', ...src(d.minimaleDagenAchterstand),
      detail: `De achterstand moet minstens ${d.minimaleDagenAchterstand.waarde} dagen bestaan (van ontstaansdatum tot signaaldatum)`, pointer: '/ontstaansdatum' });
  }
  if (d.maximaleDagenAchterstand && days > d.maximaleDagenAchterstand.waarde) {
    reasons.push({ ruleId: `${type}.drempels.maximaleDagenAchterstand`, code: 'achterstand-te-lang', ...src(d.maximaleDagenAchterstand),
      detail: `Voor ${type} geldt een achterstand van hoogstens ${d.maximaleDagenAchterstand.waarde} dagen`, pointer: '/ontstaansdatum' });
  }
  if (d.minimaleMaandenAchterstand && addMonths(signal.ontstaansdatum, d.minimaleMaandenAchterstand.waarde) > signal.signaaldatum) {
    reasons.push({ ruleId: `${type}.drempels.minimaleMaandenAchterstand`, code: 'achterstand-te-kort', ...src(d.minimaleMaandenAchterstand),
      detail: `De achterstand moet minstens ${d.minimaleMaandenAchterstand.waarde} maanden bestaan`, pointer: '/ontstaansdatum' });
  }
  if (d.minimaalBedrag && signal.bedrag < d.minimaalBedrag.waarde) {
    reasons.push({ ruleId: `${type}.drempels.minimaalBedrag`, code: 'bedrag-te-laag', ...src(d.minimaalBedrag),
      detail: `Het bedrag moet minstens € ${d.minimaalBedrag.waarde} zijn`, pointer: '/bedrag' });
  }
  if (d.maximaalBedrag && signal.bedrag > d.maximaalBedrag.waarde) {
    reasons.push({ ruleId: `${type}.drempels.maximaalBedrag`, code: 'bedrag-te-hoog', ...src(d.maximaalBedrag),
      detail: `Het bedrag mag hoogstens € ${d.maximaalBedrag.waarde} zijn`, pointer: '/bedrag' });
  }
  return reasons;
}

function src(rule: { bron: string; geverifieerd: boolean }) {
  return { bron: rule.bron, geverifieerd: rule.geverifieerd };
}

function effortRules(type: SignaalpartnerType, policy: PartnerPolicy, signal: Signal): Reason[] {
  return policy.inspanningen.vereist
    .filter((name) => signal.inspanningen[name] !== true)
    .map((name) => ({
      ruleId: `${type}.inspanningen.${name}`, code: 'inspanning-ontbreekt', ...src(policy.inspanningen),
      detail: `Voor een signaal moet ${name} gedaan zijn`, pointer: `/inspanningen/${name}`,
    }));
}

function dateRules(signal: Signal, now: Date): Reason[] {
  const reasons: Reason[] = [];
  const today = now.toISOString().slice(0, 10);
  const bron = 'CONTRACT §1 (datums)';
  if (signal.signaaldatum > today) {
    reasons.push({ ruleId: 'algemeen.signaaldatum', code: 'datum-in-toekomst', bron, geverifieerd: true, detail: 'De signaaldatum ligt in de toekomst', pointer: '/signaaldatum' });
  }
  if (signal.ontstaansdatum > signal.signaaldatum) {
    reasons.push({ ruleId: 'algemeen.ontstaansdatum', code: 'datum-volgorde', bron, geverifieerd: true, detail: 'De ontstaansdatum ligt na de signaaldatum', pointer: '/ontstaansdatum' });
  }
  return reasons;
}

/**
 * The policy decision for one signal: a pure function of the signal, the registered partner
 * type, the bundle and the time. 403 rules (who may signal) stop at once; 400 rules (what this
 * signal carries) are all collected so the partner can fix everything in one go.
 */
export function evaluateSignal(signal: Signal, partnerType: SignaalpartnerType, bundle: PolicyBundle, now: Date): PolicyDecision {
  const policy = bundle.types[signal.signaalpartner];
  const retention = {
    contactDetails: bundle.termijnen.contactgegevens.duur,
    caseFacts: bundle.termijnen.zaakfeiten.duur,
    auditContent: bundle.termijnen.auditInhoud.duur,
  };
  const base = { processingActivityId: policy.verwerkingsactiviteit, retention };
  if (partnerType !== signal.signaalpartner) {
    return { ...base, result: 'deny', status: 403, reasons: [{
      ruleId: 'registratie.type', code: 'partnertype-niet-toegestaan', bron: 'Partnerregister (Wgs art. 3 lid 1 onder b: aangewezen schuldeisers)', geverifieerd: true,
      detail: `Deze signaalpartner is geregistreerd als ${partnerType} en mag geen signaal van type ${signal.signaalpartner} afgeven`, pointer: '/signaalpartner',
    }] };
  }
  if (!policy.toegestaan.waarde) {
    return { ...base, result: 'deny', status: 403, reasons: [{
      ruleId: `${signal.signaalpartner}.toegestaan`, code: 'partnertype-niet-toegestaan', ...src(policy.toegestaan),
      detail: `Signaalpartnertype ${signal.signaalpartner} mag (nu) geen signalen afgeven`, pointer: '/signaalpartner',
    }] };
  }
  const violations = [
    ...fieldRules(signal.signaalpartner, policy, signal),
    ...thresholdRules(signal.signaalpartner, policy, signal),
    ...effortRules(signal.signaalpartner, policy, signal),
    ...dateRules(signal, now),
  ];
  if (violations.length > 0) return { ...base, result: 'deny', status: 400, reasons: violations };
  return { ...base, result: 'allow', reasons: [{
    ruleId: `${signal.signaalpartner}.toegestaan`, code: 'toegestaan', ...src(policy.toegestaan),
    detail: `Signaal van ${signal.signaalpartner} voldoet aan alle regels`,
  }] };
}

export function toViolations(decision: PolicyDecision): Violation[] {
  return decision.reasons.filter((r) => r.pointer).map((r) => ({ pointer: r.pointer!, code: r.code, detail: r.detail }));
}
