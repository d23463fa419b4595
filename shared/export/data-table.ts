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
