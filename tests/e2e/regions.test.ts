// Many towns in the dashboard: the region picker (a combobox over GET /api/regions) and the ranking of
// towns within a region (GET /api/towns/compare), in the real browser against the real server.
// - Four towns loaded by the real ETL: the seed 阿龙山镇; 金河镇 (the seed renamed, reclaimed items 59–64
//   dropped, declared counts fixed, tests/server/region-towns.ts); 满归镇 (the seed renamed), all three in
//   内蒙古自治区 呼伦贝尔市 根河市; and 白狼镇 in 兴安盟 阿尔山市, outside it.
// - The seed alone: the picker still finds 阿龙山镇 and narrows the headline to 70 / 47 / 64.
// Screenshots of the open picker and the ranking (zh-CN, en) go to test-results/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { bailangText, jinheText } from '../server/region-towns.ts';
import { SEED_FILE, buildSeedDb } from '../support/seed-db.ts';
import { ROOT, ensureClientBuilt, launchBrowser, startServer, type RunningServer } from './harness.ts';

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

let many: RunningServer;
let seedOnly: RunningServer;
let browser: Browser;
let warnings: string[] = [];

async function buildFourTownDb(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-e2e-regions-'));
  const seed = readFileSync(SEED_FILE, 'utf8');
  const files = [
    ['jinhe-2025.txt', jinheText(seed)],
    ['mangui-2025.txt', seed.replaceAll('阿龙山镇', '满归镇')],
    ['bailang-2025.txt', bailangText(seed)],
  ].map(([name = '', text = '']) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
  const dbPath = join(dir, 'duties.duckdb');
  const report = await loadFiles({ dbPath, files: [SEED_FILE, ...files] });
  if (!report.ok) throw new Error(`fixture failed to load: ${report.files.map((f) => f.error).join('; ')}`);
  warnings = report.files.flatMap((f) => f.warnings);
  return dbPath;
}

beforeAll(async () => {
  ensureClientBuilt();
  [many, seedOnly] = await Promise.all([
    buildFourTownDb().then(startServer),
    buildSeedDb().then(startServer),
  ]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([many?.stop(), seedOnly?.stop()]);
});

async function open(server: RunningServer, path: string): Promise<Page & { errors: string[] }> {
  const page = (await browser.newPage({ viewport: { width: 1280, height: 800 } })) as Page & {
    errors: string[];
  };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') page.errors.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(`${server.url}${path}`);
  return page;
}

const figure = (page: Page, kind: string) =>
  page.getByTestId(`figure-${kind}`).locator('.figure-value').textContent();

/** The options the picker lists: level badge, name, counts. */
async function listedRegions(page: Page) {
  return page
    .getByTestId('region-list')
    .getByRole('option')
    .evaluateAll((options) =>
      options.map((o) => ({
        level: o.getAttribute('data-level'),
        path: o.getAttribute('data-path'),
        text: o.textContent,
        selected: o.getAttribute('aria-selected'),
      })),
    );
}

async function waitForChart(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"][data-ready="true"] .echarts-for-react`);
    const chart = el && window.__dutyMapChart?.(el);
    return Boolean(chart && (chart.getOption()?.series as unknown[] | undefined)?.length);
  }, testId);
  await page.waitForTimeout(500);
}

/** The ranking as a table: [rank, town, basic, cooperative, reclaimed, total, penalties, kept]. */
async function rankingTable(page: Page): Promise<string[][]> {
  const rows = page.getByTestId('table-town-ranking').locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
      return [cells[0], cells[1], ...cells.slice(3)].map((c) => c ?? '');
    }),
  );
}

describe('region picker and town ranking with four towns', () => {
  it('loads the fixture with the real ETL and no warnings', () => {
    expect(warnings).toEqual([]);
  });

  it('finds 根河市 as the reader types, picks it with the keyboard and narrows every figure', async () => {
    const page = await open(many, '/');
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('718');
    const input = page.getByTestId('region-input');
    await input.click();
    await input.pressSequentially('根河', { delay: 30 });
    await expect
      .poll(async () => (await listedRegions(page)).map((r) => r.path))
      .toEqual([
        '内蒙古自治区呼伦贝尔市根河市',
        '内蒙古自治区呼伦贝尔市根河市满归镇',
        '内蒙古自治区呼伦贝尔市根河市阿龙山镇',
        '内蒙古自治区呼伦贝尔市根河市金河镇',
      ]);
    const [county, mangui] = await listedRegions(page);
    expect(county).toMatchObject({ level: 'county', selected: 'true' });
    expect(county?.text).toBe('县根河市内蒙古自治区 / 呼伦贝尔市3 个乡镇 · 537 项');
    expect(mangui?.text).toBe('镇满归镇内蒙古自治区 / 呼伦贝尔市 / 根河市181 项');
    expect(await input.getAttribute('aria-expanded')).toBe('true');

    // Down moves the active option, Up comes back, Enter picks.
    await page.keyboard.press('ArrowDown');
    expect((await listedRegions(page))[1]?.selected).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe(
      await page.getByTestId('region-list').getByRole('option').nth(1).getAttribute('id'),
    );
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');

    await expect.poll(() => new URL(page.url()).searchParams.getAll('region')).toEqual(['根河市']);
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('537');
    expect(await figure(page, 'basic')).toBe('210');
    expect(await figure(page, 'cooperative')).toBe('141');
    expect(await figure(page, 'reclaimed')).toBe('186');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.inputValue()).toBe('');
    expect(await page.getByTestId('chip-region:根河市').textContent()).toContain('地区：根河市');

    // The items table follows: 186 reclaimed items in 根河市.
    await page.getByTestId('tab-items').click();
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe('537');

    // Enter right after fast typing picks the best match for what was typed, not a stale option.
    await input.click();
    await input.fill('金河');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('region')).toEqual(['根河市', '金河镇']);
    // Several regions match any of them; 金河镇 lies inside 根河市, so still 根河市's 537 items.
    await expect.poll(() => page.getByTestId('chip-region:金河镇').count()).toBe(1);
    expect(await page.getByTestId('tab-items-count').textContent()).toBe('537');
    await page.getByTestId('chip-region:金河镇').click();

    // Escape closes the list; the chip removes the filter.
    await input.click();
    await input.fill('兴安');
    await expect.poll(async () => (await listedRegions(page)).length).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await page.getByTestId('chip-region:根河市').click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('region')).toEqual([]);
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe('718');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('ranks the towns of 根河市 by reclaimed items and re-ranks by another measure', async () => {
    const page = await open(many, `/?view=towns&region=${encodeURIComponent('根河市')}&table=town-ranking`);
    await expect.poll(() => page.getByTestId('ranking-range').textContent()).toBe('第 1–3 名，共 3 个乡镇');
    expect(await page.getByTestId('card-town-ranking').locator('h2').textContent()).toBe(
      '根河市各乡镇：按上级收回事项排名',
    );
    // Ties keep the full-name order.
    expect(await rankingTable(page)).toEqual([
      ['1', '满归镇', '70', '47', '64', '181', '28', '30'],
      ['2', '阿龙山镇', '70', '47', '64', '181', '28', '30'],
      ['3', '金河镇', '70', '47', '58', '175', '22', '30'],
    ]);
    await page.getByTestId('ranking-metric').selectOption('reclaimedPenalties');
    await expect
      .poll(async () => (await rankingTable(page)).map((r) => r[1]))
      .toEqual(['满归镇', '阿龙山镇', '金河镇']);
    expect(await page.getByTestId('card-town-ranking').locator('h2').textContent()).toBe(
      '根河市各乡镇：按收回的处罚事项排名',
    );
    // The measure lives in the URL: a copied link ranks the same way.
    expect(new URL(page.url()).searchParams.get('rank')).toBe('reclaimedPenalties');
    const copied = await open(many, `/${new URL(page.url()).search}`);
    await expect.poll(() => copied.getByTestId('ranking-metric').inputValue()).toBe('reclaimedPenalties');
    expect(await copied.getByTestId('card-town-ranking').locator('h2').textContent()).toBe(
      '根河市各乡镇：按收回的处罚事项排名',
    );
    await copied.close();

    // A row's town button toggles the town filter; the ranking keeps every town, the headline narrows.
    await page.getByTestId('table-town-ranking').getByRole('button', { name: '金河镇' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('town')).toHaveLength(1);
    expect((await rankingTable(page)).length).toBe(3);
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe('175');
    await page.close();
  });

  it('toggles the town filter by clicking a bar of the ranking chart', async () => {
    const page = await open(many, `/?view=towns&region=${encodeURIComponent('根河市')}`);
    await waitForChart(page, 'chart-town-ranking');
    const ranking = await page.evaluate(() => {
      const el = document.querySelector(
        '[data-testid="chart-town-ranking"] .echarts-for-react',
      ) as HTMLElement;
      const chart = window.__dutyMapChart!(el)!;
      const series = chart.getOption().series as Array<{ data: Array<{ name: string; value: number }> }>;
      const data = series[0]?.data ?? [];
      const last = data[data.length - 1]!;
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [last.value / 2, last.name]) as number[];
      el.scrollIntoView({ block: 'center' });
      const box = el.getBoundingClientRect();
      return {
        values: data.map((d) => d.value),
        id: last.name,
        x: box.left + (x ?? 0),
        y: box.top + (y ?? 0),
      };
    });
    expect(ranking.values).toEqual([64, 64, 58]);
    await page.mouse.click(ranking.x, ranking.y);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('town')).toEqual([ranking.id]);
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe('175');
    await page.mouse.click(ranking.x, ranking.y);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('town')).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('ranks every loaded town without a region, pages through them, and says when a region holds one town', async () => {
    const page = await open(many, '/?view=towns&table=town-ranking');
    await expect.poll(() => page.getByTestId('ranking-range').textContent()).toBe('第 1–4 名，共 4 个乡镇');
    expect((await rankingTable(page)).map((r) => [r[1], r[4]])).toEqual([
      ['白狼镇', '64'],
      ['满归镇', '64'],
      ['阿龙山镇', '64'],
      ['金河镇', '58'],
    ]);
    const scoped = await open(many, `/?view=towns&region=${encodeURIComponent('兴安盟')}`);
    await expect.poll(() => scoped.getByTestId('ranking-only-one').textContent()).toContain('白狼镇');
    await scoped.close();
    await page.close();
  });

  it('takes screenshots of the open picker and the ranking in Chinese and English', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const lang of ['zh-CN', 'en'] as const) {
      const suffix = lang === 'en' ? '&lang=en' : '';
      const picker = await open(many, `/?view=overview${suffix}`);
      await picker.waitForLoadState('networkidle');
      await picker.getByTestId('region-input').click();
      await picker.getByTestId('region-input').pressSequentially('根河', { delay: 30 });
      await expect.poll(async () => (await listedRegions(picker)).length).toBe(4);
      await picker.keyboard.press('ArrowDown');
      await picker.screenshot({ path: join(SCREENSHOTS, `region-picker-${lang}.png`) });
      expect(picker.errors).toEqual([]);
      await picker.close();

      const ranking = await open(many, `/?view=towns&region=${encodeURIComponent('根河市')}${suffix}`);
      await waitForChart(ranking, 'chart-town-ranking');
      await ranking.waitForLoadState('networkidle');
      await ranking.screenshot({ path: join(SCREENSHOTS, `town-ranking-${lang}.png`), fullPage: true });
      expect(ranking.errors).toEqual([]);
      await ranking.close();
    }
  }, 60_000);
});

describe('region picker with the seed alone', () => {
  it('picks 阿龙山镇 by name and shows 70 / 47 / 64', async () => {
    const page = await open(seedOnly, '/');
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('181');
    const input = page.getByTestId('region-input');
    await input.click();
    await input.pressSequentially('阿龙山', { delay: 30 });
    await expect.poll(async () => (await listedRegions(page)).map((r) => r.level)).toEqual(['town']);
    await page
      .getByTestId('region-list')
      .getByRole('option', { name: /阿龙山镇/ })
      .click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('region')).toEqual(['阿龙山镇']);
    await expect.poll(() => figure(page, 'basic')).toBe('70');
    expect(await figure(page, 'cooperative')).toBe('47');
    expect(await figure(page, 'reclaimed')).toBe('64');
    expect(await page.getByTestId('figure-total').textContent()).toBe('181');

    // The towns view keeps its polite one-town notice and shows no ranking of one.
    await page.getByTestId('tab-towns').click();
    await expect.poll(() => page.getByTestId('towns-only-one').textContent()).toContain('阿龙山镇');
    await expect.poll(() => page.getByTestId('chart-towns-compare').count()).toBe(1);
    expect(await page.getByTestId('town-ranking').count()).toBe(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('lists the region chain of the one town when the input is empty, widest first', async () => {
    const page = await open(seedOnly, '/?lang=en');
    await page.getByTestId('region-input').click();
    await expect
      .poll(async () => (await listedRegions(page)).map((r) => r.text))
      .toEqual([
        'Province内蒙古自治区1 town · 181 items',
        'City呼伦贝尔市内蒙古自治区1 town · 181 items',
        'County根河市内蒙古自治区 / 呼伦贝尔市1 town · 181 items',
        'Town阿龙山镇内蒙古自治区 / 呼伦贝尔市 / 根河市181 items',
      ]);
    await page.close();
  });
});
