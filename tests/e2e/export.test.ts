// Browser tests of the exports (issue 5) against the real server and the real seed: each export button of
// the departments chart, the items table and the kept penalty clauses is clicked, the downloaded file is opened and checked (PNG
// size and ink, SVG as XML with its Chinese title and caption, CSV bytes, XLSX read back with ExcelJS),
// the ZIP of a view is listed, and the export menu is driven by keyboard.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { csvLines, download, parseSvg, pngInk, pngSize, readXlsx, readZip } from './export-files.ts';
import { ROOT, useDashboard } from './harness.ts';

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const BUREAU = '根河市城市管理综合执法局';

const dashboard = useDashboard(buildSeedDb);

async function open(path: string): Promise<Page & { errors: string[] }> {
  const context = await dashboard.browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  await page.goto(`${dashboard.server.url}${path}`);
  return page;
}

async function waitForChart(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"][data-ready="true"] .echarts-for-react`);
    const chart = el && window.__dutyMapChart?.(el);
    return Boolean(chart && (chart.getOption()?.series as unknown[] | undefined)?.length);
  }, testId);
}

/** Opens the export menu of a card and clicks one format, returning the download. */
async function exportAs(page: Page, id: string, format: string) {
  await page.getByTestId(`export-${id}`).click();
  return download(page, () => page.getByTestId(`export-${id}-${format}`).click());
}

describe('chart exports (departments chart, kind=reclaimed)', () => {
  const path = `/?view=departments&kind=reclaimed`;

  it('downloads a captioned SVG and a 2× PNG of the same figure, with a white background', async () => {
    const page = await open(path);
    await waitForChart(page, 'chart-departments');

    const svgFile = await exportAs(page, 'departments', 'svg');
    expect(svgFile.name).toMatch(/^各部门事项数（按清单）-\d{8}-\d{4}\.svg$/);
    const svg = parseSvg(svgFile.bytes).documentElement;
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    expect(width).toBe(960);
    // The chart's own 640 px plus the caption: nothing cut off.
    expect(height).toBeGreaterThan(640 + 80);
    const texts = [...svg.getElementsByTagName('text')].map((t) => t.textContent ?? '');
    expect(texts[0]).toBe('各部门事项数（按清单）');
    expect(texts).toContain('当前筛选：清单：上级收回');
    expect(texts.some((t) => t.startsWith('数据来源：内蒙古自治区呼伦贝尔市根河市阿龙山镇'))).toBe(true);
    expect(texts.some((t) => /^数据载入：\d{4}-\d\d-\d\d \d\d:\d\d 北京时间；导出：/.test(t))).toBe(true);
    // The 13 receiving departments' bars: 14 items at 农牧水利科技局, 11 at 城市管理综合执法局.
    expect(texts).toContain('14');
    expect(texts).toContain('11');
    expect(svg.getAttribute('font-family')).toContain('WenQuanYi Micro Hei');

    const pngFile = await exportAs(page, 'departments', 'png');
    expect(pngFile.name).toMatch(/\.png$/);
    expect(pngSize(pngFile.bytes)).toEqual({ width: 2 * width, height: 2 * height });
    const ink = await pngInk(page, pngFile.bytes);
    expect(ink.minAlpha).toBe(255); // opaque white background, not transparent
    expect(ink.nonWhite).toBeGreaterThan(50_000);
    expect(ink.colours).toBeGreaterThan(50);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  // The chart keeps every department under its own legend's kind filter (the reclaimed bars highlighted,
  // the cooperative ones dimmed), so its data holds all 24 departments: the 13 that took items back and
  // those with cooperative items only.
  it('downloads the data as CSV (BOM, Chinese headers, all 24 departments) and XLSX', async () => {
    const page = await open(path);
    await waitForChart(page, 'chart-departments');
    const csv = csvLines((await exportAs(page, 'departments', 'csv')).bytes);
    expect(csv.bom).toBe(true);
    expect(csv.lines[0]).toBe('部门,部门类型,配合履职,上级收回,合计');
    expect(csv.lines).toHaveLength(1 + 24);
    expect(csv.lines).toContain('根河市农牧水利科技局,政府部门,3,14,17');
    expect(csv.lines).toContain(`${BUREAU},政府部门,2,11,13`);
    expect(csv.lines.slice(1).filter((l) => Number(l.split(',')[3]) > 0)).toHaveLength(13);

    const workbook = await readXlsx((await exportAs(page, 'departments', 'xlsx')).bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['说明', '各部门事项数（按清单）']);
    expect(workbook.getWorksheet('说明')?.getCell('A2').value).toBe('当前筛选：清单：上级收回');
    const sheet = workbook.getWorksheet('各部门事项数（按清单）');
    expect(sheet?.getRow(1).values).toEqual([undefined, '部门', '部门类型', '配合履职', '上级收回', '合计']);
    expect(sheet?.rowCount).toBe(25);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const reclaimed = Array.from({ length: 24 }, (_, i) => Number(sheet?.getRow(i + 2).getCell(4).value));
    expect(reclaimed.reduce((a, b) => a + b, 0)).toBe(64);
    await page.close();
  });
});

describe('items table exports', () => {
  it(`exports every filtered item, not just the visible page (department=${BUREAU}: 2 + 11)`, async () => {
    const page = await open(`/?view=items&department=${encodeURIComponent(BUREAU)}`);
    await expect.poll(() => page.getByTestId('items-total').getAttribute('data-total')).toBe('13');

    const csv = csvLines((await exportAs(page, 'items', 'csv')).bytes);
    expect(csv.bom).toBe(true);
    expect(csv.lines[0]).toBe('乡镇,清单,序号,类别,事项名称,部门,保障,处罚,来源文件,行,事项编号');
    const rows = csv.lines.slice(1);
    expect(rows).toHaveLength(13);
    expect(rows.filter((r) => r.split(',')[1] === '配合履职')).toHaveLength(2);
    expect(rows.filter((r) => r.split(',')[1] === '上级收回')).toHaveLength(11);

    const workbook = await readXlsx((await exportAs(page, 'items', 'xlsx')).bytes);
    const sheet = workbook.getWorksheet('事项');
    expect(sheet?.rowCount).toBe(14);
    expect(sheet?.getRow(1).getCell(5).value).toBe('事项名称');
    expect(workbook.getWorksheet('说明')?.getCell('A2').value).toBe(`当前筛选：部门：${BUREAU}`);
    await page.close();
  });

  it('exports all 181 items without filters although the page shows 20', async () => {
    const page = await open('/?view=items');
    await expect.poll(() => page.getByTestId('items-total').getAttribute('data-total')).toBe('181');
    expect(await page.getByTestId('items-table').locator('tbody tr').count()).toBe(20);
    const csv = csvLines((await exportAs(page, 'items', 'csv')).bytes);
    // Item names contain no line breaks, so one line per item.
    expect(csv.lines).toHaveLength(1 + 181);
    await page.close();
  });
});

describe('export all', () => {
  it('zips PNG + SVG + CSV of every chart of the overview, plus one workbook', async () => {
    const page = await open('/');
    await waitForChart(page, 'chart-flows');
    await waitForChart(page, 'chart-categories');
    const file = await download(page, () => page.getByTestId('export-all').click());
    expect(file.name).toMatch(/^乡镇履职事项清单-概览-\d{8}-\d{4}\.zip$/);
    const zip = await readZip(file.bytes);
    const names = Object.keys(zip.files).sort();
    for (const title of ['事项流向：类别_→_清单_→_承接部门', '各类别事项数（按清单）']) {
      for (const ext of ['png', 'svg', 'csv']) {
        expect(
          names.some((n) => n.startsWith(title) && n.endsWith(`.${ext}`)),
          `${title}.${ext}`,
        ).toBe(true);
      }
    }
    expect(names.filter((n) => n.endsWith('.xlsx'))).toHaveLength(1);
    const png = await zip.file(names.find((n) => n.endsWith('.png')) ?? '')?.async('nodebuffer');
    expect(png && pngSize(png).width).toBe(1920);
    const categoriesCsv = names.find((n) => n.startsWith('各类别') && n.endsWith('.csv')) ?? '';
    const lines = csvLines((await zip.file(categoriesCsv)?.async('nodebuffer')) ?? Buffer.alloc(0)).lines;
    expect(lines[0]).toBe('类别,基本履职,配合履职,上级收回');
    expect(lines).toContain('生态环保,7,18,25');
    await page.close();
  });
});

describe('support view exports', () => {
  it('writes the heatmap as department, support type, count rows matching GET /api/support', async () => {
    const page = await open('/?view=support');
    await waitForChart(page, 'chart-support-heatmap');
    const csv = csvLines((await exportAs(page, 'support-heatmap', 'csv')).bytes);
    expect(csv.lines[0]).toBe('部门,保障,数量');
    const api = (await (await fetch(`${dashboard.server.url}/api/support`)).json()) as {
      cells: Array<{ department: string; supportType: string; items: number }>;
      types: Array<{ supportType: string; items: number }>;
    };
    const nonZero = csv.lines.slice(1).filter((l) => Number(l.split(',')[2]) > 0);
    expect(nonZero).toHaveLength(api.cells.filter((c) => c.items > 0).length);
    const policy = api.types.find((x) => x.supportType === 'policy')?.items;
    const types = csvLines((await exportAs(page, 'support-types', 'csv')).bytes);
    expect(types.lines[0]).toBe('保障,事项数');
    expect(types.lines).toContain(`政策解读,${policy}`);
    await page.close();
  });
});

describe('charts shown as tables', () => {
  it('still export their data, but no image of a chart that is not drawn', async () => {
    const page = await open('/?view=departments&table=departments&kind=reclaimed');
    await page.getByTestId('table-departments').waitFor();
    await page.getByTestId('export-departments').click();
    expect(await page.getByTestId('export-departments-png').isDisabled()).toBe(true);
    expect(await page.getByTestId('export-departments-svg').isDisabled()).toBe(true);
    const csv = csvLines(
      (await download(page, () => page.getByTestId('export-departments-csv').click())).bytes,
    );
    expect(csv.lines).toHaveLength(1 + 24);
    await page.close();
  });
});

describe('export menu', () => {
  it('is reachable and usable by keyboard, labelled in both languages', async () => {
    const page = await open('/?view=departments');
    await waitForChart(page, 'chart-departments');
    const toggle = page.getByTestId('export-departments');
    expect(await toggle.getAttribute('aria-label')).toBe('导出“各部门事项数（按清单）”');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // The first format has focus; the menu lists all four.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'export-departments-png',
    );
    const options = page.locator('.export-popover .export-option');
    expect(await options.allTextContents()).toEqual([
      'PNG 图片（2 倍清晰度）',
      'SVG 矢量图',
      'CSV 数据（Excel/WPS 可直接打开）',
      'Excel 表格（.xlsx）',
    ]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'export-menu-zh-CN.png') });
    // Arrow keys move between the formats, wrapping at both ends; End and Home jump.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('export-departments-svg');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('export-departments-xlsx');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('export-departments-png');
    await page.keyboard.press('End');
    expect(await focused()).toBe('export-departments-xlsx');
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'export-departments',
    );
    // Keyboard-only download: Tab to the SVG option and press Enter.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const svg = await download(page, () => page.keyboard.press('Enter'));
    expect(svg.name).toMatch(/\.svg$/);

    await page.goto(`${dashboard.server.url}/?view=departments&lang=en`);
    await waitForChart(page, 'chart-departments');
    expect(await page.getByTestId('export-departments').getAttribute('aria-label')).toBe(
      'Export "Items per department, by list"',
    );
    await page.getByTestId('export-departments').click();
    expect(await page.locator('.export-popover .export-option').first().textContent()).toBe(
      'PNG image (2× resolution)',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'export-menu-en.png') });
    await page.close();
  });
});

describe('执法: the kept penalty clauses export (CSV and XLSX)', () => {
  // Seed: 30 clauses kept in six basic items (number: clauses).
  const PER_ITEM = { 52: 6, 53: 5, 54: 7, 55: 2, 59: 3, 60: 7 };
  const HEADER = ['乡镇', '序号', '类别', '事项', '条款号', '处罚条款'];

  /** Rows of a CSV file read by ExcelJS's CSV reader (a real RFC 4180 parser), every cell as text. */
  async function readCsv(bytes: Buffer): Promise<string[][]> {
    const workbook = new ExcelJS.Workbook();
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const sheet = await workbook.csv.read(Readable.from([text.slice(1)]), { map: (v: unknown) => v });
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  }

  const perItem = (rows: ReadonlyArray<ReadonlyArray<unknown>>) => {
    const counts: Record<string, number> = {};
    for (const row of rows) counts[String(row[1])] = (counts[String(row[1])] ?? 0) + 1;
    return counts;
  };

  it('writes every kept clause, one row each under its item, read back by real parsers', async () => {
    const page = await open('/?view=enforcement');
    await page.getByTestId('kept-clauses').locator('details').first().waitFor();
    // The whole list is shown: no "first N" note.
    await expect
      .poll(() => page.getByTestId('kept-summary').textContent())
      .toBe('30 条处罚条款，分布在 6 个基本履职事项中');

    const csvFile = await exportAs(page, 'kept-clauses', 'csv');
    expect(csvFile.name).toMatch(/^乡镇保留的处罚条款-\d{8}-\d{4}\.csv$/);
    const [header, ...rows] = await readCsv(csvFile.bytes);
    expect(header).toEqual(HEADER);
    expect(rows).toHaveLength(30);
    expect(perItem(rows)).toEqual(PER_ITEM);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['阿龙山镇']));
    // Item 55's first clause has an ASCII comma inside: quoted in the file, whole when read back.
    const clause55 = rows.filter((r) => r[1] === '55');
    expect(clause55.map((r) => r[4])).toEqual(['1', '2']);
    expect(clause55[0]?.[5]).toContain('销售者,使用者未按照规定及时回收肥料');
    expect(rows.every((r) => r[3] !== '' && r[5] !== '')).toBe(true);

    const xlsxFile = await exportAs(page, 'kept-clauses', 'xlsx');
    expect(xlsxFile.name).toMatch(/^乡镇保留的处罚条款-\d{8}-\d{4}\.xlsx$/);
    const workbook = await readXlsx(xlsxFile.bytes);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['说明', '乡镇保留的处罚条款']);
    const about = workbook.getWorksheet('说明');
    expect(about?.getCell('A1').value).toBe('乡镇保留的处罚条款');
    expect(about?.getCell('A2').value).toBe('当前筛选：未筛选（全部事项）');
    const sheet = workbook.getWorksheet('乡镇保留的处罚条款');
    const cells: unknown[][] = [];
    sheet?.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    expect(cells[0]).toEqual(HEADER);
    expect(cells).toHaveLength(1 + 30);
    // Numbers stay numbers in the workbook; the rows match the CSV's cell for cell.
    expect(cells.slice(1).every((r) => typeof r[1] === 'number' && typeof r[4] === 'number')).toBe(true);
    expect(perItem(cells.slice(1))).toEqual(perItem(rows));
    expect(cells.slice(1).map((r) => r.map(String))).toEqual(rows);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('has nothing to export under a bureau filter, and says why', async () => {
    const page = await open(`/?view=enforcement&department=${encodeURIComponent(BUREAU)}`);
    await page.getByTestId('kept-department-note').waitFor();
    await page.getByTestId('export-kept-clauses').click();
    expect(await page.getByTestId('export-kept-clauses-csv').isDisabled()).toBe(true);
    expect(await page.getByTestId('export-kept-clauses-xlsx').isDisabled()).toBe(true);
    await page.close();
  });
});
