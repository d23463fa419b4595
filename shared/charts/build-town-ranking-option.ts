// Towns within a region ranked by one measure (items reclaimed by default): one horizontal bar per town,
// biggest first, the rank in the axis label, every count in the tooltip. Categories are town ids, so two
// towns of the same name (there are many 城关镇) stay apart and a click names exactly one town. Pure.
import type { EChartsOption } from 'echarts/types/dist/option';
import {
  axisLineStyle,
  baseOption,
  countLabel,
  LABELS_IN_GRID,
  PLAIN_TEXT,
  dot,
  escapeHtml,
  itemTooltip,
  mutedLabel,
  selectedAxisLabel,
  selectedItemStyle,
  splitLineStyle,
  type SelectionSettings,
} from './chart-base.ts';
import { formatNumber, truncate } from '../format.ts';
import { kindLabel, type Translate } from '../i18n.ts';
import { KIND_COLORS } from './palette.ts';
import { KINDS } from '../vocabulary.ts';

const [basic, cooperative, reclaimed] = KINDS;

/**
 * What towns can be ranked by (the sorts of GET /api/towns/compare other than by name): the items of
 * each list, reclaimed first, then all items and the penalty figures.
 */
export const RANKING_METRICS = [
  reclaimed,
  cooperative,
  basic,
  'total',
  'reclaimedPenalties',
  'keptClauses',
] as const;
export type RankingMetric = (typeof RANKING_METRICS)[number];

export interface TownRankingRow {
  townId: string;
  name: string;
  fullName: string;
  province: string | null;
  city: string | null;
  county: string | null;
  counts: { basic: number; cooperative: number; reclaimed: number; total: number };
  reclaimedPenalties: number;
  keptClauses: number;
}

export interface TownRankingSettings extends SelectionSettings {
  metric?: RankingMetric;
  /** Rank of the first row minus one (the page's offset). */
  offset?: number;
}

const METRIC_COLORS: Record<RankingMetric, string> = {
  reclaimed: KIND_COLORS.reclaimed,
  cooperative: KIND_COLORS.cooperative,
  basic: KIND_COLORS.basic,
  total: '#5B6B7F',
  reclaimedPenalties: '#A34D7F',
  keptClauses: '#3F6E8C',
};

export const ROW_HEIGHT = 26;
const CHROME_HEIGHT = 48;

/** Chart height that gives every town a readable row. */
export function rankingChartHeight(rows: number): number {
  return Math.max(160, CHROME_HEIGHT + rows * ROW_HEIGHT);
}

export function rankingValue(row: TownRankingRow, metric: RankingMetric): number {
  switch (metric) {
    case 'reclaimedPenalties':
      return row.reclaimedPenalties;
    case 'keptClauses':
      return row.keptClauses;
    default:
      return row.counts[metric];
  }
}

/** The town's name, with its county (or city) when another town on the page has the same name. */
export function rankingLabels(rows: readonly TownRankingRow[]): Map<string, string> {
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
  return new Map(
    rows.map((r) => {
      const where = r.county ?? r.city ?? r.province;
      return [r.townId, (seen.get(r.name) ?? 0) > 1 && where ? `${r.name}（${where}）` : r.name];
    }),
  );
}

export function buildTownRankingOption(
  rows: readonly TownRankingRow[],
  t: Translate,
  settings: TownRankingSettings = {},
): EChartsOption {
  const metric = settings.metric ?? 'reclaimed';
  const offset = settings.offset ?? 0;
  const selected = settings.selected;
  const anySelected = rows.some((r) => selected?.has(r.townId));
  const labels = rankingLabels(rows);
  const rank = new Map(rows.map((r, i) => [r.townId, offset + i + 1]));
  const byId = new Map(rows.map((r) => [r.townId, r]));
  const color = METRIC_COLORS[metric];
  const base = baseOption(settings);
  const axisLabel = selectedAxisLabel(
    selected,
    (id) => `${formatNumber(rank.get(id) ?? 0)}. ${truncate(labels.get(id) ?? id, 14)}`,
  );
  return {
    ...base,
    tooltip: itemTooltip(base, (params: { name?: string }) => {
      const id = params.name ?? '';
      const r = byId.get(id);
      if (!r) return '';
      const lines = [
        `<b>${formatNumber(rank.get(id) ?? 0)}. ${escapeHtml(r.name)}</b>`,
        `<span style="color:#5b6472">${escapeHtml(r.fullName)}</span>`,
        ...KINDS.map(
          (k) => `${dot(KIND_COLORS[k])}${escapeHtml(kindLabel(t, k))}：${formatNumber(r.counts[k])}`,
        ),
        `${escapeHtml(t('towns.penalties'))}：${formatNumber(r.reclaimedPenalties)}`,
        `${escapeHtml(t('towns.keptClauses'))}：${formatNumber(r.keptClauses)}`,
        `<span style="color:#5b6472">${escapeHtml(t('chart.clickHint'))}</span>`,
      ];
      return lines.join('<br/>');
    }),
    grid: { left: 8, right: 56, top: 8, bottom: 28, ...LABELS_IN_GRID },
    xAxis: {
      type: 'value',
      minInterval: 1,
      name: t(`towns.metric.${metric}`),
      nameLocation: 'middle',
      nameGap: 22,
      nameTextStyle: mutedLabel,
      splitLine: splitLineStyle,
      axisLabel: { ...mutedLabel, formatter: (v: number) => formatNumber(v) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.townId),
      axisLine: axisLineStyle,
      axisTick: { show: false },
      axisLabel: { interval: 0, ...axisLabel },
      triggerEvent: true,
    },
    series: [
      {
        type: 'bar',
        id: `ranking:${metric}`,
        name: t(`towns.metric.${metric}`),
        barMaxWidth: 18,
        cursor: 'pointer',
        label: { show: true, position: 'right', color: '#1f2a37', formatter: countLabel, ...PLAIN_TEXT },
        data: rows.map((r) => {
          const isSelected = selected?.has(r.townId) === true;
          return {
            name: r.townId,
            value: rankingValue(r, metric),
            itemStyle: {
              color,
              opacity: anySelected && !isSelected ? 0.45 : 1,
              ...selectedItemStyle(isSelected),
            },
          };
        }),
      },
    ],
  };
}
