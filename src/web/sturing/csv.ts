import type { FigureTable } from './tables.js';

/**
 * A table as CSV the way Dutch spreadsheets open it: semicolons, CRLF, a BOM so Excel reads
 * UTF-8. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading
 * quote: a worker id comes from the IdP, and a download must never execute anything.
 */
export function tableCsv(table: FigureTable): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [table.columns, ...table.rows].map((row) => row.map(cell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
