// Reader of a list saved as CSV (Excel's "CSV UTF-8" or a GB18030 CSV from WPS): RFC 4180
// fields, quoted fields may hold commas, quotes ("") and line breaks. One pass over the text.

import { ParseError } from './parse-error.ts';
import type { SourceRow } from './source-rows.ts';

/** CSV text → one row per record; a record's line is the line it starts on. */
export function readCsvRows(text: string, file: string): SourceRow[] {
  const rows: SourceRow[] = [];
  const body = text.replace(/^\uFEFF/, '');
  let cells: string[] = [];
  let field: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let start = 0;
  const endField = (end: number) => {
    field.push(body.slice(start, end));
    cells.push(field.join(''));
    field = [];
  };
  for (let i = 0; i < body.length; i++) {
    const char = body.charCodeAt(i);
    if (quoted) {
      if (char === 0x22) {
        field.push(body.slice(start, i));
        if (body.charCodeAt(i + 1) === 0x22) {
          field.push('"');
          i += 1;
        } else {
          quoted = false;
        }
        start = i + 1;
      } else if (char === 0x0a) {
        line += 1;
      }
      continue;
    }
    if (char === 0x22 && i === start && field.length === 0) {
      quoted = true;
      start = i + 1;
    } else if (char === 0x2c) {
      endField(i);
      start = i + 1;
    } else if (char === 0x0a || char === 0x0d) {
      endField(i);
      rows.push({ cells, line: recordLine });
      cells = [];
      if (char === 0x0d && body.charCodeAt(i + 1) === 0x0a) i += 1;
      line += 1;
      recordLine = line;
      start = i + 1;
    }
  }
  if (quoted) throw new ParseError(file, recordLine, 'a quoted field never closes; expected a closing "');
  if (start < body.length || cells.length > 0 || field.length > 0) {
    endField(body.length);
    rows.push({ cells, line: recordLine });
  }
  return rows;
}
