import { readFileSync } from 'node:fs';

/** The bundled example (CONTRACT §1), with a fresh id per call so tests do not collide. */
export function exampleSignal(overrides: Record<string, unknown> = {}): Record<string, any> {
  const base = JSON.parse(readFileSync(new URL('../../examples/signaal-huur.json', import.meta.url), 'utf8'));
  return { ...base, id: `T-${Math.random().toString(36).slice(2, 12)}`, ...overrides };
}
