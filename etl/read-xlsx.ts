// Reader of an Excel/WPS workbook (.xlsx) with exceljs: every sheet that holds a list, in order,
// row by row. A cell merged across columns (a title or category row) counts once, in its first
// column; a cell merged down a single column (one department for several items) fills each row.

import ExcelJS from 'exceljs';
import { isHeaderRow } from './list-columns.ts';
import { escapeControls, MAX_COLUMNS, type SourceRow } from './source-rows.ts';

interface MergeRange {
  top: number;
  left: number;
  right: number;
}

/** Workbook bytes → the rows of every sheet that has a 序号 header row, sheet by sheet. */
export async function readXlsxRows(bytes: Buffer): Promise<SourceRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: SourceRow[] = [];
  for (const sheet of workbook.worksheets) {
    const name = escapeControls(sheet.name);
    // exceljs keeps each merge's range by its master cell; there is no public accessor in 4.4.
    const merges = (sheet as unknown as { _merges: Record<string, MergeRange> })._merges;
    const sheetRows: SourceRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      const width = Math.min(row.cellCount, MAX_COLUMNS);
      for (let column = 1; column <= width; column++) {
        const cell = row.getCell(column);
        let text = '';
        if (cell.isMerged && cell.master.address !== cell.address) {
          const range = merges[cell.master.address];
          const singleColumn = range !== undefined && range.left === range.right;
          text = singleColumn ? cellText(cell.master) : '';
        } else {
          text = cellText(cell);
        }
        cells.push(text);
      }
      sheetRows.push({ cells, line: rowNumber, place: `sheet ${name}, row ${rowNumber}` });
    });
    // A sheet without a header row (instructions, a cover page) holds no list.
    if (sheetRows.some((row) => isHeaderRow(row.cells))) rows.push(...sheetRows);
  }
  return rows;
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return cell.text;
}
