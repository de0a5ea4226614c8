import { parse } from 'csv-parse/sync';

/** The documented columns (docs/csv.md), in the order of the template. */
export const csvColumns = [
  'id', 'signaalpartner', 'signaaldatum', 'ontstaansdatum', 'bedrag', 'crisissignaal', 'warmeOverdracht',
  'aanmaningVerstuurd', 'persoonlijkContactGezocht', 'gewezenOpSchuldhulp',
  'voorletters', 'voorvoegsel', 'achternaam', 'geboortedatum', 'telefoonnummer', 'email',
  'straatnaam', 'huisnummer', 'huisnummertoevoeging', 'postcode', 'plaatsnaam',
] as const;
const required = ['id', 'signaalpartner', 'signaaldatum', 'ontstaansdatum', 'bedrag', 'achternaam', 'straatnaam', 'huisnummer', 'postcode', 'plaatsnaam'];
const optionalExtra = ['burgerservicenummer', 'klantnummer'];

export interface CsvRow {
  line: number;
  signal: Record<string, unknown>;
}
export interface CsvRowError {
  line: number;
  message: string;
}

function bool(value: string | undefined, column: string, line: number, errors: CsvRowError[]): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (['true', 'ja', 'j', '1', 'yes'].includes(v)) return true;
  if (['false', 'nee', 'n', '0', 'no'].includes(v)) return false;
  errors.push({ line, message: `kolom ${column}: verwacht true/false of ja/nee` });
  return undefined;
}

function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * One signal per row. A malformed row is reported with its line number and skipped; the rest
 * still go out. Empty cells mean "absent", so optional fields can simply be left blank.
 */
export function parseSignalsCsv(text: string): { rows: CsvRow[]; errors: CsvRowError[] } {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true, relax_column_count: false }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  const rows: CsvRow[] = [];
  const errors: CsvRowError[] = [];
  const header = records[0] ? Object.keys(records[0].record) : [];
  const unknown = header.filter((c) => !(csvColumns as readonly string[]).includes(c) && !optionalExtra.includes(c));
  if (unknown.length > 0) return { rows: [], errors: [{ line: 1, message: `onbekende kolom(men): ${unknown.join(', ')}` }] };
  const missing = required.filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length > 0) return { rows: [], errors: [{ line: 1, message: `verplichte kolom(men) ontbreken: ${missing.join(', ')}` }] };

  for (const { record, info } of records) {
    const line = info.lines;
    const cell = (name: string) => (record[name] === undefined || record[name] === '' ? undefined : record[name]);
    const rowErrors: CsvRowError[] = [];
    const bedragText = cell('bedrag');
    const bedrag = bedragText !== undefined && /^-?\d+$/.test(bedragText) ? Number(bedragText) : undefined;
    if (bedragText !== undefined && bedrag === undefined) rowErrors.push({ line, message: 'kolom bedrag: verwacht hele euro’s' });
    const signal = compact({
      id: cell('id'),
      signaalpartner: cell('signaalpartner'),
      signaaldatum: cell('signaaldatum'),
      ontstaansdatum: cell('ontstaansdatum'),
      bedrag,
      crisissignaal: bool(cell('crisissignaal'), 'crisissignaal', line, rowErrors) ?? false,
      warmeOverdracht: bool(cell('warmeOverdracht'), 'warmeOverdracht', line, rowErrors) ?? false,
      inspanningen: compact({
        aanmaningVerstuurd: bool(cell('aanmaningVerstuurd'), 'aanmaningVerstuurd', line, rowErrors),
        persoonlijkContactGezocht: bool(cell('persoonlijkContactGezocht'), 'persoonlijkContactGezocht', line, rowErrors),
        gewezenOpSchuldhulp: bool(cell('gewezenOpSchuldhulp'), 'gewezenOpSchuldhulp', line, rowErrors),
      }),
      persoon: compact({
        voorletters: cell('voorletters'), voorvoegsel: cell('voorvoegsel'), achternaam: cell('achternaam'),
        geboortedatum: cell('geboortedatum'), telefoonnummer: cell('telefoonnummer'), email: cell('email'),
        burgerservicenummer: cell('burgerservicenummer'), klantnummer: cell('klantnummer'),
      }),
      adres: compact({
        straatnaam: cell('straatnaam'), huisnummer: cell('huisnummer'), huisnummertoevoeging: cell('huisnummertoevoeging'),
        postcode: cell('postcode'), plaatsnaam: cell('plaatsnaam'),
      }),
    });
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else rows.push({ line, signal });
  }
  return { rows, errors };
}
