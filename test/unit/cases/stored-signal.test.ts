import { describe, expect, it } from 'vitest';
import { caseSignals, caseToHash, storedSignal, type CaseSignal, type NewCase } from '../../../src/cases/case.js';

const signal: CaseSignal = {
  signaalId: 's1', partnerType: 'Huur', partnerOin: '00000099000000001000', bedrag: 400,
  signaaldatum: '2026-11-21', ontstaansdatum: '2026-09-22', crisissignaal: false, warmeOverdracht: false,
};
const newCase = (c: Partial<NewCase>): NewCase => ({
  zaakId: 'z', gemeentecode: '0518', adresPseudonym: 'a', persoonPseudonym: 'p', aangemaakt: '2026-11-22T09:30:00.000Z', status: 'open',
  crisissignaal: false, aanbodtermijn: '2026-12-04', combinatie: 'enkelvoudig', postcodegebied: '2491', signalen: [signal], contact: {}, ...c,
});

describe('a case hash keeps what says something, and reads back the same', () => {
  it('stores a signal’s flags only when set, and reads absent flags as false', () => {
    expect(storedSignal(signal)).not.toHaveProperty('crisissignaal');
    expect(storedSignal(signal)).not.toHaveProperty('warmeOverdracht');
    expect(storedSignal({ ...signal, crisissignaal: true, warmeOverdracht: true })).toMatchObject({ crisissignaal: true, warmeOverdracht: true });
    for (const s of [signal, { ...signal, crisissignaal: true }, { ...signal, warmeOverdracht: true }]) {
      expect(caseSignals({ signalen: JSON.stringify([storedSignal(s)]) })).toEqual([s]);
    }
    expect(caseSignals({})).toEqual([]);
  });

  it('writes crisissignaal and combinatie only when they differ from no crisis and enkelvoudig', () => {
    const plain = caseToHash(newCase({}));
    expect([plain.crisissignaal, plain.combinatie]).toEqual([undefined, undefined]);
    expect(caseSignals(plain)).toEqual([signal]);
    const other = caseToHash(newCase({ crisissignaal: true, combinatie: 'opeenvolgend' }));
    expect([other.crisissignaal, other.combinatie]).toEqual(['1', 'opeenvolgend']);
  });
});
