// Rows → CSV text that Excel and WPS open correctly with Chinese: UTF-8 byte-order mark first, CRLF line
// ends, RFC 4180 quoting. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
import type { Cell, DataTable } from '../../../shared/export/data-table.ts';

export const BOM = '\uFEFF';

// A leading =, +, @, tab or CR makes Excel treat a text cell as a formula (CSV injection).
const FORMULA_START = /^[=+@\t\r]/;

export function csvCell(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header row, one line per row, each line ended by CRLF. */
export function toCsv(table: DataTable): string {
  const lines = [table.columns.map((c) => csvCell(c.header)), ...table.rows.map((r) => r.map(csvCell))];
  return BOM + lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}
