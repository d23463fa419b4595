// The plain table behind a chart or the items list, as exports write it: column headers in the reader's
// language and cells that are text or numbers. CSV and XLSX are built from this one shape.

export type Cell = string | number | null;

export interface DataColumn {
  header: string;
  /** Column width in characters (XLSX); guessed from the contents when left out. */
  width?: number;
}

export interface DataTable {
  /** Sheet name (XLSX) and file-name stem. */
  name: string;
  columns: DataColumn[];
  rows: Cell[][];
}

/** Display width of a text in "characters", counting a CJK character as two (as Excel does). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
  return width;
}

/** Widths for each column: the widest of header and cells, between 6 and 60 characters. */
export function columnWidths(table: DataTable): number[] {
  return table.columns.map((column, i) => {
    if (column.width !== undefined) return column.width;
    let widest = displayWidth(column.header);
    for (const row of table.rows) {
      const cell = row[i];
      if (cell !== null && cell !== undefined) widest = Math.max(widest, displayWidth(String(cell)));
    }
    return Math.min(60, Math.max(6, widest + 2));
  });
}

/**
 * Splits `total` between columns that each need `needs[i]` (same unit): when all fit, in proportion to
 * their needs; when not, a column whose proportional share would be below its need (up to `maxFloor`)
 * keeps that much — numbers and short labels stay on one line — and the wide text columns share the rest
 * in proportion. Whole units; the sum is `total` give or take rounding. The floor is at most an equal
 * share, so however many columns are squeezed every column keeps a positive width.
 */
export function fitColumns(needs: readonly number[], total: number, maxFloor: number): number[] {
  const floor = Math.min(maxFloor, total / Math.max(needs.length, 1));
  const sum = needs.reduce((a, b) => a + b, 0);
  if (sum <= total || sum === 0) return needs.map((n) => Math.round((total * n) / Math.max(sum, 1)));
  const out: Array<number | undefined> = needs.map(() => undefined);
  let room = total;
  for (;;) {
    const open = needs.flatMap((n, i) => (out[i] === undefined ? [{ n, i }] : []));
    const openSum = open.reduce((a, c) => a + c.n, 0);
    const squeezed = open.filter((c) => (room * c.n) / openSum < Math.min(c.n, floor));
    if (squeezed.length === 0 || squeezed.length === open.length) {
      for (const c of open) out[c.i] = Math.round((room * c.n) / openSum);
      return out.map((w) => w ?? 0);
    }
    for (const c of squeezed) {
      out[c.i] = Math.round(Math.min(c.n, floor));
      room -= out[c.i] ?? 0;
    }
  }
}
