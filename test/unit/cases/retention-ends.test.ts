import { describe, expect, it } from 'vitest';
import { contactEndGuards, contactRetentionEnd, retentionEndFields } from '../../../src/cases/retention-ends.js';

describe('a case keeps its contact details’ end only where it differs from its facts’ end', () => {
  it('writes one date when both ends are equal, both when they differ', () => {
    expect(retentionEndFields('2028-11-22T09:30:00.000Z', '2028-11-22T09:30:00.000Z')).toEqual({ zaakfeitenBewaarTot: '2028-11-22T09:30:00.000Z' });
    expect(retentionEndFields('2028-11-22T09:30:00.000Z', '2027-05-22T09:30:00.000Z')).toEqual({ zaakfeitenBewaarTot: '2028-11-22T09:30:00.000Z', contactBewaarTot: '2027-05-22T09:30:00.000Z' });
  });

  it('reads the contact end from its own field, else from the facts’ end', () => {
    expect(contactRetentionEnd({ zaakfeitenBewaarTot: 'F' })).toBe('F');
    expect(contactRetentionEnd({ zaakfeitenBewaarTot: 'F', contactBewaarTot: 'C' })).toBe('C');
    expect(contactRetentionEnd({})).toBeUndefined();
  });

  it('guards a deletion on the field the end was read from (and on its own field staying absent)', () => {
    expect(contactEndGuards('k', { zaakfeitenBewaarTot: 'F', contactBewaarTot: 'C' })).toEqual([{ key: 'k', field: 'contactBewaarTot', expected: 'C' }]);
    expect(contactEndGuards('k', { zaakfeitenBewaarTot: 'F' })).toEqual([
      { key: 'k', field: 'contactBewaarTot', expected: '' }, { key: 'k', field: 'zaakfeitenBewaarTot', expected: 'F' },
    ]);
  });
});
