// GET /api/report.docx: the dashboard's report as a Word document (opens in Word and WPS): title, the
// filters, source and time, the headline figures, every chart as a 2× PNG rendered here from the same
// option builders as the dashboard (SVG by ECharts, PNG by resvg with a CJK font) followed by its data as
// a real Word table, the reclaimed penalty items and the kept penalty clauses as tables, the comparisons
// (changes between editions, divergent duties, conformance; server/report-comparisons.ts), page numbers.
// Bounded whatever the database: long lists print their first REPORT_TABLE_ROWS rows and say how many
// there are (the CSV/XLSX exports hold them all), charts are capped as the dashboard caps them, one
// report is made at a time per serving process (one more waits; beyond that 503 with Retry-After), and
// a report past REPORT_DEADLINE_MS stops and answers 503 with Retry-After rather than holding a slot.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CHART_NAMES, CHART_TITLES, type ChartName } from '../../shared/charts/chart-names.ts';
import {
  captionLines,
  describeDepartmentCap,
  figureCaption,
  type CaptionSource,
} from '../../shared/export/export-caption.ts';
import type { Cell, DataTable } from '../../shared/export/data-table.ts';
import {
  bureausFilling,
  firstRows,
  REPORT_TABLE_ROWS,
  type FirstRows,
} from '../../shared/export/first-rows.ts';
import { keptClausesTable } from '../../shared/export/kept-clauses-table.ts';
import { optionToTable, type OptionTableLabels } from '../../shared/export/option-table.ts';
import { formatNumber, formatShares } from '../../shared/format.ts';
import {
  categoryLabel,
  createTranslator,
  departmentLabel,
  kindLabel,
  supportTypeLabel,
  type Lang,
  type Translate,
} from '../../shared/i18n.ts';
import { KINDS } from '../../shared/vocabulary.ts';
import { chartContent } from '../charts/chart-content.ts';
import { CHARTS } from '../charts/chart-specs.ts';
import { drawChartSvg, releaseChartThread } from '../chart-svg-thread.ts';
import type { AppEnv } from '../context.ts';
import type { Db } from '../db.ts';
import { errorBody, type ErrorCode } from '../errors.ts';
import { filterShape, type Filters } from '../filters/filter-schemas.ts';
import { chartQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { getHealth } from '../queries/health.ts';
import { listKeptPenalties, listPenaltyBureaus } from '../queries/penalties.ts';
import { getSummary } from '../queries/summary.ts';
import { listTowns } from '../queries/towns.ts';
import { reportComparisons } from '../report-comparisons.ts';
import type { ReportBlock } from '../report-document.ts';
import { packOnThread } from '../report-document-thread.ts';
import { createRasteriser } from '../report-png.ts';
import { validQuery } from '../validate.ts';
import { createWorkQueue, OverloadedError, type WorkQueue } from '../work-queue.ts';

/** The filters and the language, as GET /api/charts takes them (without the image size). */
export const reportQuery = z.strictObject({ ...filterShape, lang: chartQuery.shape.lang });

/** Chart width in the document (px at 96 dpi, about 16.5 cm, A4 between the margins); images are 2×. */
const IMAGE_WIDTH = 620;
const SCALE = 2;
/** The report's charts, in the dashboard's order; the town comparison only with two towns or more. */
const REPORT_CHARTS: readonly ChartName[] = CHART_NAMES;
/** PNG size without decoding it: width and height from the IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const plainTable = (headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell>>): DataTable => ({
  name: '',
  columns: headers.map((header) => ({ header })),
  rows: rows.map((r) => [...r]),
});

const heading = (text: string, level: 1 | 2): ReportBlock => ({ type: 'heading', text, level });
const para = (text: string): ReportBlock => ({ type: 'paragraph', text });
const wordTable = (table: DataTable, { groupColumns = 0 } = {}): ReportBlock => ({
  type: 'table',
  table,
  groupColumns,
});

/** What each chart's category axis names: the table writes categories and departments as the chart does. */
const AXIS_VALUES: Record<ChartName, 'category' | 'department' | 'term'> = {
  categories: 'category',
  flows: 'term',
  departments: 'department',
  bureaus: 'department',
  'support-heatmap': 'department',
  'support-types': 'term',
  towns: 'category',
};

function tableLabels(t: Translate, chart: ChartName): OptionTableLabels {
  const category = (v: string) => categoryLabel(t, v);
  const department = (v: string) => departmentLabel(t, v);
  const term = (v: string) => supportTypeLabel(t, v);
  return {
    category: t('export.category'),
    column: t('export.column'),
    count: t('chart.count'),
    from: t('chart.from'),
    to: t('chart.to'),
    town: t('chart.town'),
    kind: (k: string) => kindLabel(t, k),
    term,
    axisValue: { category, department, term }[AXIS_VALUES[chart]],
    categoryName: category,
    departmentName: department,
  };
}

/** A long list as printed: its first rows, then the line saying how many there are in all. */
function printed({ table, note }: FirstRows, options?: { groupColumns?: number }): ReportBlock[] {
  return [wordTable(table, options), ...(note ? [para(note)] : [])];
}

/** How long one report may take once it runs; past it the report stops and answers 503. */
export const REPORT_DEADLINE_MS = 60_000;

/** The report ran past its deadline, or its client went away: it stops at the next step. */
class ReportStopped extends Error {}

/**
 * Between the report's steps: gives the event loop a turn (health and cached answers are served while a
 * report is made) and stops the report once it is past its deadline or nobody waits for it.
 */
function stepper(deadlineMs: number, signal: AbortSignal) {
  const end = performance.now() + deadlineMs;
  return async () => {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal.aborted || performance.now() > end) throw new ReportStopped();
  };
}

/**
 * The reclaimed penalty items as the report lists them, one row per bureau and item: the bureaus with the
 * most items first, each bureau's items by town and number; the first `limit` rows and how many in all.
 */
async function reclaimedPenaltyRows(db: Db, filters: Filters, limit: number) {
  // The first `limit` bureaus' counts (no items; each bureau has one item or more, so they fill the rows
  // printed) and the whole list's length.
  const counts = await listPenaltyBureaus(db, filters, { limit, itemsLimit: 0 });
  const total = counts.itemsTotal;
  // The first bureaus whose items fill the rows printed, and only those bureaus' first items.
  const bureaus = bureausFilling(counts.bureaus, limit);
  const listed =
    bureaus === 0
      ? []
      : (await listPenaltyBureaus(db, filters, { limit: bureaus, itemsLimit: limit })).bureaus;
  const rows = listed.flatMap((b) => b.items.map((i) => ({ ...i, department: b.department })));
  return { rows: rows.slice(0, limit), total };
}

interface ReportOptions {
  /** Rows each long list prints. */
  rows?: number;
  deadlineMs?: number | undefined;
  /** Reports made at once (default one, one more waiting): each holds its document until it is sent. */
  queue?: WorkQueue;
}

/** A 503 the client may retry: the report is busy or could not be made in time. */
function retryLater(c: Context, code: ErrorCode, message: string, retryAfterS: number) {
  c.header('Retry-After', String(retryAfterS));
  c.header('Cache-Control', 'no-store');
  return c.json(errorBody(code, message), 503);
}

export function createReportRoutes({
  rows: limit = REPORT_TABLE_ROWS,
  deadlineMs = REPORT_DEADLINE_MS,
  queue = createWorkQueue({ concurrency: 1, maxQueued: 1 }),
}: ReportOptions = {}) {
  return new Hono<AppEnv>().get('/', validQuery(reportQuery), async (c) => {
    const { lang, ...filters } = c.req.valid('query');
    await assertKnownValues(c.var.db, filters);
    const t = createTranslator(lang);
    const deadlineS = Math.ceil(deadlineMs / 1000);
    try {
      const buffer = await queue.run(
        () =>
          buildReport(c.var.db, filters, lang, {
            limit,
            step: stepper(deadlineMs, c.req.raw.signal),
            signal: c.req.raw.signal,
          }),
        c.req.raw.signal,
      );
      const file = `${t('app.title')}-${new Date().toISOString().slice(0, 10)}.docx`;
      return c.body(new Uint8Array(buffer), 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'Content-Disposition': `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(file)}`,
      });
    } catch (error) {
      if (error instanceof OverloadedError)
        return retryLater(c, 'overloaded', t('report.busy', { s: error.retryAfterS }), error.retryAfterS);
      if (error instanceof ReportStopped)
        return retryLater(c, 'query_timeout', t('report.timeout', { s: deadlineS }), deadlineS);
      throw error;
    }
  });
}

/**
 * The document, made step by step; `step` yields between steps and stops a report past its deadline, and
 * the packing thread stops when nobody waits for the report any more (`signal`).
 */
async function buildReport(
  db: Db,
  filters: Filters,
  lang: Lang,
  { limit, step, signal }: { limit: number; step: () => Promise<void>; signal: AbortSignal },
): Promise<Uint8Array> {
  const t = createTranslator(lang);
  const exportedAt = new Date();
  const [summary, towns, health, reclaimed, kept] = await Promise.all([
    getSummary(db, filters),
    listTowns(db, filters, { limit: 50, offset: 0 }),
    getHealth(db),
    reclaimedPenaltyRows(db, filters, limit),
    // Each kept item has a clause at least: `limit` items hold the first `limit` clauses.
    listKeptPenalties(db, filters, { limit, offset: 0 }),
  ]);
  await step();
  const source: CaptionSource = {
    filters,
    towns: towns.towns,
    source: towns,
    loadedAt: health.loadedAt,
    exportedAt,
    t,
    lang,
  };
  const multiTown = towns.total > 1;

  // Filters, source and times once, here; each figure below has a one-line title and no caption of its own.
  const body: ReportBlock[] = [
    { type: 'title', text: t('report.heading', { title: t('app.title') }) },
    ...captionLines(source).map(para),
    heading(t('report.figures'), 1),
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
  const rasteriser = createRasteriser();
  try {
    for (const name of REPORT_CHARTS) {
      if (name === 'towns' && towns.total < 2) continue;
      await step();
      const spec = CHARTS[name];
      const data = await spec.data(db, filters);
      const { option, departments, height } = chartContent(name, data, t);
      const title = t(CHART_TITLES[name]);
      figureNo += 1;
      body.push(heading(t('report.figure', { n: formatNumber(figureNo), title }), 2));
      if (!option) {
        body.push(para(t('state.empty')));
        continue;
      }
      const cap = describeDepartmentCap(departments, lang);
      const svg = await drawChartSvg({
        name,
        data,
        caption: figureCaption('report', title, source, cap ? [cap] : []),
        width: IMAGE_WIDTH,
        chartHeight: height ?? spec.height,
        lang,
      });
      const png = await rasteriser.png(svg, IMAGE_WIDTH * SCALE);
      const size = pngSize(png);
      body.push({
        type: 'image',
        png,
        width: size.width / SCALE,
        height: size.height / SCALE,
        title,
      });
      // The chart's own rows (capped as the dashboard caps the chart), named as the chart names them.
      const table = optionToTable(option, title, tableLabels(t, name));
      if (table) body.push(wordTable(table));
    }
  } finally {
    await rasteriser.close();
    releaseChartThread();
  }
  await step();

  body.push(
    heading(t('report.reclaimedPenalties', { n: formatNumber(reclaimed.total) }), 1),
    ...(reclaimed.rows.length > 0
      ? printed(
          firstRows(
            // With several towns, each row names its town (numbers restart in every town's list).
            multiTown
              ? plainTable(
                  [t('report.department'), t('filters.town'), t('report.seq'), t('report.item')],
                  reclaimed.rows.map((i) => [departmentLabel(t, i.department), i.townName, i.seq, i.name]),
                )
              : plainTable(
                  [t('report.department'), t('report.seq'), t('report.item')],
                  reclaimed.rows.map((i) => [departmentLabel(t, i.department), i.seq, i.name]),
                ),
            limit,
            t,
            reclaimed.total,
          ),
        )
      : [para(t('report.none'))]),
  );
  await step();
  const keptRows = keptClausesTable(kept.kept, t, { name: t('enforcement.keptExport'), withTown: multiTown });
  body.push(
    heading(
      t('report.keptClauses', {
        clauses: formatNumber(summary.penalties.keptClauses),
        items: formatNumber(summary.penalties.keptItems),
      }),
      1,
    ),
    ...(kept.kept.length > 0
      ? printed(
          firstRows(keptRows, limit, t, summary.penalties.keptClauses),
          // Town, number, category and item once per item, merged down its clauses.
          { groupColumns: multiTown ? 4 : 3 },
        )
      : [
          para(
            (filters.department?.length ?? 0) > 0 || (filters.departmentType?.length ?? 0) > 0
              ? t('enforcement.keptNoDepartment')
              : t('report.none'),
          ),
        ]),
  );

  // Changes between editions, divergent duties and conformance to a template, where there are any.
  await step();
  for (const section of await reportComparisons(db, filters, t, limit)) {
    body.push(heading(section.heading, 1));
    for (const { title, table, total } of section.tables) {
      if (title !== section.heading) body.push(heading(title, 2));
      body.push(...printed(firstRows(table, limit, t, total)));
    }
  }
  await step();

  const document = {
    creator: t('app.title'),
    title: t('report.heading', { title: t('app.title') }),
    blocks: body,
  };
  return packOnThread(document, signal).catch((error: unknown) => {
    throw signal.aborted ? new ReportStopped() : error;
  });
}
