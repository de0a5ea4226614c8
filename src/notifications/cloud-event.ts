import { isValidOin } from '../pki/oin.js';
import type { OutboxEvent } from './event.js';

/** The `source` of every event (CONTRACT §7; NL GOV profile: a URN in the `nld` namespace naming the organisation and system). */
export function eventSource(gatewayOin: string): string {
  if (!isValidOin(gatewayOin)) throw new Error('De OIN van de gateway moet precies 20 cijfers zijn');
  return `urn:nld:oin:${gatewayOin}:systeem:vroegsignaal`;
}

/** Digits of `sequence`: the CloudEvents sequence extension orders by string comparison, so the number is zero-padded. */
export const sequenceDigits = 10;

export const cloudEventContentType = 'application/cloudevents+json';

/** Pseudonymous only: ids, types, dates and statuses. Never contact details or a pseudonym of a person. */
export interface ZaakEventData {
  zaakId: string;
  gemeentecode: string;
  status: string;
  aanbodtermijn?: string;
  partnerTypes?: string[];
  eindresultaat?: string;
}

/** A CloudEvent in structured mode (JSON format), per the NL GOV profile for CloudEvents. */
export interface ZaakCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: `nl.vroegsignaal.zaak.${string}`;
  subject: string;
  time: string;
  /** Sequence extension: a string whose lexicographic order is the order of this case's events. */
  sequence: string;
  datacontenttype: 'application/json';
  data: ZaakEventData;
}

/**
 * The CloudEvent for one outbox event. `id` is the event id (unique per source and the same on
 * every replay, so a receiver deduplicates on source + id); `subject` is the case id; `sequence`
 * numbers the case's events from 1. The data is picked field by field from the event: a field
 * someone adds to the outbox later does not reach a municipal system unless it is named here.
 */
export function cloudEvent(event: OutboxEvent, gatewayOin: string): ZaakCloudEvent {
  if (!Number.isSafeInteger(event.sequence) || event.sequence < 1 || String(event.sequence).length > sequenceDigits) {
    throw new Error(`sequence ${event.sequence} van ${event.id} is geen volgnummer vanaf 1`);
  }
  const { status, aanbodtermijn, partnerTypes, eindresultaat } = event.zaak;
  return {
    specversion: '1.0',
    id: event.id,
    source: eventSource(gatewayOin),
    type: `nl.vroegsignaal.zaak.${event.type}`,
    subject: event.zaakId,
    time: event.time,
    sequence: String(event.sequence).padStart(sequenceDigits, '0'),
    datacontenttype: 'application/json',
    data: {
      zaakId: event.zaakId,
      gemeentecode: event.gemeentecode,
      status,
      ...(aanbodtermijn !== undefined ? { aanbodtermijn } : {}),
      ...(partnerTypes !== undefined ? { partnerTypes: [...partnerTypes] } : {}),
      ...(eindresultaat !== undefined ? { eindresultaat } : {}),
    },
  };
}
