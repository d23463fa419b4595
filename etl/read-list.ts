// Turns a list file's bytes into rows, choosing the reader by the file's type: the text dump
// (.txt and any other name), .csv, .xlsx, .docx, .html/.htm. PDFs and the old binary Office
// formats are rejected with what to do instead. The readers of the Office formats and web pages
// (and their libraries: exceljs alone takes ~0.3 s to load) are loaded when a file needs them, so
// a run of text lists never pays for them.

import { extname } from 'node:path';
import { decodeListBytes, decodeHtmlBytes, type Encoding } from './decode.ts';
import { ParseError } from './parse-error.ts';
import { readCsvRows } from './read-csv.ts';
import { readTextRows } from './read-text.ts';
import type { SourceRow } from './source-rows.ts';
import { checkZipSize } from './zip-guard.ts';
import type JSZip from 'jszip';

export const SOURCE_FORMATS = ['text', 'csv', 'xlsx', 'docx', 'html'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export { LIST_EXTENSIONS } from './list-extensions.ts';

export interface ListRows {
  rows: SourceRow[];
  encoding: Encoding;
  format: SourceFormat;
}

const CONVERT = 'save it as .xlsx, .docx, .html or .csv (in WPS or Office: 另存为) and load that file';

/** Reads the rows of one list file. `name` is the file's name as messages show it. */
export async function readListRows(
  bytes: Buffer,
  path: string,
  name: string,
  maxBytes: number,
): Promise<ListRows> {
  const extension = extname(path).toLowerCase();
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-' || extension === '.pdf') {
    throw new ParseError(name, null, `a PDF is not read (its tables are drawn, not stored); ${CONVERT}`);
  }
  if (['.xls', '.doc', '.wps', '.et'].includes(extension)) {
    throw new ParseError(name, null, `the old binary ${extension} format is not read; ${CONVERT}`);
  }
  switch (extension) {
    case '.xlsx': {
      checkZipSize(await openZip(bytes, name, 'an Excel .xlsx workbook'), name, maxBytes);
      const { readXlsxRows } = await import('./read-xlsx.ts');
      return { rows: await readXlsxRows(bytes), encoding: 'utf-8', format: 'xlsx' };
    }
    case '.docx': {
      await openZip(bytes, name, 'a Word .docx document');
      const { readDocxRows } = await import('./read-docx.ts');
      return { rows: await readDocxRows(bytes, name, maxBytes), encoding: 'utf-8', format: 'docx' };
    }
    case '.html':
    case '.htm': {
      const decoded = decodeHtmlBytes(bytes, name);
      const { readHtmlRows } = await import('./read-html.ts');
      return { rows: readHtmlRows(decoded.text), encoding: decoded.encoding, format: 'html' };
    }
    case '.csv': {
      const decoded = decodeListBytes(bytes, name);
      return { rows: readCsvRows(decoded.text, name), encoding: decoded.encoding, format: 'csv' };
    }
    default: {
      const decoded = decodeListBytes(bytes, name);
      return { rows: readTextRows(decoded.text), encoding: decoded.encoding, format: 'text' };
    }
  }
}

async function openZip(bytes: Buffer, name: string, expected: string): Promise<JSZip> {
  const { default: JSZipClass } = await import('jszip');
  try {
    return await JSZipClass.loadAsync(bytes);
  } catch {
    throw new ParseError(name, null, `not a ZIP package; expected ${expected}`);
  }
}
