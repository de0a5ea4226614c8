import type { PartnerStatus } from '../policy/bundle-schema.js';

/**
 * An outbox event: one state change of a case, appended by the same Lua script that made the
 * change (so it exists if and only if the change does), then moved by the relay into delivery
 * jobs — a CloudEvent for each municipal subscription, a terugmelding for each partner whose
 * signal's outward status changed and whose policy lets it learn that.
 *
 * Pseudonymous only: ids, partner types, dates and statuses — never contact details, never a
 * pseudonym of a person or an address.
 */
export const zaakEventTypes = [
  'aangemaakt', // a signal opened a new case
  'samengevoegd', // a signal joined an open case
  'opgepakt', // a worker claimed it
  'contactpoging', // a contact attempt was recorded (whether it reached anyone is not said)
  'vrijgegeven', // back in the worklist (released, lease lapsed)
  'termijn-verstreken', // the offer deadline passed with the case unclaimed
  'afgesloten', // closed with an end result
  'gewist', // a resident's contact details were erased (AVG art. 17)
  'verwijderd', // retention removed the case
  'herhaald', // a repeat that joined no case: for its partner's terugmelding only (zaakId '')
] as const;
export type ZaakEventType = (typeof zaakEventTypes)[number];

/** What a partner can see of its own signal (GET /v1/vroegsignalen/{id}, CONTRACT §1). */
export type OutwardStatus = PartnerStatus;

export interface OutboxEvent {
  /**
   * `<zaakId>.<sequence>` (a caseless repeat: `<signaalId>.<sequence>`): unique, and the same on
   * every replay (job id, Idempotency-Key).
   */
  id: string;
  type: ZaakEventType;
  /** When the change was committed (ISO 8601, UTC). */
  time: string;
  zaakId: string;
  gemeentecode: string;
  /** Per case, from 1: a receiver orders a case's events by it. */
  sequence: number;
  /** The case after the change (status, deadline, partner types, end result when closed). */
  zaak: {
    status: string;
    aanbodtermijn?: string;
    partnerTypes?: string[];
    eindresultaat?: string;
  };
  /**
   * Signals whose outward status this change set, with the partner that sent each: what a
   * terugmelding may be made of (the policy decides what goes out).
   */
  signalen: Array<{ signaalId: string; id: string; partnerOin: string; status: OutwardStatus }>;
}
