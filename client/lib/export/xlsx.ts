// Tables → an Excel workbook: an info sheet first (title, filters, source, export time), then one sheet
// per table with Chinese headers in a frozen, bold first row and column widths set. The ExcelJS module is
// passed in, so the browser can load it lazily and tests can use the Node build.
import type ExcelJSModule from 'exceljs';
import type { ExportCaption } from '../../../shared/export/export-caption.ts';
import { columnWidths, type DataTable } from '../../../shared/export/data-table.ts';

type ExcelJS = typeof ExcelJSModule;

const FORBIDDEN = /[\\/?*[\]:]/g;

/** A valid, unique sheet name: no \ / ? * [ ] :, at most 31 characters. */
export function sheetName(name: string, taken: ReadonlySet<string>): string {
  const base = Array.from(name.replace(FORBIDDEN, '_').trim() || 'Sheet')
    .slice(0, 31)
    .join('');
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) {
    const suffix = ` (${n})`;
    candidate =
      Array.from(base)
        .slice(0, 31 - suffix.length)
        .join('') + suffix;
  }
  return candidate;
}

export interface WorkbookInfo {
  caption: ExportCaption;
  /** Name of the info sheet, e.g. 说明. */
  infoSheet: string;
}

export function buildWorkbook(excel: ExcelJS, tables: readonly DataTable[], info: WorkbookInfo) {
  const workbook = new excel.Workbook();
  workbook.creator = 'duty-map';
  workbook.created = new Date();
  const taken = new Set<string>();

  const about = workbook.addWorksheet(sheetName(info.infoSheet, taken));
  taken.add(about.name.toLowerCase());
  about.addRow([info.caption.title]).font = { bold: true, size: 14 };
  for (const line of info.caption.lines) about.addRow([line]);
  about.getColumn(1).width = 100;

  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.name, taken), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    taken.add(sheet.name.toLowerCase());
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    for (const row of table.rows) sheet.addRow(row);
    columnWidths(table).forEach((width, i) => {
      sheet.getColumn(i + 1).width = width;
    });
    if (table.rows.length > 0) {
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    }
  }
  return workbook;
}
