// Browser tests of the built dashboard against the real server and a database built from the real seed:
// headline figures, cross-filtering by clicking a real (canvas) chart bar, URL state (fresh load,
// back/forward), language switch, search, "view as table". Screenshots of every view in zh-CN and en are
// written to test-results/screenshots/ (git-ignored) for a human to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { ROOT, useDashboard } from './harness.ts';
import { chartPoint, openPage, waitForChart } from './page-helpers.ts';

const ENFORCEMENT_BUREAU = '根河市城市管理综合执法局';
const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

const dashboard = useDashboard(buildSeedDb);

const open = (path: string, viewport?: { width: number; height: number }) =>
  openPage(dashboard, path, viewport);

async function itemsTotal(page: Page): Promise<number> {
  const el = page.getByTestId('items-total');
  await expect.poll(async () => el.getAttribute('data-total')).not.toBe('');
  return Number(await el.getAttribute('data-total'));
}

describe('dashboard in the browser', () => {
  it('shows the burden shift headline: 70 basic / 47 cooperative / 64 reclaimed', async () => {
    const page = await open('/');
    await expect
      .poll(() => page.getByTestId('figure-basic').locator('.figure-value').textContent())
      .toBe('70');
    expect(await page.getByTestId('figure-cooperative').locator('.figure-value').textContent()).toBe('47');
    expect(await page.getByTestId('figure-reclaimed').locator('.figure-value').textContent()).toBe('64');
    expect(await page.getByTestId('figure-total').textContent()).toBe('181');
    const penalties = await page.getByTestId('figure-penalties').textContent();
    expect(penalties).toContain('28');
    expect(penalties).toContain('30');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.close();
  });

  it('filters the items table to a department by clicking its bar in the canvas chart', async () => {
    const page = await open('/?view=departments');
    await waitForChart(page, 'chart-departments');
    // Where the bar is drawn: ask the chart to convert (value 1, the department's category) to pixels.
    const point = await page.evaluate((name) => {
      const el = document.querySelector(
        '[data-testid="chart-departments"] .echarts-for-react',
      ) as HTMLElement;
      const chart = window.__dutyMapChart!(el)!;
      const yAxes = chart.getOption().yAxis as Array<{ data: string[] }>;
      const grid = yAxes.findIndex((y) => y.data.includes(name));
      const [x, y] = chart.convertToPixel({ xAxisIndex: grid, yAxisIndex: grid }, [1, name]) as number[];
      const box = el.getBoundingClientRect();
      return { x: box.left + (x ?? 0), y: box.top + (y ?? 0) };
    }, ENFORCEMENT_BUREAU);
    await page.mouse.click(point.x, point.y);

    await expect
      .poll(() => new URL(page.url()).searchParams.getAll('department'))
      .toEqual([ENFORCEMENT_BUREAU]);
    expect(await page.getByTestId(`chip-department:${ENFORCEMENT_BUREAU}`).isVisible()).toBe(true);

    await page.getByTestId('tab-items').click();
    expect(await itemsTotal(page)).toBe(13);
    const kinds = await page.getByTestId('items-table').locator('tbody .col-kind').allTextContents();
    expect(kinds.filter((k) => k === '配合履职')).toHaveLength(2);
    expect(kinds.filter((k) => k === '上级收回')).toHaveLength(11);
    expect(new URL(page.url()).searchParams.get('view')).toBe('items');

    // The copied link reproduces the view in a fresh page.
    const fresh = await open(new URL(page.url()).search ? `/${new URL(page.url()).search}` : '/');
    expect(await itemsTotal(fresh)).toBe(13);
    expect(await fresh.getByTestId(`chip-department:${ENFORCEMENT_BUREAU}`).isVisible()).toBe(true);
    expect(await fresh.getByTestId('items-table').locator('tbody tr').count()).toBe(13);

    // Back goes to the departments view with the filter, back again to no filter.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('departments');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('department')).toEqual([]);
    expect(await page.getByTestId('filter-bar').textContent()).toContain('未筛选');
    await page.goForward();
    await expect.poll(() => page.getByTestId(`chip-department:${ENFORCEMENT_BUREAU}`).count()).toBe(1);

    // Removing the chip (a button) clears the filter.
    await page.getByTestId(`chip-department:${ENFORCEMENT_BUREAU}`).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('department')).toEqual([]);
    await page.close();
    await fresh.close();
  });

  it('switches the whole page to English and back', async () => {
    const page = await open('/?view=overview');
    await expect.poll(() => page.getByTestId('tab-overview').textContent()).toBe('概览');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('tab-overview').textContent()).toBe('Overview');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('figure-basic').locator('.figure-label').textContent()).toBe('Basic');
    expect(await page.locator('h1').textContent()).toBe('Township duty lists');
    // The chart legend is translated too.
    await waitForChart(page, 'chart-categories');
    const legend = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="chart-categories"] .echarts-for-react') as HTMLElement;
      return (window.__dutyMapChart!(el)!.getOption().series as Array<{ name: string }>).map((s) => s.name);
    });
    expect(legend).toEqual(['Basic', 'Cooperative', 'Reclaimed']);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('tab-overview').textContent()).toBe('概览');
    await page.close();
  });

  it('finds the items whose texts mention 森林, as many as the API does', async () => {
    const res = await fetch(`${dashboard.server.url}/api/items?q=${encodeURIComponent('森林')}&limit=1`);
    expect(res.status).toBe(200);
    const { total } = (await res.json()) as { total: number };
    expect(total).toBeGreaterThan(0);

    const page = await open('/?view=items');
    expect(await itemsTotal(page)).toBe(181);
    await page.getByTestId('items-search').fill('森林');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('森林');
    await expect.poll(() => page.getByTestId('items-total').getAttribute('data-total')).toBe(String(total));
    const names = await page.getByTestId('items-table').locator('tbody tr').count();
    expect(names).toBe(Math.min(total, 20));
    expect(await page.getByTestId('chip-q').textContent()).toContain('森林');

    // Opening an item shows its structured text and where it came from.
    await page.getByTestId('items-table').locator('tbody .item-name').first().click();
    await expect
      .poll(() => page.getByTestId('item-source').textContent())
      .toMatch(/alongshan-2025\.txt 第 \d+ 行/);
    expect(new URL(page.url()).searchParams.get('item')).toMatch(/^t[0-9a-f]{10}-[bcr]\d+$/);
    await page.close();
  });

  it('toggles a filter from a "view as table" row and from the headline figures', async () => {
    const page = await open('/?view=departments');
    await page.getByTestId('toggle-table-departments').click();
    const row = page.getByTestId('table-departments').getByRole('button', { name: '根河市林业和草原局' });
    await row.click();
    await expect
      .poll(() => new URL(page.url()).searchParams.getAll('department'))
      .toEqual(['根河市林业和草原局']);
    expect(new URL(page.url()).searchParams.getAll('table')).toEqual(['departments']);
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe('16');

    await page.getByTestId('tab-overview').click();
    await page.getByTestId('figure-reclaimed').click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toEqual(['reclaimed']);
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe('10');
    await page.close();
  });
});

describe('cross-filtering from every chart type', () => {
  it('toggles a kind from a Sankey node', async () => {
    const page = await open('/?view=overview');
    await waitForChart(page, 'chart-flows');
    // The node's laid-out rectangle (x, y, dx, dy), relative to the series box.
    const point = await chartPoint(
      page,
      'chart-flows',
      `const series = chart.getModel().getSeriesByIndex(0);
       const data = series.getData();
       const l = data.getItemLayout(data.indexOfName('kind:reclaimed'));
       const box = series.layoutInfo;
       return [box.x + l.x + l.dx / 2, box.y + l.y + l.dy / 2];`,
    );
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toEqual(['reclaimed']);
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('64');
    await page.close();
  });

  it('opens a department detail by clicking its name on the chart axis', async () => {
    const page = await open('/?view=departments');
    await waitForChart(page, 'chart-departments');
    // The axis label sits just left of the grid, on the bar's row.
    const point = await chartPoint(
      page,
      'chart-departments',
      `const o = chart.getOption();
       const grid = o.yAxis.findIndex((y) => y.data.includes('根河市林业和草原局'));
       const [x0, y] = chart.convertToPixel({ xAxisIndex: grid, yAxisIndex: grid }, [0, '根河市林业和草原局']);
       return [x0 - 30, y];`,
    );
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('dept')).toBe('根河市林业和草原局');
    const detail = page.getByTestId('department-detail');
    await expect.poll(() => detail.getByTestId('dept-took-back').locator('li').count()).toBe(10);
    expect(await detail.getByTestId('dept-shares').locator('li').count()).toBe(6);
    expect(await detail.getByTestId('dept-support').textContent()).toContain('政策解读');
    // Opening a detail is not a filter.
    expect(new URL(page.url()).searchParams.getAll('department')).toEqual([]);
    await page.close();
  });

  it('toggles a department and a support type together from a heatmap cell', async () => {
    const page = await open('/?view=support');
    await waitForChart(page, 'chart-support-heatmap');
    const point = await chartPoint(
      page,
      'chart-support-heatmap',
      `const o = chart.getOption();
       const x = o.xAxis[0].data.indexOf('policy');
       const y = o.yAxis[0].data.indexOf('根河市林业和草原局');
       return chart.convertToPixel({ seriesIndex: 0 }, [x, y]);`,
    );
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('supportType')).toEqual(['policy']);
    expect(new URL(page.url()).searchParams.getAll('department')).toEqual(['根河市林业和草原局']);
    await page.close();
  });

  it('treats a legend click as a kind filter and keeps every series visible', async () => {
    const page = await open('/?view=overview');
    await waitForChart(page, 'chart-categories');
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="chart-categories"] .echarts-for-react') as HTMLElement;
      window.__dutyMapChart!(el)!.dispatchAction({ type: 'legendToggleSelect', name: '配合履职' });
    });
    await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toEqual(['cooperative']);
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('47');
    const selected = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="chart-categories"] .echarts-for-react') as HTMLElement;
      const legend = window.__dutyMapChart!(el)!.getOption().legend as Array<{
        selected?: Record<string, boolean>;
      }>;
      return Object.values(legend[0]?.selected ?? {});
    });
    expect(selected.every(Boolean)).toBe(true);
    await page.close();
  });
});

describe('dashboard states and accessibility', () => {
  it('shows the API error message with a retry button when a request fails, then recovers', async () => {
    const page = await dashboard.browser.newPage({ viewport: { width: 1280, height: 800 } });
    let fail = true;
    await page.route('**/api/departments*', (route) =>
      fail
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              error: { code: 'invalid_query', message: 'department: must not be empty' },
            }),
          })
        : route.continue(),
    );
    await page.goto(`${dashboard.server.url}/?view=departments`);
    const alert = page.getByTestId('card-departments').getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('department: must not be empty');
    fail = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await waitForChart(page, 'chart-departments');
    await page.close();
  });

  it('says so when the filters leave nothing to show', async () => {
    // Basic items carry no support, so basic + funding support matches nothing.
    const page = await open('/?view=items&kind=basic&supportType=funding');
    expect(await itemsTotal(page)).toBe(0);
    expect(await page.getByTestId('items-card').getByRole('status').textContent()).toBe('当前筛选下没有数据');
    await page.close();
  });

  it('turns decal patterns on for every chart and keeps the choice in the URL', async () => {
    const page = await open('/?view=overview');
    await waitForChart(page, 'chart-categories');
    await page.getByTestId('decal-toggle').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('decal')).toBe('1');
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.querySelector(
            '[data-testid="chart-categories"] .echarts-for-react',
          ) as HTMLElement;
          const aria = window.__dutyMapChart!(el)!.getOption().aria as unknown;
          return Array.isArray(aria) ? aria[0] : aria;
        }),
      )
      .toMatchObject({ enabled: true, decal: { show: true } });
    await page.close();
  });

  it('moves a link to a page past the end to the last page', async () => {
    const page = await open(`/?view=items&department=${encodeURIComponent(ENFORCEMENT_BUREAU)}&page=9`);
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe(null);
    await expect.poll(() => page.getByTestId('items-table').locator('tbody tr').count()).toBe(13);
    await page.close();
  });

  it('says that a comparison needs two towns when only one is loaded', async () => {
    const page = await open('/?view=towns');
    await expect.poll(() => page.getByTestId('towns-only-one').textContent()).toContain('阿龙山镇');
    await page.close();
  });

  it('lets a keyboard user remove a filter chip', async () => {
    const page = await open('/?view=overview&kind=reclaimed&category=%E7%94%9F%E6%80%81%E7%8E%AF%E4%BF%9D');
    const chip = page.getByTestId('chip-kind:reclaimed');
    await chip.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toEqual([]);
    expect(new URL(page.url()).searchParams.getAll('category')).toEqual(['生态环保']);
    // 生态环保 alone: 7 basic + 18 cooperative + 25 reclaimed.
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe('50');
    await page.close();
  });
});

const VIEWS = ['overview', 'departments', 'enforcement', 'support', 'items', 'quality', 'towns'] as const;
// ECharts animates a new chart for about a second (longer for the Sankey's staggered nodes); a
// screenshot taken earlier shows half-drawn charts, e.g. a Sankey without its department nodes.
const SETTLE_MS = 1600;

describe('screenshots (test-results/screenshots/)', () => {
  it('captures every view in Chinese and English at 1280×800, and the overview at 1920×1080', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The items view with a cooperative forest item open in the detail panel.
    const res = await fetch(
      `${dashboard.server.url}/api/items?q=${encodeURIComponent('森林')}&kind=cooperative&limit=1`,
    );
    const { items } = (await res.json()) as { items: Array<{ itemId: string }> };
    const extra: Record<string, string> = {
      departments: `&dept=${encodeURIComponent('根河市林业和草原局')}`,
      items: `&q=${encodeURIComponent('森林')}&item=${items[0]?.itemId ?? ''}`,
    };
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const view of VIEWS) {
        const page = await open(`/?view=${view}${lang === 'en' ? '&lang=en' : ''}${extra[view] ?? ''}`);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(SETTLE_MS);
        await page.screenshot({ path: join(SCREENSHOTS, `${view}-${lang}.png`), fullPage: true });
        expect((page as Page & { errors?: string[] }).errors).toEqual([]);
        await page.close();
      }
    }
    // A filtered view: chips, highlighted selection, charts narrowed.
    const filtered = await open(
      `/?view=overview&department=${encodeURIComponent(ENFORCEMENT_BUREAU)}&category=${encodeURIComponent('城乡建设')}`,
    );
    await filtered.waitForLoadState('networkidle');
    await filtered.waitForTimeout(SETTLE_MS);
    await filtered.screenshot({ path: join(SCREENSHOTS, 'overview-filtered-zh-CN.png'), fullPage: true });
    await filtered.close();
    const wide = await open('/', { width: 1920, height: 1080 });
    await wide.waitForLoadState('networkidle');
    await wide.waitForTimeout(SETTLE_MS);
    await wide.screenshot({ path: join(SCREENSHOTS, 'overview-zh-CN-1920.png'), fullPage: true });
    await wide.close();
  }, 120_000);
});
