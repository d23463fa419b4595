// Every rendering of the seed (Excel, Word, web page, CSV; several layouts each) parses to
// exactly the seed's golden records, with every title, category and item placed where the
// rendering put it; and loading a rendering gives the database the seed's answers.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import type { ParsedFile } from '../../etl/parse-list.ts';
import { parseFile } from '../../etl/prepare-file.ts';
import { openReadOnly } from '../support/query.ts';
import { allRenderings, seedLists, xlsxOneSheet, type Landed, type Rendering } from './render-seed.ts';

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden', 'alongshan-2025.json');
const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as ParsedFile;
const dir = mkdtempSync(join(tmpdir(), 'duty-map-formats-'));
const options = { aliases: new Map<string, string>(), loadedAt: '2025-01-01T00:00:00.000Z' };

/** The records without where they came from (file name, line, place), which differ by format. */
function withoutPlaces(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPlaces);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'file' && key !== 'line' && key !== 'place')
        .map(([key, inner]) => [key, withoutPlaces(inner)]),
    );
  }
  return value;
}

interface Located {
  line: number;
  place?: string;
}
const placeOf = (entry: Located): Landed =>
  entry.place === undefined ? { line: entry.line } : { line: entry.line, place: entry.place };

/** Each golden title, category and item's seed line, mapped to where the rendering put it. */
function expectedPlaces(landed: Map<number, Landed>): Landed[] {
  return golden.lists
    .flatMap((list) => [list, ...list.categories.filter((c) => c.ordinal > 0), ...list.items])
    .map((entry) => landed.get(entry.line) ?? { line: -1 });
}
function actualPlaces(parsed: ParsedFile): Landed[] {
  return parsed.lists.flatMap((list) => [list, ...list.categories, ...list.items]).map(placeOf);
}

let renderings: Rendering[];
const files = new Map<string, string>();
beforeAll(async () => {
  renderings = await allRenderings();
  for (const rendering of renderings) {
    const file = join(dir, rendering.name);
    writeFileSync(file, rendering.bytes);
    files.set(rendering.name, file);
  }
});

const NAMES = [
  'alongshan-three-sheets.xlsx',
  'alongshan-one-sheet.xlsx',
  'alongshan-pages.docx',
  'alongshan-single.docx',
  'alongshan-utf8.html',
  'alongshan-gbk.htm',
  'alongshan-framed.html',
  'alongshan-utf8-bom.csv',
  'alongshan-gb18030.csv',
];

describe('the seed rendered in every format', () => {
  it('renders each layout, with the merged cells, spans and repeated headers it claims', async () => {
    expect(renderings.map((r) => r.name)).toEqual(NAMES);
    const bytesOf = (name: string) => renderings.find((r) => r.name === name)?.bytes ?? Buffer.alloc(0);
    const JSZip = (await import('jszip')).default;
    const inside = async (name: string, path: string) =>
      (await (await JSZip.loadAsync(bytesOf(name))).file(path)?.async('string')) ?? '';
    const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
    // Department runs merged down one column, titles and categories merged across.
    const sheet2 = await inside('alongshan-three-sheets.xlsx', 'xl/worksheets/sheet2.xml');
    expect(count(sheet2, /<mergeCell ref="C\d+:C\d+"/g)).toBeGreaterThan(3);
    expect(count(sheet2, /<mergeCell ref="A\d+:E\d+"/g)).toBe(7);
    const pages = await inside('alongshan-pages.docx', 'word/document.xml');
    expect(count(pages, /<w:vMerge w:val="restart"\/>/g)).toBeGreaterThan(3);
    expect(count(pages, /<w:tbl>/g)).toBe(seedLists().reduce((n, list) => n + list.pages.length, 0));
    expect(count(await inside('alongshan-single.docx', 'word/document.xml'), /<w:tbl>/g)).toBe(3);
    const gbk = bytesOf('alongshan-gbk.htm').toString('latin1');
    expect(count(gbk, /rowspan=/g)).toBeGreaterThan(3);
    expect(bytesOf('alongshan-utf8.html').toString()).toMatch(
      /<td colspan="5"><b>一、党的建设（4项）<\/b><\/td>/,
    );
  });

  it.each(NAMES)('%s parses to exactly the golden records', async (name) => {
    const { parsed } = await parseFile(files.get(name) ?? '', options);
    expect(parsed.warnings).toEqual([]);
    expect(withoutPlaces(parsed)).toEqual(withoutPlaces(golden));
  });

  it.each(NAMES)('%s places every title, category and item where the rendering put it', async (name) => {
    const rendering = renderings.find((r) => r.name === name);
    const { parsed } = await parseFile(files.get(name) ?? '', options);
    expect(actualPlaces(parsed)).toEqual(expectedPlaces(rendering?.landed ?? new Map()));
  });

  it('names sheets, tables and rows in messages: an empty 事项名称 in the cooperative sheet', async () => {
    const { bytes } = await xlsxOneSheet();
    // Rewritten through exceljs: blank the name of cooperative item 17.
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('履职事项清单');
    let target = 0;
    let inCooperative = false;
    sheet?.eachRow((row, n) => {
      const first = row.getCell(1).text;
      if (first.includes('配合履职事项清单')) inCooperative = true;
      if (first.includes('上级部门收回事项清单')) inCooperative = false;
      if (inCooperative && first === '17') target = n;
    });
    sheet!.getRow(target).getCell(2).value = '';
    const file = join(dir, 'blank-name.xlsx');
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    await expect(parseFile(file, options)).rejects.toThrow(
      `blank-name.xlsx: sheet 履职事项清单, row ${target}: row has an empty 事项名称; expected the item name`,
    );
  });
});

describe('loading the renderings', () => {
  it.each(NAMES)(
    '%s gives the seed answers: 70/47/64, 28 reclaimed penalty items, 30 kept clauses, 24 departments',
    async (name) => {
      const dbPath = join(dir, `${name}.duckdb`);
      const report = await loadFiles({ dbPath, files: [files.get(name) ?? ''] });
      expect(report.files[0]?.error ?? null).toBeNull();
      expect(report.ok).toBe(true);
      const db = await openReadOnly(dbPath);
      try {
        const counts = await db.all(
          'SELECT kind, count(*)::INTEGER AS n FROM items GROUP BY kind ORDER BY kind',
        );
        expect(counts.map((r) => [r.kind, r.n])).toEqual([
          ['basic', 70],
          ['cooperative', 47],
          ['reclaimed', 64],
        ]);
        expect(
          await db.all(`SELECT count(*)::INTEGER AS n FROM items WHERE kind = 'reclaimed' AND is_penalty`),
        ).toEqual([{ n: 28 }]);
        expect(await db.all('SELECT count(*)::INTEGER AS n FROM penalty_clauses')).toEqual([{ n: 30 }]);
        expect(await db.all('SELECT count(DISTINCT department)::INTEGER AS n FROM item_departments')).toEqual(
          [{ n: 24 }],
        );
        const format = name.endsWith('.htm') ? 'html' : (name.split('.').pop() ?? '');
        expect(await db.all('SELECT source_file, source_format FROM towns')).toEqual([
          { source_file: name, source_format: format },
        ]);
      } finally {
        db.close();
      }
    },
  );
});
