import { describe, expect, it } from 'vitest';
import { navigationFor } from '../../../src/web/layout/navigation.js';

const labels = (roles: string[]) => navigationFor(roles).map((item) => item.label);

describe('navigationFor', () => {
  it('gives each role only its own sections', () => {
    expect(labels(['schuldhulpverlener'])).toEqual(['Werkvoorraad']);
    expect(labels(['privacy-officer'])).toEqual(['Auditlog', 'Beleid', 'Bewaartermijnen', 'Inzageverzoek']);
    expect(labels(['teamleider'])).toEqual(['Sturing']);
    expect(labels(['beheerder'])).toEqual(['Beleid']);
  });

  it('lists a section two roles share once, and ignores roles it does not know', () => {
    expect(labels(['beheerder', 'privacy-officer', 'toString', 'admin'])).toEqual(['Beleid', 'Auditlog', 'Bewaartermijnen', 'Inzageverzoek']);
    expect(labels([])).toEqual([]);
  });
});
