import type { FeedbackPolicy, PartnerStatus } from '../policy/bundle-schema.js';
import { outwardFeedback, pushesStatus } from '../policy/terugmelding.js';
import type { OutboxEvent } from './event.js';

/** Where a partner receives its terugmeldingen (partner registry, `--terugmeld-url`). */
export interface FeedbackReceiver {
  url: string;
  /** PEM of the CA that anchors this receiver's certificate; absent = the system trust store. */
  ca?: string | undefined;
}

/** The terugmelding body (CONTRACT §7): only what policies/terugmelding.yaml allows. */
export interface FeedbackBody {
  signaalId: string;
  /** The partner's own id of the signal. */
  id: string;
  status: PartnerStatus;
  eindresultaat?: string;
  tijdstip: string;
}

export interface FeedbackMessage {
  partnerOin: string;
  receiver: FeedbackReceiver;
  /**
   * Stable across replays and unique per body. It is the event id when the event holds one
   * signal of this partner; one event about a case can carry several signals of the same
   * partner (a signal joined the case), and each needs its own key or a receiver that
   * deduplicates on it would drop the second. See feedbackIdempotencyKey.
   */
  idempotencyKey: string;
  body: FeedbackBody;
  /** The policy rules that allowed each part of the body (for the delivery's audit record). */
  rules: string[];
}

/** The partner registry as far as feedback needs it. */
export interface FeedbackReceivers {
  feedbackReceiver(oin: string): FeedbackReceiver | undefined;
}

/**
 * `<event id>` for the only signal of a partner in an event, else `<event id>.<signaalId>`
 * (`.` cannot occur in either part's own alphabet at that place: event ids end in digits).
 */
export function feedbackIdempotencyKey(event: Pick<OutboxEvent, 'id' | 'signalen'>, signal: { signaalId: string; partnerOin: string }): string {
  const signalsOfPartner = event.signalen.filter((s) => s.partnerOin === signal.partnerOin).length;
  return signalsOfPartner > 1 ? `${event.id}.${signal.signaalId}` : event.id;
}

/**
 * The terugmeldingen one outbox event gives rise to: one per signal whose partner registered a
 * callback and whose new status the policy pushes. Each body is made from that one signal and
 * the case's end result as the policy filters it — nothing about any other signal, and so
 * nothing about another partner's. Pure: the policy and the registry are arguments.
 */
export function feedbackMessages(event: OutboxEvent, policy: FeedbackPolicy, receivers: FeedbackReceivers): FeedbackMessage[] {
  const messages: FeedbackMessage[] = [];
  for (const signal of event.signalen) {
    const receiver = receivers.feedbackReceiver(signal.partnerOin);
    if (!receiver || !pushesStatus(policy, signal.status)) continue;
    const view = outwardFeedback(policy, signal.status, event.zaak.eindresultaat);
    messages.push({
      partnerOin: signal.partnerOin,
      receiver,
      idempotencyKey: feedbackIdempotencyKey(event, signal),
      body: {
        signaalId: signal.signaalId,
        id: signal.id,
        status: view.status,
        ...(view.eindresultaat !== undefined ? { eindresultaat: view.eindresultaat } : {}),
        tijdstip: event.time,
      },
      rules: view.rules,
    });
  }
  return messages;
}
