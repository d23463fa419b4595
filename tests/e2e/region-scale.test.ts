// The region picker and the town ranking with 300 generated towns (tests/bench/generate.ts, loaded by the
// real ETL): the picker finds a city among hundreds of regions, and the ranking of its towns pages 20 at
// a time with the same numbers the API gives. Screenshots: region-picker-300-zh-CN.png,
// town-ranking-300-zh-CN.png under test-results/screenshots/.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { generateCorpus } from '../bench/generate.ts';
import { REPORT_TABLE_ROWS } from '../../shared/export/first-rows.ts';
import { formatNumber } from '../../shared/format.ts';
import { ROOT, ensureClientBuilt, launchBrowser, startServer, type RunningServer } from './harness.ts';

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const TOWNS = 300;

interface Region {
  level: string;
  name: string;
  path: string;
  towns: number;
  items: number;
}
interface Ranked {
  name: string;
  counts: { reclaimed: number };
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-e2e-scale-'));
  const corpus = generateCorpus({ towns: TOWNS, dir: join(dir, 'lists') });
  const dbPath = join(dir, 'duties.duckdb');
  const report = await loadFiles({ dbPath, files: corpus.files });
  if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
  server = await startServer(dbPath);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function rankingRows(page: Page): Promise<Array<[string, string, string]>> {
  return page
    .getByTestId('table-town-ranking')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return [cells[0] ?? '', cells[1] ?? '', cells[5] ?? ''] as [string, string, string];
      }),
    );
}

describe(`region picker and ranking with ${TOWNS} towns`, () => {
  it('finds the biggest city by typing its name and ranks its towns 20 per page, as the API does', async () => {
    // The city with the most towns: the API lists cities by town count.
    const { regions } = await api<{ regions: Region[] }>('/api/regions?level=city&limit=1');
    const city = regions[0]!;
    expect(city.towns).toBeGreaterThan(20);
    const ranked = await api<{ total: number; towns: Ranked[] }>(
      `/api/towns/compare?region=${encodeURIComponent(city.path)}&limit=40`,
    );
    expect(ranked.total).toBe(city.towns);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?view=towns&table=town-ranking`);
    const input = page.getByTestId('region-input');
    await input.click();
    await input.pressSequentially(city.name, { delay: 30 });
    const first = page.getByTestId('region-list').getByRole('option').first();
    await expect.poll(() => first.getAttribute('data-path')).toBe(city.path);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `region-picker-${TOWNS}-zh-CN.png`) });
    await page.keyboard.press('Enter');

    // Generated city names are unique, so the URL carries the name.
    await expect.poll(() => new URL(page.url()).searchParams.getAll('region')).toEqual([city.name]);
    await expect
      .poll(() => page.getByTestId('ranking-range').textContent())
      .toBe(`第 1–20 名，共 ${city.towns} 个乡镇`);
    const expected = (from: number) =>
      ranked.towns
        .slice(from, from + 20)
        .map((t, i) => [String(from + i + 1), t.name, String(t.counts.reclaimed)]);
    await expect.poll(() => rankingRows(page)).toEqual(expected(0));
    const reclaimed = ranked.towns.map((t) => t.counts.reclaimed);
    expect(reclaimed).toEqual([...reclaimed].sort((a, b) => b - a));

    await page.getByTestId('ranking-next').click();
    await expect
      .poll(() => page.getByTestId('ranking-range').textContent())
      .toBe(`第 21–${Math.min(40, city.towns)} 名，共 ${city.towns} 个乡镇`);
    await expect.poll(() => rankingRows(page)).toEqual(expected(20));

    // Back to the chart for the screenshot: 20 bars, sorted.
    await page.getByTestId('ranking-prev').click();
    await page.getByTestId('toggle-table-town-ranking').click();
    await page.waitForFunction(() => {
      const el = document.querySelector(
        '[data-testid="chart-town-ranking"][data-ready="true"] .echarts-for-react',
      );
      return Boolean(el && window.__dutyMapChart?.(el));
    });
    await page.waitForTimeout(600);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, `town-ranking-${TOWNS}-zh-CN.png`) });
    await page.close();
  }, 60_000);
});

describe(`执法 with ${TOWNS} towns`, () => {
  it('names each kept item and its town, as the API lists them', async () => {
    const answer = await api<{ kept: Array<{ townName: string; seq: number; name: string }> }>(
      '/api/penalties/by-bureau',
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?view=enforcement`);
    const items = page.getByTestId('kept-clauses').locator('details');
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(answer.kept.length);
    const shown = await items.evaluateAll((all) =>
      all.map((d) => [
        d.querySelector('.kept-meta')?.textContent ?? '',
        d.querySelector('.kept-name')?.getAttribute('title') ?? '',
      ]),
    );
    expect(new Set(answer.kept.map((k) => k.townName)).size).toBeGreaterThan(1);
    expect(shown).toEqual(
      answer.kept.map((k) => [
        expect.stringMatching(new RegExp(`^${k.townName} · 基本履职 ${k.seq} · `)),
        k.name,
      ]),
    );
    // The summary counts the whole list, and says the page shows its first items.
    const whole = await api<{ keptTotal: number }>('/api/penalties/by-bureau');
    const summary = await api<{ penalties: { keptClauses: number } }>('/api/summary');
    await expect
      .poll(() => page.getByTestId('kept-summary').textContent())
      .toBe(
        `${formatNumber(summary.penalties.keptClauses)} 条处罚条款，分布在 ${formatNumber(whole.keptTotal)} 个基本履职事项中。` +
          `下面列出前 ${answer.kept.length} 个事项，完整清单见导出（CSV/XLSX）。`,
      );
    await page.locator('[data-testid="chart-bureaus"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('kept-clauses').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `enforcement-kept-${TOWNS}-zh-CN.png`) });
    // The phone width, in English: the same names, the town before the number.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/?view=enforcement&lang=en`);
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(answer.kept.length);
    expect(await items.first().locator('.kept-meta').textContent()).toMatch(
      new RegExp(`^${answer.kept[0]?.townName} · Basic`),
    );
    await page.getByTestId('kept-clauses').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `enforcement-kept-${TOWNS}-en-390.png`) });
    await page.close();
  }, 60_000);
});

describe(`export captions with ${TOWNS} towns`, () => {
  it('name the towns a region filter selects, as the Word report does (not every loaded town)', async () => {
    const { regions } = await api<{ regions: Region[] }>('/api/regions?level=city&limit=1');
    const city = regions[0]!;
    const selected = await api<{ total: number; towns: Array<{ fullName: string }> }>(
      `/api/towns?region=${encodeURIComponent(city.path)}&limit=1`,
    );
    expect(selected.total).toBe(city.towns);
    expect(selected.total).toBeLessThan(TOWNS);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?view=report&region=${encodeURIComponent(city.path)}`);
    await expect
      .poll(() => page.getByTestId('report-meta').locator('li').nth(1).textContent(), { timeout: 60_000 })
      .toMatch(
        new RegExp(`^数据来源：${formatNumber(city.towns)} 个乡镇（${selected.towns[0]?.fullName} 等）；`),
      );
    await page.close();
  }, 60_000);
});

describe(`the printable report with ${TOWNS} towns`, () => {
  it('prints the first 200 rows of each penalty list, counting the whole lists in the titles and under the tables', async () => {
    const whole = await api<{ itemsTotal: number; keptTotal: number }>('/api/penalties/by-bureau');
    const summary = await api<{ penalties: { keptClauses: number } }>('/api/summary');
    // Long lists: more rows than a printed report shows.
    expect(whole.itemsTotal).toBeGreaterThan(REPORT_TABLE_ROWS);
    expect(whole.keptTotal).toBeGreaterThan(REPORT_TABLE_ROWS);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?view=report`);
    const reclaimedRows = page.getByTestId('report-reclaimed-penalties').locator('tbody tr');
    await expect.poll(() => reclaimedRows.count(), { timeout: 60_000 }).toBe(REPORT_TABLE_ROWS);
    const n = formatNumber(REPORT_TABLE_ROWS);
    expect(await page.getByTestId('report-reclaimed-title').textContent()).toBe(
      `上级部门收回的行政处罚事项（${formatNumber(whole.itemsTotal)} 项）`,
    );
    expect(await page.getByTestId('report-reclaimed-first-rows').textContent()).toBe(
      `前 ${n} 条，共 ${formatNumber(whole.itemsTotal)} 条（完整清单见 CSV/XLSX 导出）`,
    );
    // Each reclaimed item named with its town (numbers restart in every town's list): as the API lists them.
    const bureaus = await api<{
      bureaus: Array<{ items: Array<{ townName: string; seq: number; name: string }> }>;
    }>(`/api/penalties/by-bureau?itemsLimit=${REPORT_TABLE_ROWS}&keptLimit=0`);
    const reclaimedCells = await reclaimedRows.evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent ?? '')),
    );
    expect(reclaimedCells).toEqual(
      bureaus.bureaus
        .flatMap((b) => b.items)
        .slice(0, REPORT_TABLE_ROWS)
        .map((i) => [i.townName, formatNumber(i.seq), i.name]),
    );
    expect(new Set(reclaimedCells.map(([town]) => town)).size).toBeGreaterThan(1);
    expect(await page.getByTestId('report-kept-clauses').locator('tbody tr').count()).toBe(REPORT_TABLE_ROWS);
    // Each kept item named, with its town (the rows come from many towns): as the API lists them.
    const firstKept = await api<{ kept: Array<{ townName: string; seq: number; name: string }> }>(
      `/api/penalties/by-bureau?limit=1&itemsLimit=0&keptLimit=${REPORT_TABLE_ROWS}`,
    );
    const keptCells = await page
      .getByTestId('report-kept-clauses')
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent ?? '')),
      );
    expect(keptCells.map(([town, seq, , name]) => [town, seq, name])).toEqual(
      firstKept.kept.map((k) => [k.townName, formatNumber(k.seq), k.name]),
    );
    expect(new Set(keptCells.map(([town]) => town)).size).toBeGreaterThan(1);
    expect(keptCells.every(([, , , name]) => name !== '')).toBe(true);
    expect(await page.getByTestId('report-kept-title').textContent()).toBe(
      `乡镇保留的处罚条款（${formatNumber(summary.penalties.keptClauses)} 条，分布在 ${formatNumber(whole.keptTotal)} 个基本履职事项中）`,
    );
    // On a phone the report does not scroll sideways (its key figures are five digits here).
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
      .toBeLessThanOrEqual(0);
    expect(await page.getByTestId('report-kept-first-rows').textContent()).toBe(
      `前 ${n} 条，共 ${formatNumber(whole.keptTotal)} 条（完整清单见 CSV/XLSX 导出）`,
    );
    await page.close();
  }, 120_000);
});
