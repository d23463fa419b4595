// Reader of a Word/WPS document (.docx): the package is opened with jszip and its
// word/document.xml read with saxes, a conforming streaming XML parser (never regular
// expressions over XML). Every table row becomes a row; a paragraph above a table that reads
// like a list title (…清单…) becomes that table's title row. Cells spanning grid columns
// (gridSpan) count once; a cell merged down (vMerge) over one column fills each row.

import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { plainText } from './clean-text.ts';
import { ParseError } from './parse-error.ts';
import { MAX_COLUMNS, type SourceRow } from './source-rows.ts';
import { checkZipSize } from './zip-guard.ts';

const TITLE_LIKE = /清单/;

interface Cell {
  text: string[];
  span: number;
  vMerge: 'restart' | 'continue' | null;
}

/** Document bytes → title rows and table rows in document order. */
export async function readDocxRows(bytes: Buffer, file: string, maxBytes: number): Promise<SourceRow[]> {
  const zip = await JSZip.loadAsync(bytes);
  checkZipSize(zip, file, maxBytes);
  const entry = zip.file('word/document.xml');
  if (entry === null)
    throw new ParseError(file, null, 'no word/document.xml; expected a Word .docx document');
  return readDocumentXml(await entry.async('string'), file);
}

/** word/document.xml → rows. Exported for tests of the XML alone. */
export function readDocumentXml(xml: string, file: string): SourceRow[] {
  const rows: SourceRow[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let paragraphNo = 0;
  let tableNo = 0;
  let tableDepth = 0;
  let skipDepth = 0; // inside text boxes / alternate content: drawn text, not the body's
  let paragraph: string[] | null = null;
  let title: SourceRow | null = null;
  let rowNo = 0;
  let row: Cell[] | null = null;
  let cell: Cell | null = null;
  let inText = false;
  let restartText: string[] = [];
  let restartSpan: number[] = [];

  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'txbxContent' || name === 'Fallback') skipDepth += 1;
    if (skipDepth > 0) return;
    const val = (tag.attributes['w:val'] as string | undefined) ?? null;
    if (name === 'tbl') {
      tableDepth += 1;
      if (tableDepth === 1) {
        tableNo += 1;
        rowNo = 0;
        restartText = [];
        restartSpan = [];
        if (title !== null) rows.push(title);
        title = null;
      }
    } else if (tableDepth === 1 && name === 'tr') {
      rowNo += 1;
      row = [];
    } else if (tableDepth === 1 && name === 'tc') {
      cell = { text: [], span: 1, vMerge: null };
    } else if (tableDepth === 1 && name === 'gridSpan' && cell !== null) {
      cell.span = Math.max(1, Math.min(Number(val) || 1, MAX_COLUMNS));
    } else if (tableDepth === 1 && name === 'vMerge' && cell !== null) {
      cell.vMerge = val === 'restart' ? 'restart' : 'continue';
    } else if (name === 'p') {
      if (tableDepth === 0) paragraphNo += 1;
      if (tableDepth === 0) paragraph = [];
      else if (cell !== null && cell.text.length > 0) cell.text.push('\n');
    } else if (name === 't') {
      inText = true;
    } else if (name === 'br' || name === 'cr') {
      if (cell !== null) cell.text.push('\n');
      else paragraph?.push('\n');
    } else if (name === 'tab') {
      if (cell !== null) cell.text.push(' ');
      else paragraph?.push(' ');
    }
  });
  parser.on('text', (text) => {
    if (!inText || skipDepth > 0) return;
    if (cell !== null) cell.text.push(text);
    else paragraph?.push(text);
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (name === 'txbxContent' || name === 'Fallback') {
      skipDepth -= 1;
      return;
    }
    if (skipDepth > 0) return;
    if (name === 't') {
      inText = false;
    } else if (name === 'p' && tableDepth === 0 && paragraph !== null) {
      const text = plainText(paragraph.join(''));
      if (TITLE_LIKE.test(text)) {
        title = { cells: [text], line: paragraphNo, place: `paragraph ${paragraphNo}` };
      }
      paragraph = null;
    } else if (name === 'tc' && tableDepth === 1 && cell !== null && row !== null) {
      row.push(cell);
      cell = null;
    } else if (name === 'tr' && tableDepth === 1 && row !== null) {
      rows.push({ cells: resolveRow(row), line: rowNo, place: `table ${tableNo}, row ${rowNo}` });
      row = null;
    } else if (name === 'tbl') {
      tableDepth -= 1;
    }
  });

  /** Grid cells of a row: spans counted once, vertical merges filled from their first cell. */
  function resolveRow(cells: Cell[]): string[] {
    const out: string[] = [];
    for (const c of cells) {
      if (out.length >= MAX_COLUMNS) break;
      const column = out.length;
      let text = c.text.join('');
      if (c.vMerge === 'restart') {
        restartText[column] = text;
        restartSpan[column] = c.span;
      } else if (c.vMerge === 'continue') {
        text = restartSpan[column] === 1 ? (restartText[column] ?? '') : '';
      }
      out.push(text);
      for (let k = 1; k < c.span && out.length < MAX_COLUMNS; k++) out.push('');
    }
    return out;
  }

  try {
    parser.write(xml).close();
  } catch (error) {
    throw new ParseError(
      file,
      null,
      `word/document.xml is not well-formed XML (${(error as Error).message.slice(0, 80)})`,
    );
  }
  return rows;
}
