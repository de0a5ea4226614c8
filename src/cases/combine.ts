/**
 * DDAS combining, decided from what is known about the address before the signal is stored:
 * - herhaalde melding: the same partner reported the same arrears (same ontstaansdatum) at this
 *   address within six months, and the amount has not grown → no new work;
 * - meervoudig: an open case exists for the address → the signal joins it;
 * - opeenvolgend: the last case at the address closed within the previous six months → a new
 *   case, marked as following it;
 * - enkelvoudig: otherwise, a new case.
 * Pure: intake commits the plan only if the address still looks the same (race-free).
 */
export type Combination = 'herhaald' | 'meervoudig' | 'opeenvolgend' | 'enkelvoudig';

export interface AddressState {
  openZaakId?: string;
  /** When the address's most recent case closed (ISO). */
  closedAt?: string;
}

export interface PartnerHistory {
  ontstaansdatum: string;
  bedrag: number;
  signaaldatum: string;
}

export interface IncomingSignal {
  ontstaansdatum: string;
  bedrag: number;
  signaaldatum: string;
}

function monthsBefore(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(Math.min(day, new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()));
  return d.toISOString().slice(0, 10);
}

export const matchingMonths = 6;

export function isRepeat(previous: PartnerHistory | undefined, signal: IncomingSignal): boolean {
  return previous !== undefined
    && previous.ontstaansdatum === signal.ontstaansdatum
    && signal.bedrag <= previous.bedrag
    && previous.signaaldatum >= monthsBefore(signal.signaaldatum, matchingMonths);
}

export function combine(address: AddressState, previous: PartnerHistory | undefined, signal: IncomingSignal, now: Date): { kind: Combination; zaakId?: string } {
  const repeat = isRepeat(previous, signal);
  if (address.openZaakId) return { kind: repeat ? 'herhaald' : 'meervoudig', zaakId: address.openZaakId };
  if (repeat) return { kind: 'herhaald' };
  const recentlyClosed = address.closedAt !== undefined && address.closedAt.slice(0, 10) >= monthsBefore(now.toISOString().slice(0, 10), matchingMonths);
  return { kind: recentlyClosed ? 'opeenvolgend' : 'enkelvoudig' };
}
