import { readFileSync } from 'node:fs';

let houseNumber = 0;

/**
 * The bundled example (CONTRACT §1) with a fresh id and a house number of its own, so each
 * signal is its own household unless a test sets the address to combine signals on purpose.
 */
export function exampleSignal(overrides: Record<string, unknown> = {}): Record<string, any> {
  const base = JSON.parse(readFileSync(new URL('../../examples/signaal-huur.json', import.meta.url), 'utf8'));
  base.adres.huisnummer = String(1 + (process.pid * 7 + houseNumber++) % 99_999);
  return { ...base, id: `T-${Math.random().toString(36).slice(2, 12)}`, ...overrides };
}
