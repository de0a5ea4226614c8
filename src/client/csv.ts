import { parse } from 'csv-parse/sync';

/** The documented columns (docs/csv.md), in the order of the template. */
export const csvColumns = [
  'id', 'signaalpartner', 'signaaldatum', 'ontstaansdatum', 'bedrag', 'crisissignaal', 'warmeOverdracht',
  'aanmaningVerstuurd', 'persoonlijkContactGezocht', 'gewezenOpSchuldhulp',
  'voorletters', 'voorvoegsel', 'achternaam', 'geboortedatum', 'telefoonnummer', 'email',
  'straatnaam', 'huisnummer', 'huisnummertoevoeging', 'postcode', 'plaatsnaam',
] as const;
/** Accepted as columns but not in the template: only some partner types may send them (policy). */
export const csvOptionalColumns = ['burgerservicenummer', 'klantnummer'] as const;
/** Without these the file cannot describe a signal at all, so it is refused as a whole. */
const requiredColumns = ['id', 'signaalpartner', 'signaaldatum', 'bedrag'];

const booleanWords: Record<string, boolean> = { true: true, ja: true, false: false, nee: false };
const booleanColumns = ['crisissignaal', 'warmeOverdracht', 'aanmaningVerstuurd', 'persoonlijkContactGezocht', 'gewezenOpSchuldhulp'];
const knownColumns: readonly string[] = [...csvColumns, ...csvOptionalColumns];

export interface CsvRow {
  /** Line in the file where the row ends (1 = header), for messages a person can find. */
  line: number;
  signal: Record<string, unknown>;
}
export interface CsvRowError {
  line: number;
  message: string;
}

/** Leave out absent fields, and an object whose fields are all absent. */
function compact(obj: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** One row to a signal in the JSON shape of CONTRACT §1; problems are collected, not thrown. */
function rowToSignal(cell: (name: string) => string | undefined, line: number, errors: CsvRowError[]): Record<string, unknown> {
  const bool = (column: string): boolean | undefined => {
    const v = cell(column);
    if (v === undefined) return undefined;
    const b = booleanWords[v.toLowerCase()];
    if (b === undefined) errors.push({ line, message: `kolom ${column}: verwacht true/false of ja/nee` });
    return b;
  };
  const bedragText = cell('bedrag');
  let bedrag: number | undefined;
  if (bedragText !== undefined) {
    if (/^-?\d{1,15}$/.test(bedragText)) bedrag = Number(bedragText);
    else errors.push({ line, message: 'kolom bedrag: verwacht een geheel aantal euro’s, zonder punt of komma' });
  }
  const [crisissignaal, warmeOverdracht, aanmaningVerstuurd, persoonlijkContactGezocht, gewezenOpSchuldhulp] = booleanColumns.map(bool);
  return compact({
    id: cell('id'),
    signaalpartner: cell('signaalpartner'),
    signaaldatum: cell('signaaldatum'),
    ontstaansdatum: cell('ontstaansdatum'),
    bedrag,
    crisissignaal,
    warmeOverdracht,
    inspanningen: compact({ aanmaningVerstuurd, persoonlijkContactGezocht, gewezenOpSchuldhulp }),
    persoon: compact({
      voorletters: cell('voorletters'), voorvoegsel: cell('voorvoegsel'), achternaam: cell('achternaam'),
      geboortedatum: cell('geboortedatum'), telefoonnummer: cell('telefoonnummer'), email: cell('email'),
      burgerservicenummer: cell('burgerservicenummer'), klantnummer: cell('klantnummer'),
    }),
    adres: compact({
      straatnaam: cell('straatnaam'), huisnummer: cell('huisnummer'), huisnummertoevoeging: cell('huisnummertoevoeging'),
      postcode: cell('postcode'), plaatsnaam: cell('plaatsnaam'),
    }),
  }) ?? {};
}

interface RawRecord {
  cells: string[];
  /** Last physical line of the record, 1-based. */
  line: number;
}

/** Beyond this many unreadable lines the file is not a CSV worth sending row by row. */
const maxBrokenLines = 1000;

/**
 * All records, recovering from broken quoting line by line. csv-parse's own
 * `skip_records_with_error` stays inside the broken quote and swallows every row after it, so on
 * an error we drop just the one physical line where the failing record starts and parse on from
 * the next line.
 */
function readRecords(text: string): { records: RawRecord[]; broken: number[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const records: RawRecord[] = [];
  const broken: number[] = [];
  let start = 0; // 0-based index of the first line of this pass
  while (start < lines.length) {
    const got: RawRecord[] = [];
    const offset = start;
    try {
      parse(lines.slice(start).join('\n'), {
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        on_record: (record: string[], context) => {
          got.push({ cells: record, line: offset + context.lines });
          return null; // collected here, so a later error does not lose them
        },
      });
      records.push(...got);
      break;
    } catch (err) {
      if (!(typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('CSV_'))) throw err;
      records.push(...got);
      // The failing record starts at the first non-empty line after the last good one.
      let bad = got.length > 0 ? got[got.length - 1]!.line : start;
      while (bad < lines.length - 1 && lines[bad]!.trim() === '') bad++;
      broken.push(bad + 1);
      if (broken.length >= maxBrokenLines) break;
      start = bad + 1;
    }
  }
  return { records, broken };
}

/**
 * One signal per row (docs/csv.md). An empty cell means the field is absent — the gateway then
 * names what is missing, rather than this client guessing a default. A malformed row (bad
 * boolean or amount, wrong number of cells, broken quoting) is reported with its line number
 * and skipped; the others still go out. Only a bad header refuses the whole file. Messages name
 * columns, never cell values: the cells hold personal data.
 */
export function parseSignalsCsv(text: string): { rows: CsvRow[]; errors: CsvRowError[] } {
  const { records, broken } = readRecords(text);
  const errors: CsvRowError[] = broken.map((line) => ({ line, message: 'regel niet te lezen als CSV (aanhalingstekens?)' }));
  if (broken.length >= maxBrokenLines) errors.push({ line: broken[broken.length - 1]!, message: `meer dan ${maxBrokenLines} onleesbare regels; de rest is niet gelezen` });

  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { rows: [], errors };
  const header = headerRecord.cells;
  const headerLine = headerRecord.line;
  const unknown = header.filter((c) => !knownColumns.includes(c));
  const duplicate = header.filter((c, i) => header.indexOf(c) !== i);
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (unknown.length > 0) errors.push({ line: headerLine, message: `onbekende kolom(men): ${unknown.join(', ')}` });
  if (duplicate.length > 0) errors.push({ line: headerLine, message: `dubbele kolom(men): ${[...new Set(duplicate)].join(', ')}` });
  if (missing.length > 0) errors.push({ line: headerLine, message: `verplichte kolom(men) ontbreken: ${missing.join(', ')}` });
  if (unknown.length + duplicate.length + missing.length > 0) return { rows: [], errors: errors.sort((a, b) => a.line - b.line) };

  const column = new Map(header.map((name, i) => [name, i]));
  const rows: CsvRow[] = [];
  for (const { cells, line } of dataRecords) {
    if (cells.length !== header.length) {
      errors.push({ line, message: `verwacht ${header.length} cellen, gevonden ${cells.length}` });
      continue;
    }
    const cell = (name: string) => {
      const i = column.get(name);
      const v = i === undefined ? undefined : cells[i];
      return v === undefined || v === '' ? undefined : v;
    };
    const rowErrors: CsvRowError[] = [];
    const signal = rowToSignal(cell, line, rowErrors);
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else rows.push({ line, signal });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}
