// Test code that renders the 阿龙山镇 seed into the formats towns really publish — Excel, Word,
// web page, CSV — in more than one layout each, and records where every seed line landed, so a
// test can check both the records and the places the parser reports. Nothing here is parsed by
// the ETL's own readers: workbooks are written by exceljs, documents by the docx library, pages
// and CSV by string templates.

import { readFileSync } from 'node:fs';
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { htmlToText } from '../../etl/clean-text.ts';
import { SEED_FILE } from '../support/seed-db.ts';

/** Where a seed line landed: the row number (or line) and, in a document, the place. */
export interface Landed {
  line: number;
  place?: string;
}

export interface Rendering {
  name: string;
  bytes: Buffer;
  /** Seed line number → where its title, category or row is in the rendering. */
  landed: Map<number, Landed>;
}

interface SeedLine {
  n: number;
  cells: string[];
}
interface SeedPage {
  header: SeedLine;
  lines: SeedLine[];
}
export interface SeedList {
  title: SeedLine;
  width: number;
  pages: SeedPage[];
}

/** The seed as lists of pages (one per repeated 序号 header), each line with its number. */
export function seedLists(text = readFileSync(SEED_FILE, 'utf8')): SeedList[] {
  const lists: SeedList[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = { n: index + 1, cells: raw.split('\t') };
    if (raw.trim() === '') return;
    if (!raw.includes('\t')) {
      lists.push({ title: line, width: 0, pages: [] });
      return;
    }
    const list = lists.at(-1);
    if (list === undefined) throw new Error(`seed line ${line.n} before a title`);
    if (line.cells[0] === '序号') {
      list.width = line.cells.length;
      list.pages.push({ header: line, lines: [] });
      return;
    }
    const page = list.pages.at(-1);
    if (page === undefined) throw new Error(`seed line ${line.n} before a header`);
    page.lines.push({ n: line.n, cells: padTo(line.cells, list.width) });
  });
  return lists;
}

function padTo(cells: string[], width: number): string[] {
  const out = cells.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

const isCategory = (line: SeedLine) => /^[一二三四五六七八九十]+、/.test(line.cells[0] ?? '');
const titleText = (list: SeedList) => list.title.cells[0]?.trim() ?? '';
/** A cell as an office document holds it: plain text, one line per paragraph of the fragment. */
const plain = (cell: string) => htmlToText(cell);
const KIND_SHEET = (list: SeedList) =>
  /(基本履职事项清单|配合履职事项清单|上级部门收回事项清单)/.exec(titleText(list))?.[1] ?? 'x';

/**
 * Runs of equal department cells (column 3 of the cooperative list) within a page and without a
 * category between: rendered as one merged cell, to check merged cells fill every row.
 */
function departmentRuns(lines: SeedLine[], width: number): Map<number, number> {
  const runs = new Map<number, number>();
  if (width !== 5) return runs;
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    const a = lines[start];
    const b = lines[i];
    const same =
      b !== undefined && a !== undefined && !isCategory(a) && !isCategory(b) && a.cells[2] === b.cells[2];
    if (!same) {
      if (i - start > 1) runs.set(start, i - start);
      start = i;
    }
  }
  return runs;
}

// ---------- Excel ----------

/** One sheet per list: merged title row, header repeated per page, merged category rows, merged department runs, 序号 as numbers. */
export async function xlsxThreeSheets(lists = seedLists()): Promise<Rendering> {
  const workbook = new ExcelJS.Workbook();
  const landed = new Map<number, Landed>();
  for (const list of lists) {
    const name = KIND_SHEET(list);
    const sheet = workbook.addWorksheet(name);
    let r = 1;
    sheet.getRow(r).getCell(1).value = titleText(list);
    sheet.mergeCells(r, 1, r, list.width);
    landed.set(list.title.n, { line: r, place: `sheet ${name}, row ${r}` });
    for (const page of list.pages) {
      r += 1;
      page.header.cells.forEach((cell, i) => (sheet.getRow(r).getCell(i + 1).value = cell));
      const runs = departmentRuns(page.lines, list.width);
      let mergeLeft = 0;
      page.lines.forEach((line, index) => {
        r += 1;
        const row = sheet.getRow(r);
        landed.set(line.n, { line: r, place: `sheet ${name}, row ${r}` });
        if (isCategory(line)) {
          row.getCell(1).value = line.cells[0]?.trim() ?? '';
          sheet.mergeCells(r, 1, r, list.width);
          return;
        }
        line.cells.forEach((cell, i) => {
          if (i === 2 && mergeLeft > 0) return;
          row.getCell(i + 1).value = i === 0 ? Number(cell) : plain(cell);
        });
        const run = runs.get(index);
        if (run !== undefined) {
          sheet.mergeCells(r, 3, r + run - 1, 3);
          mergeLeft = run;
        }
        if (mergeLeft > 0) mergeLeft -= 1;
      });
    }
  }
  return {
    name: 'alongshan-three-sheets.xlsx',
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
    landed,
  };
}

/** All three lists on one sheet in sequence: title and categories in the first cell, 序号 as text, a cover sheet first. */
export async function xlsxOneSheet(lists = seedLists(), extraColumn = false): Promise<Rendering> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('填表说明').getCell('A1').value = '本表由乡镇填报，请勿修改表头。';
  const name = '履职事项清单';
  const sheet = workbook.addWorksheet(name);
  const landed = new Map<number, Landed>();
  let r = 0;
  for (const list of lists) {
    r += 2; // a blank row before each title
    sheet.getRow(r).getCell(1).value = titleText(list);
    landed.set(list.title.n, { line: r, place: `sheet ${name}, row ${r}` });
    for (const page of list.pages) {
      r += 1;
      const header = extraColumn ? [...page.header.cells, '备注'] : page.header.cells;
      header.forEach((cell, i) => (sheet.getRow(r).getCell(i + 1).value = cell));
      for (const line of page.lines) {
        r += 1;
        landed.set(line.n, { line: r, place: `sheet ${name}, row ${r}` });
        const row = sheet.getRow(r);
        if (isCategory(line)) {
          row.getCell(1).value = line.cells[0]?.trim() ?? '';
          continue;
        }
        line.cells.forEach((cell, i) => (row.getCell(i + 1).value = i === 0 ? cell : plain(cell)));
        if (extraColumn) row.getCell(line.cells.length + 1).value = '已核对';
      }
    }
  }
  const suffix = extraColumn ? '-remarks' : '';
  return {
    name: `alongshan-one-sheet${suffix}.xlsx`,
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
    landed,
  };
}

// ---------- Word ----------

const textParagraphs = (text: string) =>
  (text === '' ? [''] : text.split('\n')).map((line) => new Paragraph({ children: [new TextRun(line)] }));

function docxCell(text: string, options: { columnSpan?: number; rowSpan?: number } = {}): TableCell {
  return new TableCell({ children: textParagraphs(text), ...options });
}

/**
 * Word layouts. `pages`: each printed page its own table with the header row repeated and a
 * title paragraph before the list's first table; categories as merged rows; department runs
 * merged down. `single`: one table per list, header once, categories in the first cell only.
 */
export async function docxRendering(layout: 'pages' | 'single', lists = seedLists()): Promise<Rendering> {
  const children: (Paragraph | Table)[] = [];
  const landed = new Map<number, Landed>();
  let paragraphs = 0;
  let tables = 0;
  const paragraph = (text: string, bold = false) => {
    paragraphs += 1;
    children.push(
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold })] }),
    );
  };
  paragraph('附件');
  paragraph('阿龙山镇履职事项清单汇总表');
  for (const list of lists) {
    paragraph(titleText(list), true);
    landed.set(list.title.n, { line: paragraphs, place: `paragraph ${paragraphs}` });
    const pages =
      layout === 'pages'
        ? list.pages
        : [{ header: list.pages[0]?.header ?? list.title, lines: list.pages.flatMap((p) => p.lines) }];
    for (const page of pages) {
      tables += 1;
      const rows = [
        new TableRow({ tableHeader: true, children: page.header.cells.map((cell) => docxCell(cell)) }),
      ];
      const runs = layout === 'pages' ? departmentRuns(page.lines, list.width) : new Map<number, number>();
      let mergeLeft = 0;
      page.lines.forEach((line, index) => {
        landed.set(line.n, { line: rows.length + 1, place: `table ${tables}, row ${rows.length + 1}` });
        if (isCategory(line)) {
          const first = docxCell(
            line.cells[0]?.trim() ?? '',
            layout === 'pages' ? { columnSpan: list.width } : {},
          );
          const rest = layout === 'pages' ? [] : line.cells.slice(1).map(() => docxCell(''));
          rows.push(new TableRow({ children: [first, ...rest] }));
          return;
        }
        const run = runs.get(index);
        const cells = line.cells.flatMap((cell, i) => {
          if (i === 2 && mergeLeft > 0) return [];
          if (i === 2 && run !== undefined) return [docxCell(plain(cell), { rowSpan: run })];
          return [docxCell(i === 0 ? cell.trim() : plain(cell))];
        });
        if (run !== undefined) mergeLeft = run;
        if (mergeLeft > 0) mergeLeft -= 1;
        rows.push(new TableRow({ children: cells }));
      });
      children.push(new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }));
      paragraph(''); // Word needs a paragraph between two tables
    }
  }
  const document = new Document({ sections: [{ children }] });
  return { name: `alongshan-${layout}.docx`, bytes: await Packer.toBuffer(document), landed };
}

// ---------- web page ----------

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Saved government pages. `utf8`: UTF-8, every page its own table with the header repeated, a
 * navigation table, scripts and a footer around, each title an <h2>, cells as the published
 * HTML fragments, categories as colspan rows. `gbk`: GBK with a http-equiv charset, one table
 * per list, titles in <p><strong>, cells as text with <br>, department runs as rowspan.
 * `framed`: UTF-8, the whole article laid out inside one table cell, titles in <p> there, so
 * each list table is nested in the layout table.
 */
export function htmlRendering(layout: 'utf8' | 'gbk' | 'framed', lists = seedLists()): Rendering {
  const out: string[] = [];
  const landed = new Map<number, Landed>();
  let tables = 0;
  const push = (html: string) => out.push(html);
  push('<!DOCTYPE html>');
  push('<html lang="zh-CN">');
  push('<head>');
  push(
    layout === 'gbk'
      ? '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
      : '<meta charset="utf-8">',
  );
  push('<title>阿龙山镇履职事项清单_根河市人民政府</title>');
  push('<script>var tpl = "<table><tr><td>序号</td></tr></table>"; document.title += "清单";</script>');
  push('<style>td { border: 1px solid #000 }</style>');
  push('</head>');
  push('<body>');
  push(
    '<div class="nav"><table class="menu"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td></tr></table></div>',
  );
  tables += 1;
  const frame = layout === 'framed' ? (tables += 1) : 0;
  if (frame > 0) push('<table class="layout" width="100%"><tr><td class="article">');
  push('<h1>关于公布阿龙山镇履职事项清单的通知</h1>');
  push('<p>各有关单位：现将清单予以公布。</p>');
  for (const list of lists) {
    const title = titleText(list);
    push(
      layout === 'utf8'
        ? `<h2>${escapeHtml(title)}</h2>`
        : `<p style="text-align:center"><strong>${escapeHtml(title)}</strong></p>`,
    );
    landed.set(
      list.title.n,
      frame > 0
        ? { line: 1, place: `table ${frame}, row 1` }
        : { line: out.length, place: `line ${out.length}` },
    );
    const pages =
      layout === 'utf8'
        ? list.pages
        : [{ header: list.pages[0]?.header ?? list.title, lines: list.pages.flatMap((p) => p.lines) }];
    for (const page of pages) {
      tables += 1;
      let row = 0;
      push('<table border="1" cellspacing="0">');
      push('<thead>');
      row += 1;
      push(`<tr>${page.header.cells.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`);
      push('</thead><tbody>');
      const runs = layout === 'gbk' ? departmentRuns(page.lines, list.width) : new Map<number, number>();
      let mergeLeft = 0;
      page.lines.forEach((line, index) => {
        row += 1;
        landed.set(line.n, { line: row, place: `table ${tables}, row ${row}` });
        if (isCategory(line)) {
          push(`<tr><td colspan="${list.width}"><b>${escapeHtml(line.cells[0]?.trim() ?? '')}</b></td></tr>`);
          return;
        }
        const run = runs.get(index);
        const cells = line.cells.flatMap((cell, i) => {
          if (i === 2 && mergeLeft > 0) return [];
          const content = layout === 'utf8' ? cell : plain(cell).split('\n').map(escapeHtml).join('<br>');
          return [`<td${i === 2 && run !== undefined ? ` rowspan="${run}"` : ''}>${content}</td>`];
        });
        if (run !== undefined) mergeLeft = run;
        if (mergeLeft > 0) mergeLeft -= 1;
        push(`<tr>${cells.join('')}</tr>`);
      });
      push('</tbody></table>');
    }
  }
  if (frame > 0) push('</td></tr></table>');
  push(
    '<div class="footer"><p>版权所有：根河市人民政府 主办单位：根河市人民政府办公室</p><p>备案号：蒙ICP备00000000号</p></div>',
  );
  push('</body></html>');
  const html = out.join('\n') + '\n';
  const bytes = layout === 'gbk' ? iconv.encode(html, 'gbk') : Buffer.from(html);
  return { name: `alongshan-${layout}.${layout === 'gbk' ? 'htm' : 'html'}`, bytes, landed };
}

// ---------- CSV ----------

const csvField = (text: string, always: boolean) =>
  always || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

/**
 * CSV layouts. `utf8-bom`: Excel's "CSV UTF-8" (BOM, CRLF), header repeated per page, cells
 * with line breaks quoted. `gb18030`: WPS's default (GB18030, LF), header once, every field quoted.
 */
export function csvRendering(layout: 'utf8-bom' | 'gb18030', lists = seedLists()): Rendering {
  const records: string[] = [];
  const landed = new Map<number, Landed>();
  const newline = layout === 'utf8-bom' ? '\r\n' : '\n';
  const always = layout === 'gb18030';
  let line = 1;
  const record = (cells: string[]): number => {
    const at = line;
    const text = cells.map((cell) => csvField(cell, always)).join(',');
    records.push(text);
    line += text.split('\n').length;
    return at;
  };
  for (const list of lists) {
    landed.set(list.title.n, { line: record([titleText(list)]) });
    list.pages.forEach((page, index) => {
      if (layout === 'utf8-bom' || index === 0) record(page.header.cells);
      for (const entry of page.lines) {
        const cells = isCategory(entry)
          ? entry.cells.map((c) => c.trim())
          : entry.cells.map((c, i) => (i === 0 ? c : plain(c)));
        landed.set(entry.n, { line: record(cells) });
      }
    });
  }
  const text = records.join(newline) + newline;
  const bytes =
    layout === 'utf8-bom'
      ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
      : iconv.encode(text, 'gb18030');
  return { name: `alongshan-${layout}.csv`, bytes, landed };
}

/** Every layout the golden tests check. */
export async function allRenderings(): Promise<Rendering[]> {
  return [
    await xlsxThreeSheets(),
    await xlsxOneSheet(),
    await docxRendering('pages'),
    await docxRendering('single'),
    htmlRendering('utf8'),
    htmlRendering('gbk'),
    htmlRendering('framed'),
    csvRendering('utf8-bom'),
    csvRendering('gb18030'),
  ];
}
