import { describe, expect, it } from 'vitest';
import { bucketField, closeFields, field, firstClaimFields, firstContactFields, histogramCap, intakeFields, reportingMonth, resultField } from '../../../src/reporting/fields.js';
import { endResultsIn, formatMedian, formatShare, histogramMedian, monthFigures, reach, share, withinDeadline } from '../../../src/reporting/figures.js';

const hist = (entries: Array<[number, number]>) => new Map(entries);

describe('counter fields per event', () => {
  it('counts a signal as received, and a new case, a joined case or a repeat by what it did', () => {
    expect(intakeFields('Huur', 'enkelvoudig')).toEqual(['signalen|Huur', 'zaken|Huur']);
    expect(intakeFields('Huur', 'opeenvolgend')).toEqual(['signalen|Huur', 'zaken|Huur', 'opeenvolgend|Huur']);
    expect(intakeFields('Energie', 'meervoudig')).toEqual(['signalen|Energie', 'meervoudig|Energie']);
    expect(intakeFields('Energie', 'herhaald')).toEqual(['signalen|Energie', 'herhaald|Energie']);
  });

  it('counts a first claim with its working days since the case was made, and whether it was within the offer deadline', () => {
    const facts = { partnerType: 'Huur', aangemaakt: '2026-11-20T09:00:00Z' }; // a Friday
    const monday = new Date('2026-11-23T10:00:00Z');
    expect(firstClaimFields(facts, '2026-12-04', monday)).toEqual(['opgepakt|Huur', 'dagenTotOppakken|Huur|1', 'opgepaktBinnenTermijn|Huur']);
    expect(firstClaimFields(facts, '2026-11-20', monday)).toEqual(['opgepakt|Huur', 'dagenTotOppakken|Huur|1']);
    // The deadline day itself is still within it.
    expect(firstClaimFields(facts, '2026-11-23', monday)).toContain('opgepaktBinnenTermijn|Huur');
  });

  it('counts days to first contact from the attempt’s own date, never below zero, and caps the bucket', () => {
    const facts = { partnerType: 'Zorg', aangemaakt: '2026-11-20T09:00:00Z' };
    expect(firstContactFields(facts, '2026-11-25')).toEqual(['bereikt|Zorg', 'dagenTotContact|Zorg|3']);
    expect(firstContactFields(facts, '2026-11-01')).toEqual(['bereikt|Zorg', 'dagenTotContact|Zorg|0']);
    expect(bucketField('dagenTotContact', 'Zorg', 400)).toBe(`dagenTotContact|Zorg|${histogramCap}`);
    expect(closeFields(facts, 'Verwijzing zonder contact')).toEqual(['eindresultaat|Zorg|Verwijzing zonder contact']);
  });

  it('files an event under its month in the Netherlands', () => {
    expect(reportingMonth(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12');
    expect(reportingMonth(new Date('2026-11-30T22:30:00Z'))).toBe('2026-11');
  });
});

describe('median of a histogram', () => {
  it('is undefined without values', () => {
    expect(histogramMedian(hist([]))).toBeUndefined();
    expect(formatMedian(undefined)).toBe('–');
  });

  it('takes the middle value of an odd count and the mean of the two middle ones of an even count', () => {
    expect(histogramMedian(hist([[2, 1]]))).toEqual({ value: 2, atCap: false });
    expect(histogramMedian(hist([[1, 2], [5, 1]]))).toEqual({ value: 1, atCap: false }); // 1 1 5
    expect(histogramMedian(hist([[1, 1], [4, 1]]))).toEqual({ value: 2.5, atCap: false }); // 1 4
    expect(histogramMedian(hist([[9, 1], [0, 3], [3, 2]]))).toEqual({ value: 1.5, atCap: false }); // 0 0 0 3 3 9
    expect(formatMedian({ value: 2.5, atCap: false })).toBe('2,5');
  });

  it('says "or more" when the median falls in the open last bucket', () => {
    const median = histogramMedian(hist([[histogramCap, 2], [1, 1]]));
    expect(median).toEqual({ value: histogramCap, atCap: true });
    expect(formatMedian(median)).toBe(`${histogramCap} of meer`);
  });
});

describe('figures of a month', () => {
  const hash = {
    [field('signalen', 'Huur')]: '3', [field('zaken', 'Huur')]: '2', [field('meervoudig', 'Huur')]: '1',
    [field('signalen', 'Energie')]: '1', [field('herhaald', 'Energie')]: '1',
    [field('opgepakt', 'Huur')]: '4', [field('opgepaktBinnenTermijn', 'Huur')]: '3', [field('bereikt', 'Huur')]: '1',
    [bucketField('dagenTotOppakken', 'Huur', 2)]: '3', [bucketField('dagenTotOppakken', 'Huur', 7)]: '1',
    [bucketField('dagenTotOppakken', 'Energie', 0)]: '1',
    [resultField('Huur', 'Verwijzing zonder contact')]: '1', [resultField('Energie', '(Budget)advies en/of quick fix')]: '2',
    'onbekend|Huur': '5', 'signalen|Huur|extra': '1', [field('zaken', 'Water')]: 'geen getal',
  };
  const figures = monthFigures('2026-11', hash);

  it('rows per partner type in DDAS order, with totals over all of them', () => {
    expect([...figures.perPartner.keys()]).toEqual(['Energie', 'Huur']);
    expect(figures.perPartner.get('Huur')!.counts).toMatchObject({ signalen: 3, zaken: 2, meervoudig: 1, herhaald: 0, opgepakt: 4 });
    expect(figures.totaal.counts).toMatchObject({ signalen: 4, zaken: 2, meervoudig: 1, herhaald: 1, opgepakt: 4, bereikt: 1 });
    expect(histogramMedian(figures.totaal.histograms.dagenTotOppakken)).toEqual({ value: 2, atCap: false }); // 0 2 2 2 7
    expect(endResultsIn(figures)).toEqual(['(Budget)advies en/of quick fix', 'Verwijzing zonder contact']); // DDAS order
    expect(figures.totaal.eindresultaten.get('(Budget)advies en/of quick fix')).toBe(2);
  });

  it('reach is reached / picked up and the deadline share first claims in time / picked up; none without a whole', () => {
    const huur = figures.perPartner.get('Huur')!;
    expect(reach(huur)).toBe(0.25);
    expect(withinDeadline(huur)).toBe(0.75);
    expect(reach(figures.perPartner.get('Energie')!)).toBeUndefined();
    expect(share(1, 3)).toBeCloseTo(1 / 3);
    expect(formatShare(0.75)).toBe('75%');
    expect(formatShare(undefined)).toBe('–');
  });

  it('skips fields it does not know (a newer gateway’s counters do not break the page)', () => {
    expect(figures.perPartner.has('Water')).toBe(false);
    expect(figures.perPartner.get('Huur')!.counts.signalen).toBe(3);
  });

  it('is all zeros for a month without counters', () => {
    const empty = monthFigures('2026-10', {});
    expect(empty.perPartner.size).toBe(0);
    expect(empty.totaal.counts.signalen).toBe(0);
    expect(reach(empty.totaal)).toBeUndefined();
  });
});
