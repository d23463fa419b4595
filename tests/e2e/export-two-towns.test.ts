// Exports with two towns loaded (the seed and a copy under another name, 362 items): the items export
// pages through /api/items 200 at a time and returns every row, the caption names both towns, and the
// report adds the towns comparison.
import { describe, expect, it } from 'vitest';
import { buildTwoTownDb } from '../support/seed-db.ts';
import { csvLines, download, readXlsx } from './export-files.ts';
import { useDashboard } from './harness.ts';

const dashboard = useDashboard(buildTwoTownDb);

describe('exports with two towns', () => {
  it('exports all 362 items (two pages of 200) with the town of each row', async () => {
    const context = await dashboard.browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const itemRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/items?')) itemRequests.push(r.url());
    });
    await page.goto(`${dashboard.server.url}/?view=items`);
    await expect.poll(() => page.getByTestId('items-total').getAttribute('data-total')).toBe('362');
    await page.getByTestId('export-items').click();
    const csv = csvLines((await download(page, () => page.getByTestId('export-items-csv').click())).bytes);
    const rows = csv.lines.slice(1);
    expect(rows).toHaveLength(362);
    expect(rows.filter((r) => r.startsWith('阿龙山镇,'))).toHaveLength(181);
    expect(rows.filter((r) => r.startsWith('金河镇,'))).toHaveLength(181);
    const exportPages = itemRequests.filter((u) => new URL(u).searchParams.get('limit') === '200');
    expect(exportPages.map((u) => new URL(u).searchParams.get('offset'))).toEqual(['0', '200']);

    await page.getByTestId('export-items').click();
    const workbook = await readXlsx(
      (await download(page, () => page.getByTestId('export-items-xlsx').click())).bytes,
    );
    expect(workbook.getWorksheet('事项')?.rowCount).toBe(363);
    const source = String(workbook.getWorksheet('说明')?.getCell('A3').value);
    expect(source).toContain('阿龙山镇');
    expect(source).toContain('金河镇');
    await context.close();
  });

  it('adds the towns comparison to the report', async () => {
    const page = await dashboard.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${dashboard.server.url}/?view=report`);
    await page.getByTestId('report-figure-towns').waitFor();
    expect(await page.locator('.report-heading').last().textContent()).toBe('六、乡镇对比');
    expect(await page.locator('.report-figure-value').first().textContent()).toBe('362');
    await page.close();
  });
});
