// The option builders fed with the real API's answers for the real seed (server app in-process, DuckDB
// built from data/raw by the real ETL): the contract and the builders agree on shapes and values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDepartmentBarsOption } from '../../shared/charts/build-department-bars-option.ts';
import { buildBureauBarsOption } from '../../shared/charts/build-bureau-bars-option.ts';
import { buildCategoryBarsOption } from '../../shared/charts/build-category-bars-option.ts';
import { buildSankeyOption } from '../../shared/charts/build-sankey-option.ts';
import { buildSupportHeatmapOption } from '../../shared/charts/build-support-heatmap-option.ts';
import { buildSupportTypesOption } from '../../shared/charts/build-support-types-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { buildSeedDb } from '../support/seed-db.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
const zh = createTranslator('zh-CN');

async function get<T>(path: string): Promise<T> {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  db = await openDb({ path: await buildSeedDb(), queryTimeoutMs: 10_000 });
  app = createApp({ db });
});
afterAll(async () => {
  await db?.close();
});

type Series = Array<{ name?: string; yAxisIndex?: number; data: Array<{ value: number | number[] }> }>;
const sum = (s: Series[number] | undefined) =>
  (s?.data ?? []).reduce((a, d) => a + (Array.isArray(d.value) ? (d.value[2] ?? 0) : d.value), 0);

describe('option builders on the real API', () => {
  it('category bars add up to 70 / 47 / 64', async () => {
    const { rows } = await get<{ rows: Array<{ category: string; kind: string; count: number }> }>(
      '/api/categories',
    );
    const series = buildCategoryBarsOption(rows, zh).series as Series;
    expect(series.map(sum)).toEqual([70, 47, 64]);
  });

  it('the Sankey sends the 70 basic items to the town itself', async () => {
    const flows = await get<Parameters<typeof buildSankeyOption>[0]>('/api/flows');
    const sankey = (
      buildSankeyOption(flows, zh).series as Array<{ data: Array<{ name: string; value: number }> }>
    )[0];
    const town = sankey?.data.find((n) => n.name === 'department:town');
    expect(town?.value).toBe(70);
    expect(sankey?.data.find((n) => n.name === 'kind:reclaimed')?.value).toBeGreaterThanOrEqual(64);
  });

  it('department bars show 根河市城市管理综合执法局 with 2 cooperative + 11 reclaimed items', async () => {
    const { rows } = await get<{ rows: Parameters<typeof buildDepartmentBarsOption>[0] }>('/api/departments');
    expect(rows).toHaveLength(24);
    const option = buildDepartmentBarsOption(rows, zh);
    const yAxes = option.yAxis as Array<{ data: string[] }>;
    const grid = yAxes.findIndex((y) => y.data.includes('根河市城市管理综合执法局'));
    const row = yAxes[grid]?.data.indexOf('根河市城市管理综合执法局') ?? -1;
    const series = (option.series as Series).filter((s) => s.yAxisIndex === grid);
    expect(series.map((s) => s.data[row]?.value)).toEqual([2, 11]);
  });

  it('bureau bars count 28 reclaimed penalty items, 11 for 城市管理综合执法局', async () => {
    const { bureaus } = await get<{ bureaus: Parameters<typeof buildBureauBarsOption>[0] }>(
      '/api/penalties/by-bureau',
    );
    const option = buildBureauBarsOption(bureaus, zh);
    expect((option.yAxis as { data: string[] }).data[0]).toBe('根河市城市管理综合执法局');
    const series = option.series as Series;
    expect(series[0]?.data[0]?.value).toBe(11);
    expect(sum(series[0])).toBe(28);
  });

  it('support charts put policy interpretation first', async () => {
    const support = await get<{
      types: Parameters<typeof buildSupportTypesOption>[0];
      cells: Parameters<typeof buildSupportHeatmapOption>[0];
    }>('/api/support');
    const types = buildSupportTypesOption(support.types, zh);
    expect((types.yAxis as { data: string[] }).data[0]).toBe('policy');
    const heatmap = buildSupportHeatmapOption(support.cells, zh);
    expect((heatmap.xAxis as { data: string[] }).data[0]).toBe('policy');
    expect(sum((heatmap.series as Series)[0])).toBe(support.cells.reduce((a, c) => a + c.items, 0));
  });
});
