// GET /api/report.docx on a database of many towns: the report stays a report. Long lists print their
// first REPORT_TABLE_ROWS rows in their order (bureaus with the most penalty items first, kept clauses
// by town) followed by "前 N 条，共 M 条（完整清单见 CSV/XLSX 导出）" with M counted here from the base
// tables; in English the chart tables name categories and departments as the charts do. A report that
// cannot be made in time, or while another is being made, is answered 503 with Retry-After. The
// documents are read back with a real XML parser.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { createApp } from '../../server/app.ts';
import type { AppEnv } from '../../server/context.ts';
import { openDb, type Db } from '../../server/db.ts';
import { createReportRoutes } from '../../server/routes/report.ts';
import { REPORT_TABLE_ROWS } from '../../shared/export/first-rows.ts';
import { createWorkQueue } from '../../server/work-queue.ts';
import { formatNumber } from '../../shared/format.ts';
import { categoryLabel, createTranslator, departmentLabel } from '../../shared/i18n.ts';
import { generateCorpus } from '../bench/generate.ts';
import { readDocx } from '../e2e/docx-files.ts';
import { openReadOnly } from '../support/query.ts';

const TOWNS = 40;
// Reports of 40 towns rendered and rasterised: slow on a busy machine.
const SLOW = 240_000;
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
// jsdom ships no types here; only its XML parser is needed (as tests/e2e/docx-files.ts reads documents).
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } };
};
const XmlParser = new JSDOM('').window.DOMParser;

let db: Db;
let app: ReturnType<typeof createApp>;
let side: Awaited<ReturnType<typeof openReadOnly>>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-report-bounded-'));
  const corpus = generateCorpus({ towns: 400, dir: join(dir, 'raw'), to: TOWNS });
  const dbPath = join(dir, 'duties.duckdb');
  const report = await loadFiles({ dbPath, files: corpus.files });
  if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
  db = await openDb({ path: dbPath, queryTimeoutMs: 30_000 });
  app = createApp({ db, cacheResponses: false });
  side = await openReadOnly(dbPath);
}, SLOW);
afterAll(async () => {
  side?.close();
  await db?.close();
});

/** The document body in order: each paragraph's text, each table's rows of cell texts. */
type Block = { p: string } | { table: string[][] };
async function bodyBlocks(bytes: ArrayBuffer): Promise<Block[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const doc = new XmlParser().parseFromString(xml, 'application/xml');
  const text = (node: Element) =>
    [...node.getElementsByTagNameNS(W, 't')].map((t) => t.textContent ?? '').join('');
  const body = doc.getElementsByTagNameNS(W, 'body')[0];
  return [...(body?.children ?? [])].flatMap((node): Block[] =>
    node.localName === 'p'
      ? [{ p: text(node) }]
      : node.localName === 'tbl'
        ? [
            {
              table: [...node.getElementsByTagNameNS(W, 'tr')].map((tr) =>
                [...tr.getElementsByTagNameNS(W, 'tc')].map(text),
              ),
            },
          ]
        : [],
  );
}

const isTable = (b: Block | undefined): b is { table: string[][] } => b !== undefined && 'table' in b;
const isPara = (b: Block | undefined): b is { p: string } => b !== undefined && 'p' in b;

/** The table under a heading, and the paragraph right after that table. */
function section(blocks: Block[], heading: string) {
  const at = blocks.findIndex((b) => isPara(b) && b.p === heading);
  expect(at, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const table = blocks[at + 1];
  const after = blocks[at + 2];
  if (!isTable(table)) throw new Error(`no table under ${heading}`);
  return { rows: table.table, after: isPara(after) ? after.p : null };
}

async function report(query: string): Promise<Block[]> {
  const res = await app.request(`/api/report.docx?${query}`);
  expect(res.status).toBe(200);
  const bytes = await res.arrayBuffer();
  // Opens as a Word document: the package and its main part parse (readDocx fails on malformed XML).
  const { paragraphs, pngs } = await readDocx(new Uint8Array(bytes));
  expect(paragraphs.length).toBeGreaterThan(0);
  expect(pngs.length).toBeGreaterThanOrEqual(6);
  return bodyBlocks(bytes);
}

/** Rows of the full lists, counted from the base tables (not through the server's queries). */
async function fullCounts() {
  const [counts] = await side.all(
    `SELECT (SELECT count(*) FROM items i JOIN item_departments d ON d.item_id = i.item_id
              WHERE i.kind = 'reclaimed' AND i.is_penalty AND d.role = 'receiving')::INTEGER AS reclaimed,
            (SELECT count(*) FROM penalty_clauses)::INTEGER AS clauses,
            (SELECT count(DISTINCT item_id) FROM penalty_clauses)::INTEGER AS kept_items`,
  );
  // The bureau receiving the most penalty items (ties by name), and how many it receives.
  const [top] = await side.all(
    `SELECT d.department, count(*)::INTEGER AS n FROM items i
       JOIN item_departments d ON d.item_id = i.item_id AND d.role = 'receiving'
     WHERE i.kind = 'reclaimed' AND i.is_penalty
     GROUP BY d.department ORDER BY n DESC, d.department LIMIT 1`,
  );
  // That bureau's first item (by town id, then number): its town, number and name.
  const [firstReclaimed] = await side.all(
    `SELECT t.name AS town, i.seq, i.name AS item FROM items i
       JOIN item_departments d ON d.item_id = i.item_id AND d.role = 'receiving'
       JOIN towns t ON t.town_id = i.town_id
     WHERE i.kind = 'reclaimed' AND i.is_penalty AND d.department = $department
     ORDER BY i.town_id, i.seq, i.item_id LIMIT 1`,
    { department: String(top?.department) },
  );
  // The first town (by id) with kept clauses: its name and its first kept item's name.
  const [firstKept] = await side.all(
    `SELECT t.name AS town, i.name AS item FROM items i JOIN towns t ON t.town_id = i.town_id
     WHERE i.item_id IN (SELECT item_id FROM penalty_clauses)
     ORDER BY i.town_id, i.seq, i.item_id LIMIT 1`,
  );
  return {
    reclaimed: Number(counts?.reclaimed),
    clauses: Number(counts?.clauses),
    keptItems: Number(counts?.kept_items),
    topBureau: String(top?.department),
    topBureauItems: Number(top?.n),
    firstReclaimed: [String(firstReclaimed?.town), String(firstReclaimed?.seq), String(firstReclaimed?.item)],
    firstKeptTown: String(firstKept?.town),
    firstKeptItem: String(firstKept?.item),
  };
}

describe(`GET /api/report.docx on ${TOWNS} generated towns`, () => {
  it(
    'prints the first rows of each long list and says how many there are in all',
    async () => {
      const full = await fullCounts();
      // The lists are long enough to be cut: the test would prove nothing otherwise.
      expect(full.reclaimed).toBeGreaterThan(REPORT_TABLE_ROWS);
      expect(full.clauses).toBeGreaterThan(REPORT_TABLE_ROWS);
      const blocks = await report('lang=zh-CN');
      const n = formatNumber(REPORT_TABLE_ROWS);

      const reclaimed = section(blocks, `上级部门收回的行政处罚事项（${formatNumber(full.reclaimed)} 项）`);
      // Several towns: each row names its town (numbers restart in every town's list).
      expect(reclaimed.rows[0]).toEqual(['部门', '乡镇', '序号', '事项']);
      expect(reclaimed.rows).toHaveLength(1 + REPORT_TABLE_ROWS);
      expect(reclaimed.after).toBe(
        `前 ${n} 条，共 ${formatNumber(full.reclaimed)} 条（完整清单见 CSV/XLSX 导出）`,
      );
      // The bureau with the most penalty items comes first, all its items together.
      const firstRun = reclaimed.rows.slice(1).filter((r) => r[0] === full.topBureau);
      expect(firstRun).toHaveLength(Math.min(full.topBureauItems, REPORT_TABLE_ROWS));
      expect(reclaimed.rows[1]?.[0]).toBe(full.topBureau);
      expect(reclaimed.rows[1]?.slice(1)).toEqual(full.firstReclaimed);
      expect(new Set(reclaimed.rows.slice(1).map((r) => r[1])).size).toBeGreaterThan(1);

      const kept = section(
        blocks,
        `乡镇保留的处罚条款（${formatNumber(full.clauses)} 条，分布在 ${formatNumber(full.keptItems)} 个基本履职事项中）`,
      );
      expect(kept.rows[0]).toEqual(['乡镇', '序号', '类别', '事项', '条款号', '处罚条款']);
      expect(kept.rows).toHaveLength(1 + REPORT_TABLE_ROWS);
      expect(kept.after).toBe(`前 ${n} 条，共 ${formatNumber(full.clauses)} 条（完整清单见 CSV/XLSX 导出）`);
      // By town: the first town's first kept item, named (the names are looked up for the rows printed).
      expect(kept.rows[1]?.[0]).toBe(full.firstKeptTown);
      expect(kept.rows[1]?.[3]).toBe(full.firstKeptItem);
      // Every item written once at the head of its clauses carries its name.
      const heads = kept.rows.slice(1).filter((r) => r[0] !== '');
      expect(heads.length).toBeGreaterThan(1);
      expect(heads.every((r) => r[3] !== '' && r[1] !== '')).toBe(true);
    },
    SLOW,
  );

  it(
    'says it in English, and names categories and departments in the chart tables as the charts do',
    async () => {
      const full = await fullCounts();
      const blocks = await report('lang=en');
      const reclaimed = section(
        blocks,
        `Penalty items reclaimed by departments (${formatNumber(full.reclaimed)})`,
      );
      expect(reclaimed.after).toBe(
        `First ${formatNumber(REPORT_TABLE_ROWS)} of ${formatNumber(full.reclaimed)} rows (the full list: CSV/XLSX export)`,
      );
      const t = createTranslator('en');
      const tables = blocks.filter(isTable).map((b) => b.table);
      // Figure 1: items per category: every category in English.
      const categories = tables.find((rows) => rows[0]?.join('|') === 'Name|Basic|Cooperative|Reclaimed');
      const [, ...categoryRows] = categories ?? [];
      expect(categoryRows.length).toBeGreaterThan(3);
      const [{ category } = { category: '' }] = await side.all(
        `SELECT category FROM items GROUP BY category ORDER BY count(*) DESC LIMIT 1`,
      );
      expect(categoryRows.map((r) => r[0])).toContain(categoryLabel(t, String(category)));
      for (const [name = ''] of categoryRows) expect(name).not.toMatch(/\p{Script=Han}/u);
      // Figure 3: items per department, each department with its English gloss where it has one.
      const departments = tables.find((rows) => rows[0]?.join('|') === 'Name|Cooperative|Reclaimed');
      const names = (departments ?? []).slice(1).map((r) => r[0] ?? '');
      expect(names.length).toBeGreaterThan(3);
      const glossed = names.filter((label) => label.includes(' ('));
      expect(glossed.length).toBeGreaterThan(0);
      for (const label of names) expect(label).toBe(departmentLabel(t, label.replace(/ \(.*\)$/u, '')));
      // The Sankey's links: category and department nodes in words too.
      const flows = tables.find((rows) => rows[0]?.join('|') === 'From|To|Count');
      for (const [from = '', to = ''] of (flows ?? []).slice(1)) {
        expect(from).not.toMatch(/^category:|^department:/u);
        if (to.includes(' (')) expect(to).toBe(departmentLabel(t, to.replace(/ \(.*\)$/u, '')));
      }
      expect((flows ?? []).slice(1).some(([from = '']) => categoryRows.some((r) => r[0] === from))).toBe(
        true,
      );
    },
    SLOW,
  );

  it(
    'prints every row, with no line, when a list is short (one town)',
    async () => {
      const [town] = await side.all(
        `SELECT t.town_id, count(*)::INTEGER AS clauses FROM penalty_clauses p JOIN items i USING (item_id)
           JOIN towns t ON t.town_id = i.town_id GROUP BY t.town_id ORDER BY clauses DESC, t.town_id LIMIT 1`,
      );
      const blocks = await report(`lang=zh-CN&town=${String(town?.town_id)}`);
      const clauses = Number(town?.clauses);
      expect(clauses).toBeGreaterThan(0);
      const kept = blocks.findIndex(
        (b) => isPara(b) && b.p.startsWith(`乡镇保留的处罚条款（${formatNumber(clauses)} 条`),
      );
      const table = blocks[kept + 1];
      expect(isTable(table) && table.table).toHaveLength(1 + clauses);
      expect(blocks.some((b) => isPara(b) && b.p.startsWith('前 '))).toBe(false);
    },
    SLOW,
  );
});

describe('GET /api/report.docx bounded in time and in number', () => {
  /** The report route alone, with its own deadline and queue, on the same database. */
  const reportApp = (options: Parameters<typeof createReportRoutes>[0]) =>
    new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('db', db);
        await next();
      })
      .route('/api/report.docx', createReportRoutes(options));

  it(
    'answers 503 with Retry-After when the report cannot be made in time',
    async () => {
      const res = await reportApp({ deadlineMs: 1 }).request('/api/report.docx?lang=en');
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('query_timeout');
      expect(body.error.message).toContain('could not be made within 1 s');
    },
    SLOW,
  );

  it(
    'makes one report at a time: another asked meanwhile is answered 503 with Retry-After',
    async () => {
      const one = reportApp({ queue: createWorkQueue({ concurrency: 1, maxQueued: 0 }) });
      const answers = await Promise.all([
        one.request('/api/report.docx?lang=en'),
        one.request('/api/report.docx?lang=en&kind=reclaimed'),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 503]);
      const refused = answers.find((r) => r.status === 503)!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('overloaded');
      expect(body.error.message).toMatch(/^Another Word report is being made: try again in \d+ s$/);
      // The slot is free again once the first is done.
      expect((await one.request('/api/report.docx?lang=en&kind=basic')).status).toBe(200);
    },
    SLOW,
  );
});
