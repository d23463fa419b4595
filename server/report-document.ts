// The Word report's document from a plain description of its blocks (headings, paragraphs, tables, chart
// images): the docx objects and the packed file. Kept apart from gathering the report's data
// (server/routes/report.ts) so that it runs on a worker thread of its own (report-document-worker.ts):
// at national scale turning the objects into XML and zipping them held the event loop for 0.7–1.1 s
// per report, and /api/health with it.
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { columnWidths, fitColumns, type Cell, type DataTable } from '../shared/export/data-table.ts';
import { formatNumber } from '../shared/format.ts';

/** One block of the report's body, in order. Plain data: it crosses to the worker thread as it is. */
export type ReportBlock =
  | { type: 'title'; text: string }
  /** Headings stay on the page of what they head (a figure's title with its image). */
  | { type: 'heading'; text: string; level: 1 | 2 }
  | { type: 'paragraph'; text: string }
  /** `groupColumns`: the first columns merged down each run of rows that repeats them. */
  | { type: 'table'; table: DataTable; groupColumns?: number }
  /** A PNG shown `width` × `height` px (it is drawn at twice that); it stays with what follows it. */
  | { type: 'image'; png: Uint8Array; width: number; height: number; title: string };

export interface ReportDocument {
  creator: string;
  title: string;
  blocks: ReportBlock[];
}

const cell = (text: string | number, width: number, header = false, rowSpan = 1) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(rowSpan > 1 ? { rowSpan } : {}),
    children: [
      new Paragraph({
        children: [new TextRun({ text: typeof text === 'number' ? formatNumber(text) : text, bold: header })],
        alignment: typeof text === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
      }),
    ],
  });

/** The text width between A4's one-inch margins, in twips (the unit of a Word table's grid). */
const TEXT_WIDTH_TWIPS = 11906 - 2 * 1440;

/**
 * The tallest a figure is shown, in px (96 to the inch): A4's height between its one-inch margins (930 px)
 * less a heading's lines. A chart of one row per value is as tall as its rows (50 departments at national:
 * ~1,400 px); Word does not shrink an inline image to its page, it cuts it off, so a taller figure is shown
 * smaller, in its own proportions.
 */
export const IMAGE_MAX_HEIGHT_PX = Math.floor(((16838 - 2 * 1440) / 1440) * 96) - 60;

/** The size a figure of `width` × `height` px is shown at: as it is, or scaled down to fit a page. */
export function fitImage(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, IMAGE_MAX_HEIGHT_PX / height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/**
 * A Word table whose columns share the width by how wide their contents are (as the XLSX export sizes
 * them): numbers and short labels stay on one line, names and clauses share the rest. Word fits a table to its contents anyway;
 * LibreOffice and WPS follow the grid, which without widths splits the page evenly.
 */
function wordTable(table: DataTable, { groupColumns = 0 } = {}): Table {
  // A character of the report's 10.5 pt text is about 120 twips wide (columnWidths counts CJK as two);
  // cells have about 240 twips of margins. Short columns keep what they need, up to a fifth of the page.
  const needs = columnWidths(table).map((chars) => chars * 120 + 240);
  const grid = fitColumns(needs, TEXT_WIDTH_TWIPS, TEXT_WIDTH_TWIPS / 5);
  // The first `groupColumns` cells, when a run of rows repeats them (a kept item over its clauses), are
  // one cell merged down the run: the item is written once, not once per clause.
  const key = (r: ReadonlyArray<Cell>) => JSON.stringify(r.slice(0, groupColumns));
  const rows = table.rows.map((r, i) => {
    const starts = groupColumns > 0 && (i === 0 || key(table.rows[i - 1] ?? []) !== key(r));
    let span = 1;
    while (starts && table.rows[i + span] && key(table.rows[i + span] ?? []) === key(r)) span += 1;
    const cells = r.flatMap((v, c) =>
      c >= groupColumns
        ? [cell(v ?? '', grid[c] ?? 0)]
        : starts
          ? [cell(v ?? '', grid[c] ?? 0, false, span)]
          : [],
    );
    return new TableRow({ cantSplit: true, children: cells });
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: grid,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: table.columns.map((c, i) => cell(c.header, grid[i] ?? 0, true)),
      }),
      ...rows,
    ],
  });
}

function docxBlock(block: ReportBlock): Paragraph | Table {
  switch (block.type) {
    case 'title':
      return new Paragraph({ text: block.text, heading: HeadingLevel.TITLE });
    case 'heading':
      return new Paragraph({
        text: block.text,
        heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
        keepNext: true,
        keepLines: true,
      });
    case 'paragraph':
      return new Paragraph({ children: [new TextRun(block.text)] });
    case 'table':
      return wordTable(block.table, { groupColumns: block.groupColumns ?? 0 });
    case 'image':
      return new Paragraph({
        // The image stays with the first rows of its data table.
        keepNext: true,
        children: [
          new ImageRun({
            type: 'png',
            data: block.png,
            transformation: fitImage(block.width, block.height),
            altText: { name: block.title, title: block.title, description: block.title },
          }),
        ],
      });
  }
}

/** The .docx file: the blocks in order, the default font, page numbers in the footer. */
export function packReportDocument({ creator, title, blocks }: ReportDocument): Promise<Buffer> {
  const doc = new Document({
    creator,
    title,
    styles: { default: { document: { run: { font: 'Microsoft YaHei' } } } },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: blocks.map(docxBlock),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
