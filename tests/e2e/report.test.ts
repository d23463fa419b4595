// Browser test of the printable report (view=report): every section and chart is there, each chart card
// avoids page breaks and fits on one A4 page, and Chromium's PDF of it has the expected page count, the
// headline figures, the filters, source and times once (in the header) and one title line per chart as
// text (read back with pdfjs-dist: tests/support/pdf-text.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../support/pdf-text.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { ROOT, useDashboard } from './harness.ts';

const OUT = join(ROOT, 'test-results');
const SCREENSHOTS = join(OUT, 'screenshots');
// A4 portrait at 96 dpi less the @page margins (14 mm top and bottom): the height one page can hold.
const MM = 96 / 25.4;
const PAGE_CONTENT_HEIGHT = (297 - 2 * 14) * MM;
const FIGURES = ['flows', 'categories', 'departments', 'bureaus', 'support-heatmap', 'support-types'];
const SECTIONS = ['一、主要数字', '二、事项流向与类别', '三、部门', '四、行政执法', '五、履职保障'];

const dashboard = useDashboard(buildSeedDb);

async function openReport(path: string): Promise<Page & { errors: string[] }> {
  const page = (await dashboard.browser.newPage({ viewport: { width: 1280, height: 900 } })) as Page & {
    errors: string[];
  };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  await page.goto(`${dashboard.server.url}${path}`);
  await page.getByTestId('report-figures').waitFor();
  // The header's source line names the towns once they are read.
  await page.locator('[data-testid="report-meta"][data-ready="true"]').waitFor();
  // Every chart image loaded and decoded.
  await page.waitForFunction(() => {
    const images = [...document.querySelectorAll<HTMLImageElement>('.report-chart')];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  });
  return page;
}

describe('printable report', () => {
  it('opens from the header button with the filters kept in the URL (view=report)', async () => {
    const page = await dashboard.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${dashboard.server.url}/?view=departments&kind=reclaimed`);
    await page.getByTestId('open-report').click();
    await page.getByTestId('report-figures').waitFor();
    await page.locator('[data-testid="report-meta"][data-ready="true"]').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('report');
    expect(new URL(page.url()).searchParams.get('kind')).toBe('reclaimed');
    expect(await page.getByTestId('report-meta').textContent()).toContain('当前筛选：清单：上级收回');
    expect(
      await page.getByTestId('report-figure-reclaimed').locator('.report-figure-value').textContent(),
    ).toBe('64');
    const src = await page.getByTestId('report-figure-departments').locator('img').getAttribute('src');
    expect(src).toBe('/api/charts/departments.svg?kind=reclaimed&lang=zh-CN&width=720&caption=report');
    await page.close();
  });

  it('speaks English with lang=en, charts included', async () => {
    const page = await openReport('/?view=report&lang=en');
    expect(await page.locator('.report-heading').first().textContent()).toBe('1. Key figures');
    expect(await page.getByTestId('report-meta').textContent()).toContain('Filters: No filters (all items)');
    const src = await page.getByTestId('report-figure-flows').locator('img').getAttribute('src');
    expect(src).toBe('/api/charts/flows.svg?lang=en&width=720&caption=report&height=520');
    await page.screenshot({ path: join(SCREENSHOTS, 'report-en.png') });
    await page.close();
  });

  it('lays out every section and chart so that no chart can be cut by a page break', async () => {
    const page = await openReport('/?view=report');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-zh-CN.png'), fullPage: true });
    const headings = await page.locator('.report-heading').allTextContents();
    expect(headings).toEqual(SECTIONS);
    expect(await page.locator('.report-figure-value').allTextContents()).toEqual(['181', '70', '47', '64']);

    // Lay the page out as printed: print media, the width between the A4 margins.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({
      width: Math.floor((210 - 24) * MM),
      height: Math.floor(PAGE_CONTENT_HEIGHT),
    });
    const cards = await page.locator('.report-figure').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-testid'),
        breakInside: getComputedStyle(el).breakInside,
        height: el.getBoundingClientRect().height,
        width: el.getBoundingClientRect().width,
      })),
    );
    expect(cards.map((c) => c.id)).toEqual(FIGURES.map((f) => `report-figure-${f}`));
    for (const card of cards) {
      expect(card.breakInside, String(card.id)).toBe('avoid');
      // Fits one page, so "avoid" can always be honoured: never split, never scaled off the page.
      expect(card.height, String(card.id)).toBeLessThan(PAGE_CONTENT_HEIGHT);
      expect(card.width, String(card.id)).toBeLessThanOrEqual((210 - 24) * MM + 1);
    }
    // No forced page per section: charts pack two to a page where they fit.
    expect(await page.locator('.report-page-break').count()).toBe(0);
    // The enforcement section lists the 28 reclaimed penalty items and the 30 kept clauses.
    expect(await page.getByTestId('report-reclaimed-penalties').locator('tbody tr').count()).toBe(28);
    expect(await page.getByTestId('report-kept-clauses').locator('li').count()).toBe(30);
    expect(await page.getByTestId('report-kept-title').textContent()).toBe(
      '乡镇保留的处罚条款（30 条，分布在 6 个基本履职事项中）',
    );
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('prints to an A4 PDF with every section, the headline figures and each chart whole on one page', async () => {
    const page = await openReport('/?view=report');
    // The enforcement tables load after the images: print once they are on the page.
    await page.getByTestId('report-kept-clauses').waitFor();
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    const file = join(OUT, 'report.pdf');
    writeFileSync(file, pdf);
    const pdfPages = await readPdf(file);
    const pages = pdfPages.length;
    // Figures, six charts two to a page where they fit, and the enforcement tables.
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(12);
    // A4 is 595.28 × 841.89 pt; Chromium rounds to whole pixels at 96 dpi (594.96 × 841.92).
    for (const { width, height } of pdfPages) {
      expect(width).toBeCloseTo(595, 0);
      expect(height).toBeCloseTo(842, 0);
    }

    const text = pdfPages.map((p) => p.text).join('\n');
    for (const heading of SECTIONS) expect(text).toContain(heading);
    const first = (pdfPages[0]?.text ?? '').replace(/\s+/g, ' ');
    // The four headline boxes print their figures on one line and their labels on another.
    expect(first).toContain('181 70 47 64');
    expect(first).toContain('事项总数 基本履职 配合履职 上级收回');
    expect(first).toContain('收回的处罚事项 28');
    expect(first).toContain('乡镇保留的处罚条款 30');
    expect(first).toContain('当前筛选：未筛选（全部事项）');

    // The header states the filters, the source and the times once: no chart repeats them.
    const count = (needle: string) => text.split(needle).length - 1;
    expect(count('当前筛选：未筛选（全部事项）')).toBe(1);
    expect(count('数据来源：')).toBe(1);
    expect(count('内蒙古自治区呼伦贝尔市根河市阿龙山镇')).toBe(1);
    expect(count('数据载入：')).toBe(1);
    expect(count('导出：')).toBe(1);
    expect(count('北京时间')).toBe(2);

    // Each chart has one title line, 图 n and its title, on the page that holds the chart: a label drawn
    // inside that chart's image is on the same page (a chart cut across a page break would part them).
    const perPage = pdfPages.map((p) => p.text);
    const figures: Array<[title: string, label: RegExp]> = [
      ['事项流向', /配合履职|上级收回/u],
      ['各类别事项数', /综合治理|经济发展/u],
      ['各部门事项数', /根河市/u],
      ['各部门收回的行政处罚事项', /林业和草原局/u],
      ['部门 × 保障类型', /政策/u],
      ['各类保障覆盖的配合事项数', /政策/u],
    ];
    figures.forEach(([title, label], i) => {
      // The ideographic space after 图 n may come out as a space or not at all.
      const line = `图\\s*${i + 1}\\s*${title.replace(/\s/g, '\\s*')}`;
      expect(text.match(new RegExp(line, 'gu')), line).toHaveLength(1);
      const page = perPage.findIndex((p) => new RegExp(line, 'u').test(p));
      expect(page, line).toBeGreaterThan(0);
      expect(perPage[page], `${title} drawn on its page`).toMatch(label);
    });
    // Two charts share a page somewhere (no page per chart).
    expect(perPage.some((p) => /图\s*\d+[\s\S]*图\s*\d+/u.test(p))).toBe(true);
    // The kept clauses and the reclaimed penalty items are in the PDF.
    expect(text).toContain('上级部门收回的行政处罚事项（28 项）');
    expect(text).toContain('乡镇保留的处罚条款（30 条');
    // Bar labels read as drawn: the forestry bureau's 7 penalty items is "7", never "77" (an outlined
    // label printed as an outline run and a fill run), and no count is doubled.
    // Only the charts' text: the tables after them hold item numbers such as 44.
    const charts = perPage
      .filter((p) => /图\s*\d/u.test(p))
      .map((p) => p.split('上级部门收回的行政处罚事项（')[0] ?? '')
      .join('\n');
    const bureauPage = perPage.find((p) => /图\s*4\s*各部门收回的行政处罚事项/u.test(p)) ?? '';
    expect(bureauPage.split('上级部门收回的行政处罚事项（')[0]).toMatch(/(^|\s)7(\s|$)/u);
    expect(charts).not.toMatch(/(^|\s)(77|66|44|1111|1414)(\s|$)/u);
    await page.close();
  });
});
