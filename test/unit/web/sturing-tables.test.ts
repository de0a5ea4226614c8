import { describe, expect, it } from 'vitest';
import { monthFigures } from '../../../src/reporting/figures.js';
import { tableCsv } from '../../../src/web/sturing/csv.js';
import { monthName, requestedMonth, selectableMonths } from '../../../src/web/sturing/months.js';
import { caseloadTable, endResultsTable, followUpTable, signalsTable } from '../../../src/web/sturing/tables.js';

describe('Sturing tables', () => {
  const figures = monthFigures('2026-11', {
    'signalen|Huur': '2', 'zaken|Huur': '2', 'signalen|Zorg': '1', 'zaken|Zorg': '1',
    'opgepakt|Huur': '2', 'bereikt|Huur': '1', 'termijnVerstreken|Zorg': '1', 'dagenTotOppakken|Huur|1': '1', 'dagenTotOppakken|Huur|4': '1',
    'eindresultaat|Huur|Verwijzing zonder contact': '1', 'eindresultaat|Zorg|Verwijzing zonder contact': '2',
  });

  it('show only partner types with something to count, a total when there are several', () => {
    expect(signalsTable(figures, 'november 2026').rows.map((r) => r[0])).toEqual(['Huur', 'Zorg', 'Totaal']);
    // Zorg: nothing picked up, but a case whose deadline passed unclaimed is a figure too.
    expect(followUpTable(figures, 'november 2026').rows).toEqual([
      ['Huur', '2', '0', '0%', '0', '2,5', '1', '50%', '–'], ['Zorg', '0', '0', '–', '1', '–', '0', '–', '–'], ['Totaal', '2', '0', '0%', '1', '2,5', '1', '50%', '–'],
    ]);
    expect(endResultsTable(figures, 'november 2026')).toMatchObject({
      columns: ['Eindresultaat', 'Huur', 'Zorg', 'Totaal'], rows: [['Verwijzing zonder contact', '1', '2', '3']],
    });
    expect(followUpTable(monthFigures('2026-10', {}), 'oktober 2026').rows).toEqual([]);
  });

  it('write CSV for Dutch spreadsheets, never as a formula', () => {
    const table = caseloadTable({ open: 0, openTeLaat: 0, opgepakt: 3, claimVerlopen: 0, perMedewerker: [{ medewerker: '=HYPERLINK("x")', zaken: 2 }, { medewerker: 'a;b', zaken: 1 }] });
    expect(tableCsv(table)).toBe('\uFEFFMedewerker;Zaken\r\n"\'=HYPERLINK(""x"")";2\r\n"a;b";1\r\n');
  });

  it('name months in Dutch and accept only YYYY-MM', () => {
    const now = new Date('2026-01-15T12:00:00Z');
    expect(monthName('2026-03')).toBe('maart 2026');
    expect(selectableMonths(now, 3)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(requestedMonth(undefined, now)).toBe('2026-01');
    expect(requestedMonth('2025-07', now)).toBe('2025-07');
    for (const bad of ['2025-13', '2025-7', 'x', ['2025-07']]) expect(() => requestedMonth(bad, now)).toThrow(/JJJJ-MM/);
  });
});
