import { describe, expect, it } from 'vitest';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import { addIsoDuration } from '../../../src/retention/duration.js';
import { caselessSignalExpiry, closedCaseExpiry, provisionalCaseExpiry } from '../../../src/retention/expiry.js';

const { bundle } = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname);
const at = new Date('2026-08-31T10:00:00Z');

describe('expiry from the bundle', () => {
  it('gives an open case a provisional end: its latest signal plus the case-facts term, for contact details too', () => {
    expect(provisionalCaseExpiry(bundle, at)).toEqual({
      zaakfeitenTot: new Date('2028-08-31T10:00:00Z'), contactTot: new Date('2028-08-31T10:00:00Z'), regel: expect.stringContaining('voorlopig'), voorlopig: true,
    });
  });

  it('ends contact details of a closed case by its end result, case facts by their own term', () => {
    expect(closedCaseExpiry(bundle, at, 'Inwoner hoeft geen hulp vanuit vroegsignalering')).toMatchObject({
      contactTot: new Date('2027-02-28T10:00:00Z'), zaakfeitenTot: new Date('2028-08-31T10:00:00Z'), regel: 'bewaartermijnen.contactgegevens', voorlopig: false,
    });
    expect(closedCaseExpiry(bundle, at, 'Inwoner is overleden')).toMatchObject({ contactTot: new Date('2026-09-30T10:00:00Z'), regel: 'bewaartermijnen.perResultaat.Inwoner is overleden' });
  });

  it('ends a signal that joined no case at its arrival plus the case-facts term', () => {
    expect(caselessSignalExpiry(bundle, at)).toEqual(new Date('2028-08-31T10:00:00Z'));
  });

  it('clamps month arithmetic to the last day of the month and subtracts symmetrically', () => {
    expect(addIsoDuration(new Date('2026-01-31T00:00:00Z'), 'P1M')).toEqual(new Date('2026-02-28T00:00:00Z'));
    expect(addIsoDuration(new Date('2028-11-22T09:30:00Z'), 'P2Y', -1)).toEqual(new Date('2026-11-22T09:30:00Z'));
    expect(() => addIsoDuration(at, 'PT1H')).toThrow(/niet ondersteund/);
  });
});
