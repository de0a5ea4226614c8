import { describe, expect, it } from 'vitest';
import { applyFilter, filterCounts, isFiltered, noFilter, parseFilter } from '../../../../src/web/werkvoorraad/filters.js';
import type { WorklistEntry } from '../../../../src/web/werkvoorraad/worklist.js';

function entry(partnerTypes: WorklistEntry['partnerTypes'], totalAmount: number, crisis = false, badges: WorklistEntry['badges'] = [], postcodegebied = '1211'): WorklistEntry {
  return { view: { crisissignaal: crisis } as WorklistEntry['view'], mine: false, partnerTypes, totalAmount, arrearsSince: '2026-09-01', daysInArrears: 1, badges, postcodegebied };
}

const huurSmall = entry(['Huur'], 300);
const huurBig = entry(['Huur', 'Energie'], 6000, true, ['crisis', 'te laat'], '1231');
const energie = entry(['Energie'], 999);
const zorg = entry(['Zorg'], 1000, false, ['vandaag'], '1241');
const all = [huurSmall, huurBig, energie, zorg];

describe('parsing the filter from the query string', () => {
  it('takes one value or several, and ignores what it does not know', () => {
    expect(parseFilter({ partner: 'Huur', bedrag: ['tot-500', 'veel'], crisis: 'ja', termijn: 'te-laat', pc4: ['1231', '1211', '1211', '0123', '1211AB'] }))
      .toEqual({ partner: ['Huur'], bedrag: ['tot-500'], crisis: true, termijn: ['te-laat'], pc4: ['1211', '1231'] });
    expect(parseFilter({ partner: ['Huur', 'Energie', '<script>'] }).partner).toEqual(['Energie', 'Huur']);
    expect(parseFilter(undefined)).toEqual(noFilter);
    expect(isFiltered(noFilter)).toBe(false);
    expect(isFiltered(parseFilter({ crisis: 'ja' }))).toBe(true);
  });
});

describe('applying the filter', () => {
  it('adds up within one filter and narrows between filters', () => {
    expect(applyFilter(all, noFilter)).toEqual(all);
    expect(applyFilter(all, { ...noFilter, partner: ['Huur', 'Zorg'] })).toEqual([huurSmall, huurBig, zorg]);
    expect(applyFilter(all, { ...noFilter, partner: ['Huur'], crisis: true })).toEqual([huurBig]);
  });
  it('puts amounts in bands with whole-euro edges', () => {
    expect(applyFilter(all, { ...noFilter, bedrag: ['500-1000'] })).toEqual([energie]);
    expect(applyFilter(all, { ...noFilter, bedrag: ['1000-5000'] })).toEqual([zorg]);
    expect(applyFilter(all, { ...noFilter, bedrag: ['tot-500', 'vanaf-5000'] })).toEqual([huurSmall, huurBig]);
  });
  it('filters on postcode areas (PC4), several adding up', () => {
    expect(applyFilter(all, { ...noFilter, pc4: ['1211'] })).toEqual([huurSmall, energie]);
    expect(applyFilter(all, { ...noFilter, pc4: ['1231', '1241'] })).toEqual([huurBig, zorg]);
    expect(applyFilter(all, { ...noFilter, pc4: ['1211'], partner: ['Energie'] })).toEqual([energie]);
  });
  it('filters on the deadline badges', () => {
    expect(applyFilter(all, { ...noFilter, termijn: ['te-laat'] })).toEqual([huurBig]);
    expect(applyFilter(all, { ...noFilter, termijn: ['te-laat', 'vandaag'] })).toEqual([huurBig, zorg]);
  });
});

describe('counts per filter option', () => {
  it('counts every option under the other filters as set, not under its own', () => {
    const counts = filterCounts(all, { ...noFilter, partner: ['Huur'], bedrag: ['vanaf-5000'] });
    // Partner options under the amount filter only: of the cases of € 5.000 or more.
    expect(counts.partner.Huur).toBe(1);
    expect(counts.partner.Energie).toBe(1);
    expect(counts.partner.Zorg).toBe(0);
    // Amount options under the partner filter only: of the Huur cases.
    expect(counts.bedrag).toEqual({ 'tot-500': 1, '500-1000': 0, '1000-5000': 0, 'vanaf-5000': 1 });
    expect(counts.crisis).toBe(1);
    expect(counts.termijn).toEqual({ 'te-laat': 1, vandaag: 0 });
    // The areas on offer are those of the list, each counted under the other filters.
    expect(counts.pc4).toEqual({ 1211: 0, 1231: 1, 1241: 0 });
  });
});
