// GET /api/report.docx: the dashboard's report as a Word document (opens in Word and WPS): title, the
// filters, source and time, the headline figures, every chart as a 2× PNG rendered here from the same
// option builders as the dashboard (SVG by ECharts, PNG by resvg with a CJK font) followed by its data as
// a real Word table, the reclaimed penalty items and the kept penalty clauses as tables, the comparisons
// (changes between editions, divergent duties, conformance; server/report-comparisons.ts), page numbers.
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';
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
import { Hono } from 'hono';
import { z } from 'zod';
import { CHART_NAMES, CHART_TITLES, type ChartName } from '../../shared/charts/chart-names.ts';
import {
  captionLines,
  describeDepartmentCap,
  figureCaption,
  type CaptionSource,
} from '../../shared/export/export-caption.ts';
import { columnWidths, fitColumns, type Cell, type DataTable } from '../../shared/export/data-table.ts';
import { keptClausesTable } from '../../shared/export/kept-clauses-table.ts';
import { optionToTable } from '../../shared/export/option-table.ts';
import { formatNumber, formatShares } from '../../shared/format.ts';
import {
  createTranslator,
  departmentLabel,
  kindLabel,
  supportTypeLabel,
  type Translate,
} from '../../shared/i18n.ts';
import { KINDS } from '../../shared/vocabulary.ts';
import { CHARTS, type ChartSpec } from '../charts/chart-specs.ts';
import type { AppEnv } from '../context.ts';
import { filterShape } from '../filters/filter-schemas.ts';
import { chartQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { getHealth } from '../queries/health.ts';
import { listItemPage } from '../queries/items.ts';
import { listKeptPenalties, listPenaltyBureaus } from '../queries/penalties.ts';
import { getSummary } from '../queries/summary.ts';
import { listTowns } from '../queries/towns.ts';
import { reportComparisons } from '../report-comparisons.ts';
import { validQuery } from '../validate.ts';

/** The filters and the language, as GET /api/charts takes them (without the image size). */
export const reportQuery = z.strictObject({ ...filterShape, lang: chartQuery.shape.lang });

/** Chart width in the document (px at 96 dpi, about 16.5 cm, A4 between the margins); images are 2×. */
const IMAGE_WIDTH = 620;
const SCALE = 2;
/** The report's charts, in the dashboard's order; the town comparison only with two towns or more. */
const REPORT_CHARTS: readonly ChartName[] = CHART_NAMES;
/**
 * Fonts resvg draws the Chinese labels with: the first that exists. Noto Sans SC ships in an npm
 * dependency, so the report looks the same on every machine, a fresh one without system fonts included;
 * Debian's CJK fonts are the fallback for an install that pruned it.
 */
const require = createRequire(import.meta.url);
function npmFont(): string | undefined {
  try {
    const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    return path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf');
  } catch {
    return undefined;
  }
}
const CJK_FONTS: ReadonlyArray<{ file: string | undefined; family: string }> = [
  { file: npmFont(), family: 'Noto Sans SC' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
];

async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const font = CJK_FONTS.find((f) => f.file !== undefined && existsSync(f.file));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: IMAGE_WIDTH * SCALE },
    background: '#ffffff',
    font: {
      fontFiles: font?.file ? [font.file] : [],
      loadSystemFonts: font === undefined,
      defaultFontFamily: font?.family ?? 'sans-serif',
    },
  });
  return Buffer.from(resvg.render().asPng());
}

/** PNG size without decoding it: width and height from the IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
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

const plainTable = (headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell>>): DataTable => ({
  name: '',
  columns: headers.map((header) => ({ header })),
  rows: rows.map((r) => [...r]),
});

// Headings stay on the page of what they head (a figure's title with its image).
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level, keepNext: true, keepLines: true });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });

function tableLabels(t: Translate) {
  return {
    category: t('export.category'),
    column: t('export.column'),
    count: t('chart.count'),
    from: t('chart.from'),
    to: t('chart.to'),
    town: t('chart.town'),
    kind: (k: string) => kindLabel(t, k),
    term: (v: string) => supportTypeLabel(t, v),
  };
}

export const reportRoutes = new Hono<AppEnv>().get('/', validQuery(reportQuery), async (c) => {
  const { lang, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const db = c.var.db;
  const t = createTranslator(lang);
  const exportedAt = new Date();
  const [summary, towns, health, bureaus, kept, basicItems] = await Promise.all([
    getSummary(db, filters),
    listTowns(db, filters, { limit: 50, offset: 0 }),
    getHealth(db),
    listPenaltyBureaus(db, filters, { limit: 5000, itemsLimit: 1000 }),
    listKeptPenalties(db, filters, { limit: 5000, offset: 0 }),
    listItemPage(db, { ...filters, kind: ['basic'] }, { limit: 1000, offset: 0, sort: 'seq', order: 'asc' }),
  ]);
  const names = new Map(basicItems.items.map((i) => [i.itemId, i]));
  const { renderChartSvg } = await import('../charts/render-chart-svg.ts');
  const source: CaptionSource = {
    filters,
    towns: towns.towns,
    source: towns,
    loadedAt: health.loadedAt,
    exportedAt,
    t,
    lang,
  };

  // Filters, source and times once, here; each figure below has a one-line title and no caption of its own.
  const body: Array<Paragraph | Table> = [
    new Paragraph({ text: t('report.heading', { title: t('app.title') }), heading: HeadingLevel.TITLE }),
    ...captionLines(source).map(para),
    heading(t('report.figures'), HeadingLevel.HEADING_1),
  ];
  const shares = formatShares(
    KINDS.map((k) => summary.items[k]),
    summary.items.total,
  );
  body.push(
    wordTable(
      plainTable(
        [t('report.metric'), t('report.value'), t('report.note')],
        [
          [t('overview.total'), summary.items.total, ''],
          ...KINDS.map((k, i) => [kindLabel(t, k), summary.items[k], shares[i] ?? ''] as const),
          [t('overview.penaltiesReclaimed'), summary.penalties.reclaimedItems, ''],
          [
            t('overview.penaltiesKept'),
            summary.penalties.keptClauses,
            t('overview.penaltiesKeptItems', { n: formatNumber(summary.penalties.keptItems) }),
          ],
          [t('overview.departments'), summary.departments, ''],
        ],
      ),
    ),
  );

  let figureNo = 0;
  for (const name of REPORT_CHARTS) {
    if (name === 'towns' && towns.total < 2) continue;
    const spec: ChartSpec = CHARTS[name];
    const { option, departments, height } = await spec.option(db, filters, t);
    const title = t(CHART_TITLES[name]);
    figureNo += 1;
    body.push(heading(t('report.figure', { n: formatNumber(figureNo), title }), HeadingLevel.HEADING_2));
    if (!option) {
      body.push(para(t('state.empty')));
      continue;
    }
    const cap = describeDepartmentCap(departments, lang);
    const svg = renderChartSvg({
      option,
      caption: figureCaption('report', title, source, cap ? [cap] : []),
      width: IMAGE_WIDTH,
      chartHeight: height ?? spec.height,
      lang,
    });
    const png = await svgToPng(svg);
    const size = pngSize(png);
    body.push(
      new Paragraph({
        // The image stays with the first rows of its data table.
        keepNext: true,
        children: [
          new ImageRun({
            type: 'png',
            data: png,
            transformation: { width: size.width / SCALE, height: size.height / SCALE },
            altText: { name: title, title, description: title },
          }),
        ],
      }),
    );
    const table = optionToTable(option, title, tableLabels(t));
    if (table) body.push(wordTable(table));
  }

  const reclaimed = bureaus.bureaus.flatMap((b) => b.items.map((i) => ({ ...i, department: b.department })));
  body.push(
    heading(t('report.reclaimedPenalties', { n: formatNumber(reclaimed.length) }), HeadingLevel.HEADING_1),
    reclaimed.length > 0
      ? wordTable(
          plainTable(
            [t('report.department'), t('report.seq'), t('report.item')],
            reclaimed.map((i) => [departmentLabel(t, i.department), i.seq, i.name]),
          ),
        )
      : para(t('report.none')),
  );
  const clauses = kept.kept.reduce((s, k) => s + k.clauses.length, 0);
  body.push(
    heading(
      t('report.keptClauses', { clauses: formatNumber(clauses), items: formatNumber(kept.kept.length) }),
      HeadingLevel.HEADING_1,
    ),
    kept.kept.length > 0
      ? wordTable(
          keptClausesTable(kept.kept, names, t, {
            name: t('enforcement.keptExport'),
            withTown: towns.total > 1,
          }),
          // Town, number, category and item once per item, merged down its clauses.
          { groupColumns: towns.total > 1 ? 4 : 3 },
        )
      : para(
          (filters.department?.length ?? 0) > 0 || (filters.departmentType?.length ?? 0) > 0
            ? t('enforcement.keptNoDepartment')
            : t('report.none'),
        ),
  );

  // Changes between editions, divergent duties and conformance to a template, where there are any.
  for (const section of await reportComparisons(db, filters, t)) {
    body.push(heading(section.heading, HeadingLevel.HEADING_1));
    for (const { title, table } of section.tables) {
      if (title !== section.heading) body.push(heading(title, HeadingLevel.HEADING_2));
      body.push(wordTable(table));
    }
  }

  const doc = new Document({
    creator: t('app.title'),
    title: t('report.heading', { title: t('app.title') }),
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
        children: body,
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  const file = `${t('app.title')}-${exportedAt.toISOString().slice(0, 10)}.docx`;
  return c.body(new Uint8Array(buffer), 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'Content-Disposition': `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(file)}`,
  });
});
