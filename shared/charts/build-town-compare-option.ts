// Two towns side by side: one grid per town, categories down the side, stacked bars by list kind, the
// same value scale in both grids so lengths compare. With one town, one grid. Pure option builder.
import type { EChartsOption } from 'echarts/types/dist/option';
import {
  axisLineStyle,
  axisTooltip,
  baseOption,
  categoryTooltip,
  countLabel,
  PLAIN_TEXT,
  mutedLabel,
  splitLineStyle,
  type ChartOptionSettings,
} from './chart-base.ts';
import { formatNumber } from '../format.ts';
import { categoryLabel, kindLabel, type Translate } from '../i18n.ts';
import { kindColor } from './palette.ts';
import { KINDS } from '../vocabulary.ts';

export interface TownCategoryRow {
  category: string;
  kind: string;
  count: number;
}

export interface TownDistribution {
  name: string;
  rows: readonly TownCategoryRow[];
}

/** Union of both towns' categories, first town's order first. */
export function compareCategories(towns: readonly TownDistribution[]): string[] {
  const out: string[] = [];
  for (const town of towns) for (const r of town.rows) if (!out.includes(r.category)) out.push(r.category);
  return out;
}

function count(rows: readonly TownCategoryRow[], kind: string, category: string): number {
  return rows.filter((r) => r.kind === kind && r.category === category).reduce((s, r) => s + r.count, 0);
}

export function buildTownCompareOption(
  towns: readonly TownDistribution[],
  t: Translate,
  settings: ChartOptionSettings = {},
): EChartsOption {
  const shown = towns.slice(0, 2);
  const categories = compareCategories(shown);
  const totals = shown.flatMap((town) =>
    categories.map((c) => KINDS.reduce((s, k) => s + count(town.rows, k, c), 0)),
  );
  const max = Math.max(1, ...totals);
  const width = shown.length === 2 ? 44 : 92;
  const base = baseOption(settings);
  return {
    ...base,
    title: shown.map((town, i) => ({
      text: town.name,
      left: `${4 + i * 50}%`,
      top: 28,
      textStyle: { fontSize: 13, fontWeight: 'bold' as const },
    })),
    tooltip: axisTooltip(base, categoryTooltip),
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 10 },
    grid: shown.map((_, i) => ({
      left: `${4 + i * 50}%`,
      width: `${width}%`,
      top: 56,
      bottom: 8,
    })),
    xAxis: shown.map((_, i) => ({
      type: 'value' as const,
      gridIndex: i,
      max,
      minInterval: 1,
      splitLine: splitLineStyle,
      axisLabel: { ...mutedLabel, formatter: (v: number) => formatNumber(v) },
    })),
    yAxis: shown.map((_, i) => ({
      type: 'category' as const,
      gridIndex: i,
      inverse: true,
      data: categories,
      axisLine: axisLineStyle,
      axisTick: { show: false },
      axisLabel: { interval: 0, formatter: (c: string) => categoryLabel(t, c) },
    })),
    series: shown.flatMap((town, i) =>
      KINDS.map((kind) => ({
        type: 'bar' as const,
        id: `town${i}:kind:${kind}`,
        name: kindLabel(t, kind),
        stack: `town${i}`,
        xAxisIndex: i,
        yAxisIndex: i,
        barMaxWidth: 16,
        itemStyle: { color: kindColor(kind) },
        label: {
          show: true,
          position: 'inside' as const,
          fontSize: 10,
          color: '#fff',
          formatter: countLabel,
          ...PLAIN_TEXT,
        },
        data: categories.map((c) => count(town.rows, kind, c)),
      })),
    ),
  };
}
