// 导入清单 in Chromium: the seed rendered as Excel and Word under two other towns' names, chosen in the
// page's file input, dry-run (70/47/64 declared and found in each), confirmed, loaded by the real ETL
// while the page polls, and then the new towns are in the dashboard. Files dropped on the zone are checked
// like chosen ones. Screenshots of the page on a phone and a laptop in both languages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedLists, xlsxThreeSheets } from '../etl/render-seed.ts';
import { seedFileAs, seedTextAs } from '../support/imports.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { ROOT, useDashboard } from './harness.ts';
import { openPage, type TestPage } from './page-helpers.ts';

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const dashboard = useDashboard(buildSeedDb);

async function chooseFiles(page: TestPage): Promise<void> {
  await page.getByTestId('imports-input').setInputFiles([
    { name: '金河镇履职事项清单.xlsx', mimeType: XLSX, buffer: await seedFileAs('金河镇', 'xlsx') },
    { name: '满归镇履职事项清单.docx', mimeType: DOCX, buffer: await seedFileAs('满归镇', 'docx') },
  ]);
  await page.getByTestId('imports-preview').waitFor({ timeout: 60_000 });
}

async function listCounts(page: TestPage, file: number): Promise<string[][]> {
  const card = page.getByTestId('imports-file').nth(file);
  return Promise.all(
    ['basic', 'cooperative', 'reclaimed'].map(async (kind) => {
      const row = card.getByTestId(`imports-list-${kind}`);
      return [
        (await row.getByTestId('declared').textContent()) ?? '',
        (await row.getByTestId('found').textContent()) ?? '',
      ];
    }),
  );
}

describe('导入清单', () => {
  it('imports an Excel and a Word list through the page; the new towns are then in the dashboard', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const page = await openPage(dashboard, '/?view=imports', { width: 1440, height: 900 });
    // The drop zone is the file input's label: the input is named by it and reached with the keyboard.
    const input = page.getByLabel('选择文件或拖到这里');
    expect(await input.getAttribute('type')).toBe('file');
    await page.getByTestId('tab-imports').focus();
    for (let i = 0; i < 30 && !(await input.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    await chooseFiles(page);
    const towns = await page.getByTestId('imports-town').allTextContents();
    expect(towns).toEqual(['内蒙古自治区呼伦贝尔市根河市金河镇', '内蒙古自治区呼伦贝尔市根河市满归镇']);
    for (const file of [0, 1])
      expect(await listCounts(page, file)).toEqual([
        ['70', '70'],
        ['47', '47'],
        ['64', '64'],
      ]);
    expect(await page.getByTestId('imports-new-departments').allTextContents()).toEqual([
      '全部 24 个部门已在数据库中',
      '全部 24 个部门已在数据库中',
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'imports-preview-zh-CN-1440.png'), fullPage: true });

    await page.getByTestId('imports-confirm').click();
    await page.locator('[data-testid="imports-state"][data-state="done"]').waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'imports-done-zh-CN-1440.png'), fullPage: true });
    const links = page.getByTestId('imports-open-town');
    expect(await links.allTextContents()).toEqual([
      '查看内蒙古自治区呼伦贝尔市根河市金河镇',
      '查看内蒙古自治区呼伦贝尔市根河市满归镇',
    ]);
    // The header's town list already has the new towns (its query was invalidated).
    await expect
      .poll(() => page.getByTestId('town-select').locator('option').allTextContents())
      .toEqual(['全部乡镇', '满归镇', '金河镇', '阿龙山镇']);

    await links.first().click();
    await page.getByTestId('figure-basic').waitFor();
    expect(new URL(page.url()).searchParams.getAll('town')).toHaveLength(1);
    await expect
      .poll(() => page.getByTestId('figure-basic').locator('.figure-value').textContent())
      .toBe('70');
    expect(await page.getByTestId('town-select').inputValue()).not.toBe('');
    // All three towns together.
    await page.getByTestId('town-select').selectOption('');
    await expect
      .poll(() => page.getByTestId('figure-basic').locator('.figure-value').textContent())
      .toBe('210');
    expect(page.errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('checks dropped files like chosen ones (a PDF is turned away before any upload) and shows a rejected file with its place', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const page = await openPage(dashboard, '/?view=imports&lang=en', { width: 390, height: 900 });
    await page.getByTestId('imports-drop').waitFor();
    let uploads = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST') uploads += 1;
    });
    await page.getByTestId('imports-drop').evaluate((zone) => {
      const data = new DataTransfer();
      data.items.add(new File(['%PDF-1.7'], '清单.pdf', { type: 'application/pdf' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    const problems = page.getByTestId('imports-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain(
      '清单.pdf: this kind of file is not read; accepted: .txt .csv .xlsx .docx .html .htm',
    );
    expect(uploads).toBe(0);

    // A file the ETL rejects: its error with its place, and nothing to confirm.
    const lists = seedLists(seedTextAs('金河镇'));
    for (const list of lists.slice(1, 2)) for (const p of list.pages) p.header.cells[2] = '牵头单位';
    await page.getByTestId('imports-input').setInputFiles([
      { name: 'header.xlsx', mimeType: XLSX, buffer: (await xlsxThreeSheets(lists)).bytes },
      { name: 'jinhe.txt', mimeType: 'text/plain', buffer: await seedFileAs('金河镇', 'txt') },
    ]);
    await page.getByTestId('imports-preview').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('imports-file').first().getByRole('alert').textContent()).toContain(
      "header.xlsx: sheet 配合履职事项清单, row 2: column 3 has header '牵头单位'",
    );
    expect(await page.getByTestId('imports-confirm').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'imports-error-en-390.png'), fullPage: true });
    expect(page.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('fits a phone and a laptop in both languages (screenshots)', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const width of [390, 1440]) {
        const page = await openPage(dashboard, `/?view=imports${lang === 'en' ? '&lang=en' : ''}`, {
          width,
          height: 900,
        });
        await chooseFiles(page);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${lang} ${width}`).toBeLessThanOrEqual(width);
        await page.screenshot({
          path: join(SCREENSHOTS, `imports-preview-${lang}-${width}.png`),
          fullPage: true,
        });
        expect(page.errors).toEqual([]);
        await page.close();
      }
    }
  }, 240_000);
});
