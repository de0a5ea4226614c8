import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvColumns, parseSignalsCsv } from '../../../src/client/csv.js';
import { signalSchema } from '../../../src/intake/schema.js';

const header = csvColumns.join(',');
const row = (cells: Partial<Record<(typeof csvColumns)[number], string>>) => csvColumns.map((c) => cells[c] ?? '').join(',');
const full = {
  id: 'HUUR-1', signaalpartner: 'Huur', signaaldatum: '2026-11-20', ontstaansdatum: '2026-09-01', bedrag: '1250',
  crisissignaal: 'false', warmeOverdracht: 'nee', aanmaningVerstuurd: 'ja', persoonlijkContactGezocht: 'TRUE', gewezenOpSchuldhulp: 'Ja',
  voorletters: 'A.', voorvoegsel: 'van', achternaam: 'Dijk', geboortedatum: '1985-06-15', telefoonnummer: '0612345678', email: 'a@example.nl',
  straatnaam: 'Voorbeeldstraat', huisnummer: '10', huisnummertoevoeging: 'A', postcode: '1234AB', plaatsnaam: 'Voorbeeldstad',
};

describe('parseSignalsCsv', () => {
  it('turns a full row into the nested JSON of CONTRACT §1, valid against the schema', () => {
    const { rows, errors } = parseSignalsCsv(`${header}\n${row(full)}\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([{
      line: 2,
      signal: {
        id: 'HUUR-1', signaalpartner: 'Huur', signaaldatum: '2026-11-20', ontstaansdatum: '2026-09-01', bedrag: 1250,
        crisissignaal: false, warmeOverdracht: false,
        inspanningen: { aanmaningVerstuurd: true, persoonlijkContactGezocht: true, gewezenOpSchuldhulp: true },
        persoon: { voorletters: 'A.', voorvoegsel: 'van', achternaam: 'Dijk', geboortedatum: '1985-06-15', telefoonnummer: '0612345678', email: 'a@example.nl' },
        adres: { straatnaam: 'Voorbeeldstraat', huisnummer: '10', huisnummertoevoeging: 'A', postcode: '1234AB', plaatsnaam: 'Voorbeeldstad' },
      },
    }]);
    expect(signalSchema.safeParse(rows[0]!.signal).success).toBe(true);
  });

  it('reads the example template without errors', () => {
    const text = readFileSync(new URL('../../../examples/signalen-huur.csv', import.meta.url), 'utf8');
    const { rows, errors } = parseSignalsCsv(text);
    expect(errors).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(signalSchema.safeParse(r.signal).success).toBe(true);
  });

  it('leaves empty cells out, and an object whose cells are all empty', () => {
    const { rows } = parseSignalsCsv(`${header}\n${row({ ...full, crisissignaal: '', voorvoegsel: '', email: '', huisnummertoevoeging: '', aanmaningVerstuurd: '', persoonlijkContactGezocht: '', gewezenOpSchuldhulp: '' })}\n`);
    const s = rows[0]!.signal as Record<string, Record<string, unknown>>;
    expect(s).not.toHaveProperty('crisissignaal');
    expect(s).not.toHaveProperty('inspanningen');
    expect(s.persoon).not.toHaveProperty('voorvoegsel');
    expect(s.persoon).not.toHaveProperty('email');
    expect(s.adres).not.toHaveProperty('huisnummertoevoeging');
  });

  it('accepts columns in any order, a BOM and CRLF, and quoted cells with commas', () => {
    const text = '\uFEFFbedrag,id,signaalpartner,signaaldatum,plaatsnaam\r\n12,A-1,Huur,2026-11-20,"Bergen, NH"\r\n';
    const { rows, errors } = parseSignalsCsv(text);
    expect(errors).toEqual([]);
    expect(rows[0]!.signal).toEqual({ id: 'A-1', signaalpartner: 'Huur', signaaldatum: '2026-11-20', bedrag: 12, adres: { plaatsnaam: 'Bergen, NH' } });
  });

  it('reports a bad row with its line number and keeps the others', () => {
    const text = [
      header,
      row(full),
      row({ ...full, id: 'HUUR-2', crisissignaal: 'misschien' }),
      row({ ...full, id: 'HUUR-3', bedrag: '1.250' }),
      `${row({ ...full, id: 'HUUR-4' })},extra`,
      row({ ...full, id: 'HUUR-5' }),
    ].join('\n');
    const { rows, errors } = parseSignalsCsv(text);
    expect(rows.map((r) => [r.line, r.signal.id])).toEqual([[2, 'HUUR-1'], [6, 'HUUR-5']]);
    expect(errors).toEqual([
      { line: 3, message: expect.stringContaining('crisissignaal') },
      { line: 4, message: expect.stringContaining('bedrag') },
      { line: 5, message: expect.stringContaining('cellen') },
    ]);
    for (const e of errors) expect(e.message).not.toMatch(/misschien|1\.250/);
  });

  it('recovers after broken quoting: only that line is lost', () => {
    const text = [
      'id,signaalpartner,signaaldatum,bedrag',
      'A,Huur,2026-11-20,1',
      'B,"Hu"ur,2026-11-20,1',
      '',
      'C,Huur,2026-11-20,1',
      'D,"Huur,2026-11-20,1',
      'E,Huur,2026-11-20,1',
    ].join('\n');
    const { rows, errors } = parseSignalsCsv(text);
    expect(rows.map((r) => [r.line, r.signal.id])).toEqual([[2, 'A'], [5, 'C'], [7, 'E']]);
    expect(errors.map((e) => e.line)).toEqual([3, 6]);
  });

  it('refuses the whole file for an unknown, duplicated or missing required column', () => {
    expect(parseSignalsCsv(`${header},bsn\n${row(full)},1\n`)).toEqual({ rows: [], errors: [{ line: 1, message: expect.stringContaining('bsn') }] });
    expect(parseSignalsCsv('id,id,signaalpartner,signaaldatum,bedrag\nA,A,Huur,2026-11-20,1\n').errors[0]!.message).toMatch(/dubbele kolom/);
    expect(parseSignalsCsv('id,signaalpartner,bedrag\nA,Huur,1\n').errors[0]!.message).toMatch(/signaaldatum/);
  });

  it('gives nothing for an empty file', () => {
    expect(parseSignalsCsv('')).toEqual({ rows: [], errors: [] });
    expect(parseSignalsCsv(`${header}\n`)).toEqual({ rows: [], errors: [] });
  });
});
