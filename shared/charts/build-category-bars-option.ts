// Grouped bars: items per category, one bar per list kind. Pure option builder (see build-sankey-option).
import type { EChartsOption } from 'echarts/types/dist/option';
import {
  axisLineStyle,
  axisTooltip,
  fitCategoryLabels,
  ariaSentence,
  baseOption,
  categoryTooltip,
  countLabel,
  LABELS_IN_GRID,
  PLAIN_TEXT,
  countValueAxis,
  selectedAxisLabel,
  selectionStyle,
  seriesSelectionOpacity,
  type SelectionSettings,
} from './chart-base.ts';
import { formatNumber } from '../format.ts';
import { categoryLabel, kindLabel, type Translate } from '../i18n.ts';
import { kindColor } from './palette.ts';
import { KINDS } from '../vocabulary.ts';

export interface CategoryRow {
  category: string;
  kind: string;
  count: number;
}

export interface CategoryMatrix {
  categories: string[];
  kinds: string[];
  /** counts[kindIndex][categoryIndex] */
  counts: number[][];
}

/** Categories in first-appearance order × the kinds present (in list order), zero-filled. */
export function categoryMatrix(rows: readonly CategoryRow[]): CategoryMatrix {
  const categories: string[] = [];
  for (const r of rows) if (!categories.includes(r.category)) categories.push(r.category);
  const kinds = KINDS.filter((k) => rows.some((r) => r.kind === k));
  const counts = kinds.map((k) =>
    categories.map((c) =>
      rows.filter((r) => r.kind === k && r.category === c).reduce((s, r) => s + r.count, 0),
    ),
  );
  return { categories, kinds, counts };
}

export function buildCategoryBarsOption(
  rows: readonly CategoryRow[],
  t: Translate,
  settings: SelectionSettings = {},
): EChartsOption {
  const { categories, kinds, counts } = categoryMatrix(rows);
  const description = ariaSentence(
    t,
    'aria.categories',
    categories.map(
      (c, ci) =>
        `${categoryLabel(t, c)} ${kinds.map((k, ki) => `${kindLabel(t, k)} ${formatNumber(counts[ki]?.[ci] ?? 0)}`).join(', ')}`,
    ),
  );
  const base = baseOption(settings, description);
  return {
    ...base,
    tooltip: axisTooltip(base, categoryTooltip),
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, ...LABELS_IN_GRID },
    xAxis: {
      type: 'category',
      data: categories,
      axisLine: axisLineStyle,
      axisTick: { show: false },
      axisLabel: {
        ...selectedAxisLabel(settings.selected, (c) => categoryLabel(t, c)),
        interval: 0,
        ...fitCategoryLabels(
          categories.map((c) => categoryLabel(t, c)),
          settings.width,
          settings.narrow === true,
        ),
      },
      triggerEvent: true,
    },
    yAxis: countValueAxis,
    series: kinds.map((kind, i) => ({
      type: 'bar' as const,
      id: `kind:${kind}`,
      name: kindLabel(t, kind),
      barMaxWidth: 22,
      itemStyle: { color: kindColor(kind), opacity: seriesSelectionOpacity(settings.selectedKinds, kind) },
      label: {
        show: true,
        position: 'top' as const,
        fontSize: 11,
        color: '#374151',
        formatter: countLabel,
        ...PLAIN_TEXT,
      },
      data: (counts[i] ?? []).map((value, ci) => ({
        value,
        itemStyle: selectionStyle(settings.selected, categories[ci] ?? ''),
      })),
    })),
  };
}
