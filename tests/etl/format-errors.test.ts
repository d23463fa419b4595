// Columns found by header in every format, and rejections that point into the document: the
// sheet or table and row, the header found and the names accepted. PDFs are turned away.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_VARIANTS } from '../../etl/list-columns.ts';
import { parseListFile, type ParsedFile } from '../../etl/parse-list.ts';
import { parseFile } from '../../etl/prepare-file.ts';
import { SEED_FILE } from '../support/seed-db.ts';
import { docxRendering, htmlRendering, seedLists, xlsxOneSheet, xlsxThreeSheets } from './render-seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'duty-map-format-errors-'));
const options = { aliases: new Map<string, string>(), loadedAt: '2025-01-01T00:00:00.000Z' };
const seedText = readFileSync(SEED_FILE, 'utf8');
const golden = parseListFile(seedText, 'alongshan-2025.txt');

function saved(name: string, bytes: Buffer | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
const items = (parsed: ParsedFile) =>
  parsed.lists.map((list) => list.items.map(({ line: _l, place: _p, ...rest }) => rest));

/** The seed with every header cell renamed by `rename` (header lines only). */
function withHeaders(rename: (cell: string) => string): string {
  return seedText
    .split('\n')
    .map((line) => (line.startsWith('序号\t') ? line.split('\t').map(rename).join('\t') : line))
    .join('\n');
}

describe('columns found by header', () => {
  it('reads every accepted variant of every header to the same records', () => {
    const variants = Object.values(HEADER_VARIANTS);
    const longest = Math.max(...variants.map((names) => names.length));
    for (let pick = 1; pick < longest; pick++) {
      const rename = (cell: string) => {
        const names = variants.find((list) => list[0] === cell);
        return names?.[Math.min(pick, names.length - 1)] ?? cell;
      };
      expect(items(parseListFile(withHeaders(rename), 'variants.txt'))).toEqual(items(golden));
    }
  });

  it('reads columns in any order', () => {
    // 对应上级部门 moved to the end of the cooperative list, in its header and every row.
    const moved = seedText
      .split('\n')
      .map((line) => {
        const cells = line.split('\t');
        if (cells.length !== 5) return line;
        return [cells[0], cells[1], cells[3], cells[4], cells[2]].join('\t');
      })
      .join('\n');
    expect(items(parseListFile(moved, 'moved.txt'))).toEqual(items(golden));
  });

  it('ignores an extra 备注 column with a note, and reads the rest as the golden records', async () => {
    const file = saved('remarks.xlsx', (await xlsxOneSheet(seedLists(), true)).bytes);
    const { parsed } = await parseFile(file, options);
    expect(items(parsed)).toEqual(items(golden));
    // Once per list, at its first header row.
    expect(parsed.warnings.map((w) => [w.code, w.listKind])).toEqual([
      ['ignored_column', 'basic'],
      ['ignored_column', 'cooperative'],
      ['ignored_column', 'reclaimed'],
    ]);
    expect(parsed.warnings[0]?.message).toBe(
      'remarks.xlsx: sheet 履职事项清单, row 3: column 备注 is not stored',
    );
  });

  it('rejects an unknown header, naming the file, sheet, header found and accepted names', async () => {
    const lists = seedLists();
    const cooperative = lists[1];
    if (cooperative === undefined) throw new Error('no cooperative list');
    for (const page of cooperative.pages) page.header.cells[2] = '牵头单位';
    const file = saved('unknown-header.xlsx', (await xlsxThreeSheets(lists)).bytes);
    await expect(parseFile(file, options)).rejects.toThrow(
      "unknown-header.xlsx: sheet 配合履职事项清单, row 2: column 3 has header '牵头单位', not a column of the cooperative list; accepted: 序号 / 编号 | 事项名称 / 事项内容 / 履职事项 | 对应上级部门 / 责任部门 / 配合部门 | ",
    );
  });
});

describe('messages point into the document', () => {
  it('names the Word table and row', async () => {
    const lists = seedLists();
    const row = lists[0]?.pages[1]?.lines[3];
    if (row === undefined) throw new Error('no such seed row');
    row.cells[1] = '';
    const file = saved('blank.docx', (await docxRendering('pages', lists)).bytes);
    // Table 2 is the basic list's second page: header, then its 4th line in row 5.
    await expect(parseFile(file, options)).rejects.toThrow(
      'blank.docx: table 2, row 5: row has an empty 事项名称; expected the item name',
    );
  });

  it('names the web page table and row', async () => {
    const lists = seedLists();
    const reclaimed = lists[2];
    const row = reclaimed?.pages.flatMap((page) => page.lines).find((line) => line.cells[0] === '38');
    if (row === undefined) throw new Error('no such seed row');
    row.cells[2] = '根河市林业和草原局负责';
    const rendering = htmlRendering('gbk', lists);
    const file = saved('page.htm', rendering.bytes);
    const landed = rendering.landed.get(row.n);
    await expect(parseFile(file, options)).rejects.toThrow(
      `page.htm: ${landed?.place}: 承接部门及工作方式 has no '：'; expected '<receiving department>：<working method>'`,
    );
    // One navigation table, then one table per list: the reclaimed list is table 4.
    expect(landed?.place).toMatch(/^table 4, row \d+$/);
  });

  it('names the CSV line a record starts on', async () => {
    const text = seedText
      .split('\n')
      .map((line) =>
        line
          .split('\t')
          .map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell))
          .join(','),
      )
      .join('\n');
    // Basic item 7 is on line 13 of the seed, and every record above it is one line.
    const broken = text.replace(/\n7,/, '\n7x,');
    await expect(parseFile(saved('list.csv', broken), options)).rejects.toThrow(
      /^list\.csv:13: unrecognised line '7x /,
    );
  });
});

describe('files that are not lists', () => {
  it('rejects a PDF, by name or by content, saying what to convert it to', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
    for (const name of ['list.pdf', 'renamed.txt']) {
      await expect(parseFile(saved(name, pdf), options)).rejects.toThrow(
        `${name}: a PDF is not read (its tables are drawn, not stored); save it as .xlsx, .docx, .html or .csv`,
      );
    }
  });

  it('rejects the old binary Office formats and a broken workbook', async () => {
    await expect(parseFile(saved('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])), options)).rejects.toThrow(
      'old.xls: the old binary .xls format is not read; save it as .xlsx',
    );
    await expect(parseFile(saved('broken.xlsx', 'not a zip'), options)).rejects.toThrow(
      'broken.xlsx: not a ZIP package; expected an Excel .xlsx workbook',
    );
  });

  it('rejects a page whose charset is neither UTF-8 nor GBK', async () => {
    const page = '<html><head><meta charset="big5"></head><body></body></html>';
    await expect(parseFile(saved('big5.html', page), options)).rejects.toThrow(
      "big5.html: page declares charset 'big5'; expected UTF-8 or GBK/GB18030",
    );
  });
});
