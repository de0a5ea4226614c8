import type { Violation } from '../errors/problem.js';
import type { ProblemCode } from '../errors/catalogue.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import { evaluateSignal, toViolations, type PolicyDecision } from '../policy/evaluate.js';
import { routePostcode } from '../policy/routing.js';
import type { Signal, SignaalpartnerType } from './schema.js';
import { validateSignal } from './validate.js';

export type IntakeDecision =
  | { kind: 'invalid'; code: ProblemCode; violations: Violation[] }
  | { kind: 'refused'; code: ProblemCode; status: 400 | 403; signal: Signal; decision: PolicyDecision; violations: Violation[]; unknownPostcode: boolean }
  | { kind: 'accepted'; signal: Signal; decision: PolicyDecision; gemeentecode: string };

/**
 * What intake decides about one signal, before anything is stored: schema, policy, routing.
 * Pure, so `vroegsignaal policy explain` gives exactly the answer intake would.
 */
export function decideIntake(raw: unknown, partnerType: SignaalpartnerType, bundle: PolicyBundle, now: Date): IntakeDecision {
  const validation = validateSignal(raw);
  if (!validation.ok) return { kind: 'invalid', code: 'ongeldige-invoer', violations: validation.violations };
  return decideValidSignal(validation.signal, partnerType, bundle, now);
}

/** The policy and routing half, for a signal that already passed the schema. */
export function decideValidSignal(signal: Signal, partnerType: SignaalpartnerType, bundle: PolicyBundle, now: Date): Exclude<IntakeDecision, { kind: 'invalid' }> {
  const decision = evaluateSignal(signal, partnerType, bundle, now);
  if (decision.result === 'deny' && decision.status === 403) {
    return { kind: 'refused', code: 'partnertype-niet-toegestaan', status: 403, signal, decision, violations: toViolations(decision), unknownPostcode: false };
  }
  const gemeentecode = routePostcode(signal.adres.postcode, bundle);
  const violations = decision.result === 'deny' ? toViolations(decision) : [];
  if (!gemeentecode) {
    violations.push({ pointer: '/adres/postcode', code: 'onbekende-postcode', detail: 'Deze postcode valt onder geen aangesloten gemeente' });
  }
  if (violations.length > 0) {
    const code: ProblemCode = decision.result === 'deny' ? 'beleid-geweigerd' : 'onbekende-postcode';
    return { kind: 'refused', code, status: 400, signal, decision, violations, unknownPostcode: !gemeentecode };
  }
  return { kind: 'accepted', signal, decision, gemeentecode: gemeentecode! };
}
