import type { Violation } from '../errors/problem.js';
import { dutchDate } from '../outreach/calendar.js';
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
        detail: `Het veld ${group}.${field} mag signaalpartnertype ${type} niet meesturen (regel ${type}.velden.${group}, dataminimalisatie)`,
        pointer: `/${group}/${field}`,
      });
    }
  }
  return reasons;
}

function durationRules(type: SignaalpartnerType, policy: PartnerPolicy, signal: Signal): Reason[] {
  // A debt that arises after it is signalled has no meaningful age: dateRules reports that
  // once, instead of a second, misleading "too short" on the same field.
  if (signal.ontstaansdatum > signal.signaaldatum) return [];
  const reasons: Reason[] = [];
  const d = policy.drempels;
  const days = daysBetween(signal.ontstaansdatum, signal.signaaldatum);
  if (d.minimaleDagenAchterstand && days < d.minimaleDagenAchterstand.waarde) {
    const ruleId = `${type}.drempels.minimaleDagenAchterstand`;
    reasons.push({ ruleId, code: 'achterstand-te-kort', ...src(d.minimaleDagenAchterstand), pointer: '/ontstaansdatum',
      detail: `De achterstand moet minstens ${d.minimaleDagenAchterstand.waarde} dagen bestaan, van ontstaansdatum tot signaaldatum (regel ${ruleId})` });
  }
  if (d.maximaleDagenAchterstand && days > d.maximaleDagenAchterstand.waarde) {
    const ruleId = `${type}.drempels.maximaleDagenAchterstand`;
    reasons.push({ ruleId, code: 'achterstand-te-lang', ...src(d.maximaleDagenAchterstand), pointer: '/ontstaansdatum',
      detail: `De achterstand mag hoogstens ${d.maximaleDagenAchterstand.waarde} dagen bestaan, van ontstaansdatum tot signaaldatum (regel ${ruleId})` });
  }
  if (d.meerDanMaandenAchterstand && signal.signaaldatum <= addMonths(signal.ontstaansdatum, d.meerDanMaandenAchterstand.waarde)) {
    const ruleId = `${type}.drempels.meerDanMaandenAchterstand`;
    reasons.push({ ruleId, code: 'achterstand-te-kort', ...src(d.meerDanMaandenAchterstand), pointer: '/ontstaansdatum',
      detail: `De achterstand moet meer dan ${d.meerDanMaandenAchterstand.waarde} maanden bestaan, van ontstaansdatum tot signaaldatum (regel ${ruleId})` });
  }
  return reasons;
}

function amountRules(type: SignaalpartnerType, policy: PartnerPolicy, signal: Signal): Reason[] {
  const reasons: Reason[] = [];
  const d = policy.drempels;
  if (d.minimaalBedrag && signal.bedrag < d.minimaalBedrag.waarde) {
    const ruleId = `${type}.drempels.minimaalBedrag`;
    reasons.push({ ruleId, code: 'bedrag-te-laag', ...src(d.minimaalBedrag), pointer: '/bedrag',
      detail: `Het bedrag moet minstens € ${d.minimaalBedrag.waarde} zijn (regel ${ruleId})` });
  }
  if (d.maximaalBedrag && signal.bedrag > d.maximaalBedrag.waarde) {
    const ruleId = `${type}.drempels.maximaalBedrag`;
    reasons.push({ ruleId, code: 'bedrag-te-hoog', ...src(d.maximaalBedrag), pointer: '/bedrag',
      detail: `Het bedrag mag hoogstens € ${d.maximaalBedrag.waarde} zijn (regel ${ruleId})` });
  }
  return reasons;
}

function src(rule: { bron: string; geverifieerd: boolean }) {
  return { bron: rule.bron, geverifieerd: rule.geverifieerd };
}

const effortInDutch: Record<keyof Signal['inspanningen'], string> = {
  aanmaningVerstuurd: 'een aanmaning verstuurd',
  persoonlijkContactGezocht: 'persoonlijk contact gezocht',
  gewezenOpSchuldhulp: 'op schuldhulp gewezen',
};

function effortRules(type: SignaalpartnerType, policy: PartnerPolicy, signal: Signal): Reason[] {
  return policy.inspanningen.vereist
    .filter((name) => signal.inspanningen[name] !== true)
    .map((name) => ({
      ruleId: `${type}.inspanningen.${name}`, code: 'inspanning-ontbreekt', ...src(policy.inspanningen), pointer: `/inspanningen/${name}`,
      detail: `Signaalpartnertype ${type} moet vóór het signaal ${effortInDutch[name]} hebben (inspanningen.${name}; regel ${type}.inspanningen)`,
    }));
}

function dateRules(signal: Signal, now: Date): Reason[] {
  const reasons: Reason[] = [];
  // The partner's today is a Dutch calendar day: at 23:30 UTC it is already tomorrow there.
  const today = dutchDate(now);
  // Plausibility rather than law: a signal cannot predate its own arrears or come from the future.
  const bron = 'Koppelvlak vroegsignaal v1 (datums)';
  if (signal.signaaldatum > today) {
    reasons.push({ ruleId: 'algemeen.signaaldatum', code: 'datum-in-toekomst', bron, geverifieerd: true, detail: 'De signaaldatum ligt na vandaag (regel algemeen.signaaldatum)', pointer: '/signaaldatum' });
  }
  if (signal.ontstaansdatum > signal.signaaldatum) {
    reasons.push({ ruleId: 'algemeen.ontstaansdatum', code: 'datum-volgorde', bron, geverifieerd: true, detail: 'De ontstaansdatum ligt na de signaaldatum (regel algemeen.ontstaansdatum)', pointer: '/ontstaansdatum' });
  }
  return reasons;
}

/**
 * The policy decision for one signal: a pure function of the signal, the registered partner
 * type, the bundle and the time. 403 rules (who may signal) stop at once; 400 rules (what this
 * signal carries) are all collected so the partner can fix everything in one go.
 */
export function evaluateSignal(signal: Signal, partnerType: SignaalpartnerType, bundle: PolicyBundle, now: Date): PolicyDecision {
  // The registry's type is the trusted one: its policy applies and names the processing
  // activity, even on a refusal because the body claims another type.
  const type = partnerType;
  const policy = bundle.types[type];
  const retention = {
    contactDetails: bundle.termijnen.contactgegevens.duur,
    caseFacts: bundle.termijnen.zaakfeiten.duur,
    auditContent: bundle.termijnen.auditInhoud.duur,
  };
  const base = { processingActivityId: policy.verwerkingsactiviteit, retention };
  if (signal.signaalpartner !== type) {
    return { ...base, result: 'deny', status: 403, reasons: [{
      ruleId: 'registratie.type', code: 'partnertype-niet-toegestaan', bron: 'Partnerregister (Wgs art. 3 lid 1 onder b: aangewezen schuldeisers)', geverifieerd: true,
      detail: `Deze signaalpartner is geregistreerd als ${type} en mag geen signaal van type ${signal.signaalpartner} afgeven (regel registratie.type)`, pointer: '/signaalpartner',
    }] };
  }
  if (!policy.toegestaan.waarde) {
    return { ...base, result: 'deny', status: 403, reasons: [{
      ruleId: `${type}.toegestaan`, code: 'partnertype-niet-toegestaan', ...src(policy.toegestaan),
      detail: `Signaalpartnertype ${type} mag (nu) geen signalen afgeven (regel ${type}.toegestaan)`, pointer: '/signaalpartner',
    }] };
  }
  const violations = [
    ...fieldRules(type, policy, signal),
    ...durationRules(type, policy, signal),
    ...amountRules(type, policy, signal),
    ...effortRules(type, policy, signal),
    ...dateRules(signal, now),
  ];
  if (violations.length > 0) return { ...base, result: 'deny', status: 400, reasons: violations };
  return { ...base, result: 'allow', reasons: [{
    ruleId: `${type}.toegestaan`, code: 'toegestaan', ...src(policy.toegestaan),
    detail: `Signaal van ${type} voldoet aan alle regels`,
  }] };
}

/** Every reason that points into the body, as the `errors[]` entries of a problem response. */
export function toViolations(decision: PolicyDecision): Violation[] {
  return decision.reasons.filter((r) => r.pointer).map((r) => ({ pointer: r.pointer!, code: r.code, detail: r.detail }));
}
