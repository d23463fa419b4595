// The comparison views in Chromium on a real database built by the real ETL from seed-derived files
// (tests/support/comparison-db.ts): 阿龙山镇 in 2025年版 and 2026年版 with the known changes of
// tests/support/second-edition.ts, 金河镇 holding the moved lists, 满归镇 the seed's, and the template
// 示范目录. Changes (counts, burden back, Sankey, marked differences, links to both items), divergence
// (sort, towns per list, drill), conformance (per town, drill), exports read back by exceljs and an
// RFC 4180 CSV reader, and no sideways scrolling at phone, tablet and desktop widths in both languages.
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../etl/read-csv.ts';
import { buildComparisonDb } from '../support/comparison-db.ts';
import { readDocx } from './docx-files.ts';
import { download, readXlsx } from './export-files.ts';
import { useDashboard } from './harness.ts';
import { openPage, SCREEN_WIDTHS, sidewaysOverflow, waitForChart, type TestPage } from './page-helpers.ts';

const dashboard = useDashboard(buildComparisonDb);

async function exportAs(page: TestPage, id: string, format: 'csv' | 'xlsx') {
  await page.getByTestId(`export-${id}`).click();
  return download(page, () => page.getByTestId(`export-${id}-${format}`).click());
}

const csvCells = (bytes: Buffer) => readCsvRows(bytes.toString('utf8'), 'export.csv').map((row) => row.cells);

describe('变化 (changes) view', () => {
  it('compares 阿龙山镇 2025年版 → 2026年版 by default: burden back first, every class counted', async () => {
    const page = await openPage(dashboard, '/?view=changes');
    const counts = page.getByTestId('changes-counts');
    await counts.getByTestId('changes-count-unchanged').waitFor();
    expect(await counts.locator('.card-title').textContent()).toBe('阿龙山镇：2025年版 → 2026年版 的变化');
    const figure = async (id: string) =>
      (await counts.getByTestId(id).locator('.figure-value').textContent())?.trim();
    expect(await figure('changes-burden-back')).toBe('6');
    expect(
      await Promise.all(
        ['moved', 'reworded', 'added', 'removed', 'unchanged'].map((c) => figure(`changes-count-${c}`)),
      ),
    ).toEqual(['12', '5', '3', '3', '161']);
    // The burden-back figure comes first, and its list names the six moves towards the town.
    const first = await counts.locator('.figure').first().getAttribute('data-testid');
    expect(first).toBe('changes-burden-back');
    expect(await page.getByTestId('changes-burden-list').locator('li').count()).toBe(6);
    // The picker lists the three towns, 阿龙山镇 (two editions) first.
    expect(await page.getByTestId('changes-town').locator('option').allTextContents()).toEqual([
      '阿龙山镇（2 个版本）',
      '满归镇（1 个版本）',
      '金河镇（1 个版本）',
    ]);
    expect(await page.getByTestId('changes-from').inputValue()).toBe('2025年版');
    expect(await page.getByTestId('changes-to').inputValue()).toBe('2026年版');

    await waitForChart(page, 'chart-changes-sankey');
    const table = page.getByTestId('changes-table');
    expect(await table.locator('tbody tr').count()).toBe(23);
    // The rewording "…工作" of basic 8: the added characters are marked on the new side only.
    const reworded = table.locator('tbody tr', { has: page.locator('mark.diff-added', { hasText: '工作' }) });
    expect(await reworded.count()).toBeGreaterThanOrEqual(1);
    expect(await reworded.first().locator('mark.diff-removed').count()).toBe(0);
    // Burden-back rows come first and carry the tag.
    expect(await table.locator('tbody tr').first().locator('.tag-burden').count()).toBe(1);
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('opens the older edition’s item with its edition and source line, and the newer one as latest', async () => {
    const page = await openPage(dashboard, '/?view=changes');
    const row = page.getByTestId('changes-table').locator('tbody tr').first();
    await row.waitFor();
    const source = await row.locator('.source-line').first().textContent();
    expect(source).toMatch(/^alongshan-2025\.txt 第 \d+ 行$/);
    await row.getByTestId('change-from-link').click();
    const detail = page.getByTestId('item-detail');
    await detail.getByTestId('item-older-edition').waitFor();
    expect(await detail.getByTestId('item-edition').textContent()).toBe('版本：2025年版');
    expect(await detail.getByTestId('item-source').textContent()).toBe(`来源：${source}`);
    expect(new URL(page.url()).searchParams.get('itemEdition')).toBe('2025年版');
    await page.goBack();
    await page.getByTestId('changes-table').locator('tbody tr').first().getByTestId('change-to-link').click();
    await detail.getByTestId('item-edition').waitFor();
    expect(await detail.getByTestId('item-edition').textContent()).toBe('版本：2026年版（最新）');
    expect(await detail.getByTestId('item-older-edition').count()).toBe(0);
    expect(await detail.getByTestId('item-source').textContent()).toMatch(
      /^来源：alongshan-next\.txt 第 \d+ 行$/,
    );
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('says so when the town picked holds one edition', async () => {
    const page = await openPage(dashboard, '/?view=changes&lang=en');
    await page.getByTestId('changes-town').waitFor();
    await page.getByTestId('changes-town').selectOption({ label: '满归镇 (1 editions)' });
    const notice = page.getByTestId('changes-only-one');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('满归镇 has one edition loaded (2025年版)');
    expect(await page.getByTestId('changes-table').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('exports the changes as CSV and XLSX with both texts and source lines', async () => {
    const page = await openPage(dashboard, '/?view=changes');
    await page.getByTestId('changes-table').locator('tbody tr').first().waitFor();
    const rows = csvCells((await exportAs(page, 'changes-table', 'csv')).bytes);
    expect(rows[0]).toEqual([
      '变化',
      '负担回流',
      '原清单',
      '新清单',
      '原文',
      '新文',
      '相似度',
      '原出处',
      '新出处',
    ]);
    expect(rows).toHaveLength(1 + 23);
    expect(rows.filter((r) => r[1] === '是')).toHaveLength(6);
    expect(rows.filter((r) => r[0] === '调整清单')).toHaveLength(12);
    expect(rows.filter((r) => r[0] === '新增').every((r) => r[4] === '' && r[5] !== '')).toBe(true);
    expect(rows[1]?.[7]).toMatch(/^alongshan-2025\.txt:\d+$/);
    const workbook = await readXlsx((await exportAs(page, 'changes-table', 'xlsx')).bytes);
    const sheet = workbook.worksheets.find((w) => w.name === '变化明细')!;
    expect(sheet.rowCount).toBe(1 + 23);
    expect(sheet.getRow(2).getCell(1).value).toBe('调整清单');
    expect(typeof sheet.getRow(2).getCell(7).value).toBe('number');
    await page.close();
  }, 60_000);
});

describe('差异 (divergence) view', () => {
  it('lists the 12 duties 满归镇 holds in other lists than 阿龙山镇 and 金河镇, with the towns on each side', async () => {
    const page = await openPage(dashboard, '/?view=divergence');
    const table = page.getByTestId('divergence-table');
    await table.locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('divergence-total').textContent()).toBe('共 12 项');
    expect(await table.locator('tbody tr').count()).toBe(12);
    const holders = await table.locator('tbody tr').first().locator('.holders li').allTextContents();
    expect(holders.some((h) => h.includes('满归镇'))).toBe(true);
    expect(holders.some((h) => h.includes('阿龙山镇') && h.includes('金河镇'))).toBe(true);

    // Drill into the first duty: its three items, one per town, each linked to its detail.
    await table.getByTestId('divergence-drill').first().click();
    const items = page.getByTestId('duty-items-table');
    await items.locator('tbody tr').first().waitFor();
    expect(await items.locator('tbody tr').count()).toBe(3);
    expect(new URL(page.url()).searchParams.get('duty')).toMatch(/^\d+$/);

    // Sorting by towns keeps the 12 (each held by all three towns).
    await page.getByTestId('divergence-sort-towns').click();
    await page.waitForURL(/dsort=towns/);
    expect(await table.locator('tbody tr').count()).toBe(12);
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('exports every divergent duty as CSV and XLSX', async () => {
    const page = await openPage(dashboard, '/?view=divergence');
    await page.getByTestId('divergence-table').locator('tbody tr').first().waitFor();
    const rows = csvCells((await exportAs(page, 'divergence-table', 'csv')).bytes);
    expect(rows[0]?.slice(0, 5)).toEqual([
      '事项',
      '乡镇数',
      '分化度',
      '基本履职 · 乡镇数',
      '基本履职 · 持有的乡镇',
    ]);
    expect(rows).toHaveLength(1 + 12);
    expect(rows.every((r, i) => i === 0 || r[1] === '3')).toBe(true);
    const workbook = await readXlsx((await exportAs(page, 'divergence-table', 'xlsx')).bytes);
    expect(workbook.getWorksheet('各乡镇处理不同的事项')!.rowCount).toBe(1 + 12);
    await page.close();
  }, 60_000);
});

describe('对标 (conformance) view', () => {
  it('compares each town with 示范目录 and drills into 满归镇’s missing items', async () => {
    const page = await openPage(dashboard, '/?view=conformance');
    const table = page.getByTestId('conformance-table');
    await table.locator('tbody tr').first().waitFor();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
      );
    expect(rows).toEqual([
      ['满归镇', '178', '3', '3', '12'],
      ['金河镇', '181', '0', '0', '0'],
      ['阿龙山镇', '181', '0', '0', '0'],
    ]);
    await table.locator('tbody tr').first().getByTestId('conformance-missing').click();
    const items = page.getByTestId('conformance-items-table');
    await items.locator('tbody tr').first().waitFor();
    expect(await items.locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('conformance-items').locator('.card-title').textContent()).toBe(
      '满归镇：缺少（3）',
    );
    const csv = csvCells((await exportAs(page, 'conformance-table', 'csv')).bytes);
    expect(csv).toEqual([
      ['乡镇', '已匹配', '缺少', '多出', '清单不同'],
      ['满归镇', '178', '3', '3', '12'],
      ['金河镇', '181', '0', '0', '0'],
      ['阿龙山镇', '181', '0', '0', '0'],
    ]);
    const workbook = await readXlsx((await exportAs(page, 'conformance-items', 'xlsx')).bytes);
    const sheet = workbook.getWorksheet('缺少')!;
    expect(sheet.rowCount).toBe(1 + 3);
    expect(sheet.getRow(1).getCell(2).value).toBe('模板事项');
    expect(sheet.getRow(2).getCell(4).value).toBeNull();
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the reports', () => {
  const COUNTS = [
    ['变化', '数量'],
    ['负担回流', '6'],
    ['调整清单', '12'],
    ['改写', '5'],
    ['新增', '3'],
    ['删除', '3'],
    ['未变', '161'],
  ];
  const CONFORMANCE = [
    ['乡镇', '已匹配', '缺少', '多出', '清单不同'],
    ['满归镇', '178', '3', '3', '12'],
    ['金河镇', '181', '0', '0', '0'],
    ['阿龙山镇', '181', '0', '0', '0'],
  ];
  const cells = (page: TestPage, testId: string) =>
    page
      .getByTestId(testId)
      .locator('tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim())),
      );

  it('prints the changes with the burden-back moves, the divergent duties and the conformance', async () => {
    const page = await openPage(dashboard, '/?view=report');
    await page.getByTestId('report-conformance-table').waitFor();
    expect(await page.getByTestId('report-changes').locator('h2').textContent()).toBe(
      '变化：阿龙山镇 2025年版 → 2026年版',
    );
    expect(await cells(page, 'report-changes-counts')).toEqual(COUNTS);
    const back = await cells(page, 'report-burden-back');
    expect(back).toHaveLength(1 + 6);
    expect(back.slice(1).every((row) => row[0] === '调整清单' && row[1] === '是')).toBe(true);
    expect(await page.getByTestId('report-divergence').locator('h2').textContent()).toBe(
      '各乡镇处理不同的事项（前 12 项，共 12 项）',
    );
    expect(await page.getByTestId('report-divergence-table').locator('tbody tr').count()).toBe(12);
    expect(await cells(page, 'report-conformance-table')).toEqual(CONFORMANCE);
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('writes the same sections into the Word report', async () => {
    const res = await fetch(`${dashboard.server.url}/api/report.docx`);
    expect(res.status).toBe(200);
    const { paragraphs, tables } = await readDocx(new Uint8Array(await res.arrayBuffer()));
    expect(paragraphs).toContain('变化：阿龙山镇 2025年版 → 2026年版');
    expect(paragraphs).toContain('负担回流的事项（6）');
    expect(paragraphs).toContain('各乡镇处理不同的事项（前 12 项，共 12 项）');
    expect(paragraphs).toContain('与模板“示范目录”对标');
    expect(tables).toContainEqual(COUNTS);
    expect(tables).toContainEqual(CONFORMANCE);
    const divergent = tables.find((tbl) => tbl[0]?.[0] === '事项' && tbl[0]?.[2] === '分化度');
    expect(divergent).toHaveLength(1 + 12);
    const back = tables.find((tbl) => tbl[0]?.[1] === '负担回流' && tbl.length === 7);
    expect(back?.slice(1).map((row) => row[2])).toEqual([
      '配合履职',
      '配合履职',
      '上级收回',
      '上级收回',
      '上级收回',
      '上级收回',
    ]);
  }, 60_000);
});

describe('comparison views at every screen size', () => {
  const paths = {
    changes: '/?view=changes',
    divergence: '/?view=divergence',
    conformance: '/?view=conformance',
  } as const;
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`no comparison view scrolls sideways at ${SCREEN_WIDTHS.join(', ')} px (${lang})`, async () => {
      const pages = Object.entries(paths).map(([view, path]) => ({
        name: `compare-${view}-${lang}`,
        path: `${path}${lang === 'en' ? '&lang=en' : ''}`,
      }));
      const overflow = await sidewaysOverflow(dashboard, pages, async (page, width, name) => {
        if (width !== 390) return;
        // Tables are stacked cards on a phone, like the other views.
        const display = await page
          .locator('.table tbody td')
          .first()
          .evaluate((td) => getComputedStyle(td).display);
        expect(display, name).toBe('block');
      });
      expect(overflow).toEqual([]);
    }, 300_000);
  }
});
