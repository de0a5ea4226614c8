import { describe, expect, it } from 'vitest';
import { jsonPointer, validateSignal } from '../../../src/intake/validate.js';
import { exampleSignal } from '../../e2e/fixtures.js';

describe('validateSignal', () => {
  it('accepts the contract example and fills warmeOverdracht when absent', () => {
    const { warmeOverdracht: _omit, ...signal } = exampleSignal();
    const result = validateSignal(signal);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.signal.warmeOverdracht).toBe(false);
  });

  it('lists every violation with a JSON Pointer and a stable code', () => {
    const result = validateSignal({ ...exampleSignal(), id: 'met spatie', bedrag: 12.5, signaaldatum: undefined, extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations).toEqual(expect.arrayContaining([
      { pointer: '/id', code: 'ongeldig-formaat', detail: expect.any(String) },
      { pointer: '/bedrag', code: 'ongeldig-type', detail: expect.any(String) },
      { pointer: '/signaaldatum', code: 'verplicht', detail: 'Dit veld is verplicht' },
      { pointer: '/extra', code: 'onbekend-veld', detail: expect.any(String) },
    ]));
  });

  it('never echoes the submitted value in a detail', () => {
    const secret = 'GeheimeWaarde123';
    const result = validateSignal({ ...exampleSignal(), id: secret + ' !', bedrag: secret, persoon: { achternaam: 5, email: secret } });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('lets unknown persoon fields through to the policy step, which names them', () => {
    const signal = exampleSignal();
    signal.persoon.bijnaam = 'x';
    expect(validateSignal(signal).ok).toBe(true);
  });

  it('escapes ~ and / in pointers (RFC 6901)', () => {
    expect(jsonPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
  });
});
