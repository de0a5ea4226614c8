import { signaalpartnerTypes } from '../intake/schema.js';

/**
 * Label values, each from a small fixed set: a label is a time series per value, and a value that
 * could hold an id (a URL, a command's arguments) would both leak it and grow without bound.
 */

/** `2xx`, `4xx`, …: the class of an HTTP status. */
export function statusClass(status: number): string {
  return status >= 100 && status <= 599 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** A status code as a label: three digits, or 'other'. */
export function statusLabel(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'other';
}

export const unknownPartnerType = 'unknown';

/** A registered partner's DDAS type; 'unknown' when the caller is not (yet) a known partner. */
export function partnerTypeLabel(type: string | undefined): string {
  return type !== undefined && (signaalpartnerTypes as readonly string[]).includes(type) ? type : unknownPartnerType;
}

/**
 * The route template fastify matched (`/v1/zaken/:zaakId`), never the URL itself; requests that
 * matched no route share one value, so a scanner's made-up paths add no series.
 */
export function routeLabel(template: string | undefined): string {
  return template ?? 'unmatched';
}

const commandName = /^[a-z][a-z0-9_|-]{0,47}$/;

/** A Redis command (or defined script) name; anything unexpected becomes 'other'. */
export function commandLabel(name: string): string {
  const lower = name.toLowerCase();
  return commandName.test(lower) ? lower : 'other';
}
