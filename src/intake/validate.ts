import { z } from 'zod';
import type { Violation } from '../errors/problem.js';
import { signalSchema, type Signal } from './schema.js';
import { hostileJsonViolations } from './json-guard.js';
import { jsonPointer } from './pointer.js';

z.config(z.locales.nl());

export { jsonPointer };

/** Stable codes of our own, so a zod upgrade cannot change what partners program against. */
const zodCodes: Record<string, string> = {
  invalid_type: 'ongeldig-type',
  invalid_format: 'ongeldig-formaat',
  invalid_value: 'ongeldige-waarde',
  too_small: 'te-klein',
  too_big: 'te-groot',
  not_multiple_of: 'ongeldige-waarde',
  custom: 'ongeldig',
};

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Every violation at once, as the ADR asks. zod's messages name expectations, never the value
 * that was sent, so a detail cannot echo personal data back into logs or answers.
 */
export function validateSignal(raw: unknown): { ok: true; signal: Signal } | { ok: false; violations: Violation[] } {
  // Before the schema: what it cannot see (a `__proto__` member vanishes in its copy) or cannot survive.
  const hostile = hostileJsonViolations(raw);
  if (hostile.length > 0) return { ok: false, violations: hostile };
  const parsed = signalSchema.safeParse(raw);
  if (parsed.success) return { ok: true, signal: parsed.data };
  const violations = parsed.error.issues.flatMap((issue): Violation[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: jsonPointer([...issue.path, key]), code: 'onbekend-veld', detail: 'Dit veld is niet toegestaan' }));
    }
    const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
    return [{
      pointer: jsonPointer(issue.path),
      code: missing ? 'verplicht' : (zodCodes[issue.code] ?? 'ongeldig'),
      detail: missing ? 'Dit veld is verplicht' : issue.message,
    }];
  });
  return { ok: false, violations };
}
