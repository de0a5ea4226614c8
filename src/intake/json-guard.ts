import type { Violation } from '../errors/problem.js';
import { jsonPointer } from './pointer.js';

/**
 * Deeper than any signal needs (it has three levels), and shallow enough for every recursive
 * step behind intake — the canonicaliser that hashes the body overflows the stack somewhere
 * between 500 and 3,000 levels, which made a nested value in an unknown field a 500.
 */
export const maxJsonDepth = 32;

/**
 * What `JSON.parse` accepts but nothing behind it can handle safely:
 * - a `__proto__` member: parsed as an own property, but an object schema that copies members
 *   into a new object sets the copy's prototype instead, so the field silently vanished before
 *   the allowlist could name it (a signal with one was accepted);
 * - a number outside the double range (`1e400` parses to Infinity, which canonical JSON refuses);
 * - nesting beyond `maxJsonDepth`.
 * Walked iteratively, so the check itself cannot overflow. Pointers are relative to `value`.
 */
export function hostileJsonViolations(value: unknown): Violation[] {
  const violations: Violation[] = [];
  const stack: Array<{ node: unknown; path: string[]; depth: number }> = [{ node: value, path: [], depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (typeof node === 'number' && !Number.isFinite(node)) {
      violations.push({ pointer: jsonPointer(path), code: 'te-groot', detail: 'Dit getal valt buiten het bereik van een IEEE 754-double' });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxJsonDepth) {
      violations.push({ pointer: jsonPointer(path), code: 'te-diep-genest', detail: `JSON mag hoogstens ${maxJsonDepth} niveaus diep genest zijn` });
      continue;
    }
    const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
    for (const key of keys) {
      if (key === '__proto__' && !Array.isArray(node)) {
        violations.push({ pointer: jsonPointer([...path, key]), code: 'onbekend-veld', detail: 'Dit veld is niet toegestaan' });
        continue;
      }
      stack.push({ node: (node as Record<string, unknown>)[key], path: [...path, key], depth: depth + 1 });
    }
  }
  return violations.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}
