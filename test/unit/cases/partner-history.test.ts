import { describe, expect, it } from 'vitest';
import { decodePartnerHistory, encodePartnerHistory } from '../../../src/cases/partner-history.js';

describe('a partner’s last arrears at an address, as one field of the address hash', () => {
  it('reads back what it wrote, its signal first', () => {
    const h = { signaalId: '01a2289e-0be2-7901-9d10-82e26df33dd1', ontstaansdatum: '2026-09-30', bedrag: 401.5, signaaldatum: '2026-11-28' };
    expect(encodePartnerHistory(h).startsWith(`${h.signaalId}|`)).toBe(true);
    expect(decodePartnerHistory(encodePartnerHistory(h))).toEqual(h);
  });

  it('reads nothing from an absent or incomplete field', () => {
    expect(decodePartnerHistory(undefined)).toBeUndefined();
    expect(decodePartnerHistory('')).toBeUndefined();
    expect(decodePartnerHistory('s1|2026-09-30')).toBeUndefined();
  });
});
