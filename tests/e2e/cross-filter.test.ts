// Cross-filtering in the browser: the chart a selection is made in keeps all its values (highlighting the
// selected ones, dimming the rest), a second click adds a second value, the other charts narrow; a
// chart's height follows its rows; the 执法 kept-clauses panel says why a bureau filter empties it.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';
import { chartOption, chartPoint, openPage, waitForChart } from './page-helpers.ts';

const FORESTRY = '根河市林业和草原局';
const URBAN = '根河市城市管理综合执法局';

const dashboard = useDashboard(buildSeedDb);

interface BarsOption {
  yAxis: Array<{ data: string[] }>;
  series: Array<{
    yAxisIndex: number;
    data: Array<{ itemStyle?: { opacity?: number; borderWidth?: number } }>;
  }>;
}

/** Every department on the departments chart, and the style of its first bar. */
function departmentStyles(option: BarsOption): Map<string, { opacity?: number; borderWidth?: number }> {
  const out = new Map<string, { opacity?: number; borderWidth?: number }>();
  option.yAxis.forEach((axis, grid) => {
    const series = option.series.find((s) => s.yAxisIndex === grid);
    axis.data.forEach((name, i) => out.set(name, series?.data[i]?.itemStyle ?? {}));
  });
  return out;
}

async function apiTotal(query: string): Promise<number> {
  const res = await fetch(`${dashboard.server.url}/api/summary?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { total: number } }).items.total;
}

const barOf = (name: string) =>
  `const o = chart.getOption();
   const grid = o.yAxis.findIndex((y) => y.data.includes(${JSON.stringify(name)}));
   return chart.convertToPixel({ xAxisIndex: grid, yAxisIndex: grid }, [1, ${JSON.stringify(name)}]);`;

describe('multi-select cross-filtering', () => {
  it('selects two departments by two clicks on the departments chart, which keeps every department', async () => {
    const page = await openPage(dashboard, '/?view=departments');
    await waitForChart(page, 'chart-departments');
    const before = departmentStyles(await chartOption<BarsOption>(page, 'chart-departments'));
    expect(before.size).toBeGreaterThan(10);
    // Height follows the rows: 24 px a department row plus headings and chrome, not a fixed 640.
    const height = await page
      .getByTestId('chart-departments')
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(before.size * 24);

    let point = await chartPoint(page, 'chart-departments', barOf(FORESTRY));
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('department')).toEqual([FORESTRY]);
    await expect
      .poll(async () => departmentStyles(await chartOption<BarsOption>(page, 'chart-departments')).get(URBAN))
      .toEqual(expect.objectContaining({ opacity: 0.3 }));
    const one = departmentStyles(await chartOption<BarsOption>(page, 'chart-departments'));
    expect(one.size).toBe(before.size);
    expect(one.get(FORESTRY)?.borderWidth).toBe(2);
    await page.waitForTimeout(500);

    point = await chartPoint(page, 'chart-departments', barOf(URBAN));
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => new URL(page.url()).searchParams.getAll('department')).toEqual([FORESTRY, URBAN]);
    await expect
      .poll(async () => departmentStyles(await chartOption<BarsOption>(page, 'chart-departments')).get(URBAN))
      .toEqual(expect.objectContaining({ borderWidth: 2 }));
    const two = departmentStyles(await chartOption<BarsOption>(page, 'chart-departments'));
    expect(two.size).toBe(before.size);
    const dimmed = [...two.values()].filter((s) => s.opacity === 0.3).length;
    expect(dimmed).toBe(before.size - 2);

    // The other views narrow to items of either department: as many as the API counts, more than either.
    const both = await apiTotal(
      `department=${encodeURIComponent(FORESTRY)}&department=${encodeURIComponent(URBAN)}`,
    );
    expect(both).toBeGreaterThan(await apiTotal(`department=${encodeURIComponent(URBAN)}`));
    expect(both).toBeGreaterThan(await apiTotal(`department=${encodeURIComponent(FORESTRY)}`));
    await expect.poll(() => page.getByTestId('tab-items-count').textContent()).toBe(String(both));
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('keeps every category on the category bars under a category filter while the headline figures narrow', async () => {
    const page = await openPage(dashboard, `/?category=${encodeURIComponent('党的建设')}`);
    await waitForChart(page, 'chart-categories');
    const option = await chartOption<{
      xAxis: Array<{ data: string[] }>;
      series: Array<{ data: Array<{ itemStyle?: { opacity?: number } }> }>;
    }>(page, 'chart-categories');
    const categories = option.xAxis[0]?.data ?? [];
    expect(categories.length).toBeGreaterThan(5);
    const partyAt = categories.indexOf('党的建设');
    expect(partyAt).toBeGreaterThanOrEqual(0);
    const opacities = (option.series[0]?.data ?? []).map((d) => d.itemStyle?.opacity);
    expect(opacities.filter((o) => o === 0.3)).toHaveLength(categories.length - 1);
    expect(opacities[partyAt]).toBeUndefined();
    // The headline figures follow the filter.
    const total = await apiTotal(`category=${encodeURIComponent('党的建设')}`);
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe(String(total));
    await page.close();
  });

  it('keeps every department row on the heatmap when a department is selected', async () => {
    const all = await openPage(dashboard, '/?view=support');
    await waitForChart(all, 'chart-support-heatmap');
    const rows = (await chartOption<{ yAxis: Array<{ data: string[] }> }>(all, 'chart-support-heatmap'))
      .yAxis[0]?.data.length;
    await all.close();
    const page = await openPage(dashboard, `/?view=support&department=${encodeURIComponent(FORESTRY)}`);
    await waitForChart(page, 'chart-support-heatmap');
    const option = await chartOption<{
      yAxis: Array<{ data: string[] }>;
      series: Array<{ data: Array<{ department: string; itemStyle?: { opacity?: number } }> }>;
    }>(page, 'chart-support-heatmap');
    expect(option.yAxis[0]?.data.length).toBe(rows);
    const cells = option.series[0]?.data ?? [];
    expect(
      cells.filter((c) => c.department === FORESTRY).every((c) => c.itemStyle?.opacity === undefined),
    ).toBe(true);
    expect(cells.filter((c) => c.department !== FORESTRY).every((c) => c.itemStyle?.opacity === 0.3)).toBe(
      true,
    );
    await page.close();
  });

  it('says why the kept penalty clauses are empty under a bureau filter', async () => {
    const page = await openPage(dashboard, `/?view=enforcement&department=${encodeURIComponent(FORESTRY)}`);
    const note = page.getByTestId('kept-department-note');
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.textContent()).toContain('不关联任何部门');
    // The bureau chart keeps every bureau: the forestry bureau's 7 penalty items among them.
    await waitForChart(page, 'chart-bureaus');
    const option = await chartOption<{
      yAxis: Array<{ data: string[] }>;
      series: Array<{ data: Array<{ value: number }> }>;
    }>(page, 'chart-bureaus');
    const names = option.yAxis[0]?.data ?? [];
    expect(names.length).toBeGreaterThan(1);
    expect(option.series[0]?.data[names.indexOf(FORESTRY)]?.value).toBe(7);
    await page.close();
  });
});
