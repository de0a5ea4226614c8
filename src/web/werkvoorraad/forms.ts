import { attemptSchema, closeSchema } from '../../http/schemas/zaken.js';
import type { ContactAttempt } from '../../cases/view.js';
import type { Eindresultaat } from '../../policy/bundle-schema.js';

/**
 * The Zaak page's forms, read from a urlencoded body and checked with the API's own schemas
 * (http/schemas/zaken.ts): a page accepts exactly what the API accepts. What a person typed
 * comes back with the errors, so the form re-renders as they left it.
 */

export interface FieldError {
  /** The form field's name; its input's id is `${form}-${field}` (see fieldId). */
  field: string;
  message: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; entered: Record<string, string> };

export const fieldId = (form: string, field: string) => `${form}-${field}`;

function text(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

const attemptMessages: Record<string, string> = {
  soort: 'Kies hoe u contact zocht.',
  datum: 'Vul de datum van de poging in als dag, maand en jaar, bijvoorbeeld 23-11-2026.',
  dagdeel: 'Kies het dagdeel van de poging.',
  bereikt: 'Geef aan of u de inwoner hebt bereikt.',
};

/** Fields in the order the form shows them, so the error summary lists them in that order too. */
const attemptFields = ['soort', 'bereikt', 'datum', 'dagdeel'];

/** "Contactpoging vastleggen": soort, bereikt (checkbox, ticked = reached), datum, dagdeel. */
export function parseAttemptForm(body: unknown): FormResult<ContactAttempt> {
  const entered = { soort: text(body, 'soort'), bereikt: text(body, 'bereikt'), datum: text(body, 'datum'), dagdeel: text(body, 'dagdeel') };
  const parsed = attemptSchema.safeParse({ soort: entered.soort, bereikt: entered.bereikt === 'ja', datum: entered.datum, dagdeel: entered.dagdeel });
  if (parsed.success) return { ok: true, value: parsed.data };
  const wrong = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return { ok: false, entered, errors: attemptFields.filter((f) => wrong.has(f)).map((field) => ({ field, message: attemptMessages[field]! })) };
}

/** "Zaak afsluiten": one DDAS end result. */
export function parseCloseForm(body: unknown): FormResult<Eindresultaat> {
  const entered = { eindresultaat: text(body, 'eindresultaat') };
  const parsed = closeSchema.safeParse(entered);
  if (parsed.success) return { ok: true, value: parsed.data.eindresultaat };
  return { ok: false, entered, errors: [{ field: 'eindresultaat', message: 'Kies het eindresultaat van de zaak.' }] };
}
