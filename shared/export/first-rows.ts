// A long table cut to its first rows for a printed report, with the line that says so: a report is read,
// not searched, and a national list of penalty items runs to a million rows. The full lists are the
// CSV/XLSX exports, which the line names. Pure, so any report (the Word one on the server, a printed
// page) cuts and words it the same way.
import { formatNumber } from '../format.ts';
import type { Translate } from '../i18n.ts';
import type { DataTable } from './data-table.ts';

/** Rows each long list of a printed report shows (the Word report and the dashboard's printable page). */
export const REPORT_TABLE_ROWS = 200;

/**
 * How many of the first bureaus (most items first) hold the first `rows` rows of a list printed one row
 * per bureau and item: only those bureaus' items need fetching.
 */
export function bureausFilling(bureaus: ReadonlyArray<{ count: number }>, rows: number): number {
  let filled = 0;
  let n = 0;
  while (filled < rows && n < bureaus.length) filled += bureaus[n++]?.count ?? 0;
  return n;
}

export interface FirstRows {
  table: DataTable;
  /** `前 N 条，共 M 条（完整清单见 CSV/XLSX 导出）` when rows were left out, else null. */
  note: string | null;
}

/**
 * The table's first `limit` rows. `total` is how many rows the whole list has, when the caller fetched
 * only its first ones (the table then holds fewer rows than the list): the note counts against it.
 */
export function firstRows(
  table: DataTable,
  limit: number,
  t: Translate,
  total: number = table.rows.length,
): FirstRows {
  const rows = table.rows.length > limit ? table.rows.slice(0, limit) : table.rows;
  const note =
    rows.length < total
      ? t('report.firstRows', { n: formatNumber(rows.length), total: formatNumber(total) })
      : null;
  return { table: rows === table.rows ? table : { ...table, rows }, note };
}
