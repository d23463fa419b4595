// The chart options are meant to be rendered server-side later (SVG in Node): each builder and everything
// it imports stays free of DOM, CSS, React and ECharts runtime code, and its option renders to an SVG
// string with ECharts' server-side renderer as it is.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { buildDepartmentBarsOption } from '../../shared/charts/build-department-bars-option.ts';
import { buildBureauBarsOption } from '../../shared/charts/build-bureau-bars-option.ts';
import { buildCategoryBarsOption } from '../../shared/charts/build-category-bars-option.ts';
import { buildSankeyOption } from '../../shared/charts/build-sankey-option.ts';
import { buildSupportHeatmapOption } from '../../shared/charts/build-support-heatmap-option.ts';
import { buildSupportTypesOption } from '../../shared/charts/build-support-types-option.ts';
import { buildTownCompareOption } from '../../shared/charts/build-town-compare-option.ts';
import { buildTownRankingOption } from '../../shared/charts/build-town-ranking-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import {
  BUREAUS,
  CATEGORY_ROWS,
  DEPARTMENT_ROWS,
  FLOWS,
  SUPPORT_CELLS,
  SUPPORT_TYPES_ROWS,
} from './seed-rows.ts';

// The builders live in shared/charts, the room both the dashboard and the server's SVG charts import.
const CHARTS = resolve(import.meta.dirname, '..', '..', 'shared', 'charts');

function builderFiles(): string[] {
  return readdirSync(CHARTS)
    .filter((f) => /^build-.+-option\.ts$/.test(f))
    .map((f) => join(CHARTS, f));
}

/** Every file a module reaches through value (non-type) relative imports, and its bare imports. */
function importGraph(entry: string, seen = new Set<string>(), bare = new Set<string>()) {
  if (seen.has(entry)) return { seen, bare };
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const m of source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gms)) {
    const [, typeOnly, spec = ''] = m;
    if (typeOnly) continue;
    if (spec.startsWith('.')) importGraph(resolve(dirname(entry), spec), seen, bare);
    else bare.add(spec);
  }
  for (const m of source.matchAll(/^import\s+'([^']+)';/gm)) bare.add(m[1] ?? '');
  return { seen, bare };
}

describe('option builders stay pure', () => {
  const files = builderFiles();

  it('finds the nine builders', () => {
    expect(files.map((f) => f.slice(CHARTS.length + 1)).sort()).toEqual([
      'build-bureau-bars-option.ts',
      'build-category-bars-option.ts',
      'build-changes-sankey-option.ts',
      'build-department-bars-option.ts',
      'build-sankey-option.ts',
      'build-support-heatmap-option.ts',
      'build-support-types-option.ts',
      'build-town-compare-option.ts',
      'build-town-ranking-option.ts',
    ]);
  });

  it.each(files.map((f) => [f.slice(CHARTS.length + 1), f]))(
    '%s imports no DOM, CSS, React or ECharts runtime',
    (_name, file) => {
      const { seen, bare } = importGraph(file);
      expect([...bare]).toEqual([]);
      for (const path of seen) {
        expect(path, path).toMatch(/\.ts$/);
        const source = readFileSync(path, 'utf8').replace(/\/\/.*$/gm, '');
        expect(source, path).not.toMatch(/\b(document|window|navigator|localStorage)\./);
      }
    },
  );
});

describe('option builders render server-side', () => {
  const zh = createTranslator('zh-CN');
  const options = {
    sankey: buildSankeyOption(FLOWS, zh),
    categories: buildCategoryBarsOption(CATEGORY_ROWS, zh),
    departments: buildDepartmentBarsOption(DEPARTMENT_ROWS, zh),
    bureaus: buildBureauBarsOption(BUREAUS, zh),
    heatmap: buildSupportHeatmapOption(SUPPORT_CELLS, zh),
    supportTypes: buildSupportTypesOption(SUPPORT_TYPES_ROWS, zh),
    towns: buildTownCompareOption([{ name: '阿龙山镇', rows: CATEGORY_ROWS }], zh),
    ranking: buildTownRankingOption(
      [
        {
          townId: 't2bbd4796eb',
          name: '阿龙山镇',
          fullName: '内蒙古自治区呼伦贝尔市根河市阿龙山镇',
          province: '内蒙古自治区',
          city: '呼伦贝尔市',
          county: '根河市',
          counts: { basic: 70, cooperative: 47, reclaimed: 64, total: 181 },
          reclaimedPenalties: 28,
          keptClauses: 30,
        },
      ],
      zh,
    ),
  };
  const expected: Record<keyof typeof options, string> = {
    sankey: '林业和草原局',
    categories: '生态环保',
    departments: '城市管理综合执法局',
    bureaus: '城市管理综合执法局',
    heatmap: '政策解读',
    supportTypes: '业务培训',
    towns: '阿龙山镇',
    ranking: '1. 阿龙山镇',
  };

  it.each(Object.keys(options) as Array<keyof typeof options>)(
    '%s renders to SVG with its labels',
    (name) => {
      const chart = echarts.init(null, null, {
        renderer: 'svg',
        ssr: true,
        width: 900,
        height: 600,
        locale: 'ZH',
      });
      chart.setOption({ ...options[name], animation: false });
      const svg = chart.renderToSVGString();
      chart.dispose();
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(expected[name]);
    },
  );
});
