import type { Eindresultaat, FeedbackPolicy, PartnerStatus } from './bundle-schema.js';

/**
 * What a partner learns of its own signal (policies/terugmelding.yaml). The status endpoint
 * (GET /v1/vroegsignalen/{id}) and the pushed terugmelding both derive from the one stored
 * status and these functions, so the two can never tell a partner different things.
 */

/** DDAS restricted feedback: the end results of nietOpgepakt mean "niet opgepakt", every other one "in behandeling". */
export function partnerStatusAfterClose(policy: FeedbackPolicy, eindresultaat: Eindresultaat): PartnerStatus {
  return policy.nietOpgepakt.resultaten.includes(eindresultaat) ? 'niet opgepakt' : 'in behandeling';
}

/** What may be said about one signal, and the rules that allowed each part (for the audit record). */
export interface OutwardFeedback {
  status: PartnerStatus;
  eindresultaat?: Eindresultaat;
  rules: string[];
}

/**
 * The outward view of a signal with this stored status, on a case that may be closed with this
 * end result. The end result goes along only when the policy lists it and the signal is 'in
 * behandeling': never next to 'niet opgepakt', whose reason is exactly what must not leak.
 */
export function outwardFeedback(policy: FeedbackPolicy, status: PartnerStatus, eindresultaat?: string): OutwardFeedback {
  const rules = [`terugmelding.statussen.${status}`];
  const disclosed = status === 'in behandeling' && eindresultaat !== undefined && Object.hasOwn(policy.eindresultaten, eindresultaat)
    && !policy.nietOpgepakt.resultaten.includes(eindresultaat as Eindresultaat);
  if (!disclosed) return { status, rules };
  return { status, eindresultaat: eindresultaat as Eindresultaat, rules: [...rules, `terugmelding.eindresultaten.${eindresultaat}`] };
}

/** Whether a change to this status is pushed to the partner's callback (else it is only polled). */
export function pushesStatus(policy: FeedbackPolicy, status: PartnerStatus): boolean {
  return policy.statussen[status].waarde;
}
