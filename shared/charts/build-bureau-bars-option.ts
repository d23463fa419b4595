// Horizontal bars: reclaimed penalty (行政处罚) items per receiving department. Pure option builder.
import type { EChartsOption } from 'echarts/types/dist/option';
import {
  ariaSentence,
  axisLineStyle,
  axisTooltip,
  baseOption,
  byLang,
  countLabel,
  PLAIN_TEXT,
  departmentAxisLabel,
  countValueAxis,
  escapeHtml,
  rowsHeight,
  selectionStyle,
  type SelectionSettings,
} from './chart-base.ts';
import { formatNumber, truncate } from '../format.ts';
import { departmentLabel, departmentTypeLabel, type Translate } from '../i18n.ts';
import { kindColor } from './palette.ts';
import { severalTowns } from '../several-towns.ts';

export interface BureauRow {
  department: string;
  type: string;
  /** All the bureau's penalty items, even when `items` lists only the first of them. */
  count: number;
  items: Array<{ itemId: string; townName: string; seq: number; name: string }>;
}

/** Penalty items a bureau's tooltip lists; the dashboard asks the API for no more (itemsLimit). */
export const TOOLTIP_ITEMS = 8;

/** The chart's pixel height: a row per bureau (two lines in English), plus the axis. */
export function bureauBarsHeight(bureaus: readonly BureauRow[], t: Translate): number {
  return rowsHeight(bureaus.length, byLang(t, { 'zh-CN': 30, en: 34 }), 40);
}

export function buildBureauBarsOption(
  bureaus: readonly BureauRow[],
  t: Translate,
  settings: SelectionSettings = {},
): EChartsOption {
  const ordered = [...bureaus].sort(
    (a, b) => b.count - a.count || a.department.localeCompare(b.department, 'zh-CN'),
  );
  const byName = new Map(ordered.map((b) => [b.department, b]));
  const description = ariaSentence(
    t,
    'aria.bureaus',
    ordered.map((b) => `${departmentLabel(t, b.department)} ${formatNumber(b.count)}`),
  );
  const base = baseOption(settings, description);
  return {
    ...base,
    tooltip: axisTooltip(base, (list) => {
      const name = list[0]?.axisValue ?? '';
      const b = byName.get(name);
      if (!b) return escapeHtml(name);
      const shown = b.items.slice(0, TOOLTIP_ITEMS);
      // Items of several towns say whose they are: numbers restart in every town's list.
      const town = severalTowns(shown);
      const items = shown.map(
        (i) =>
          `${town ? `${escapeHtml(i.townName)} ` : ''}${formatNumber(i.seq)}. ${escapeHtml(truncate(i.name, 28))}`,
      );
      // The API lists at most itemsLimit items per bureau; count is always the full number.
      const more = b.count - shown.length;
      if (more > 0) items.push(`… +${formatNumber(more)}`);
      return [
        `<b>${escapeHtml(departmentLabel(t, b.department))}</b> · ${escapeHtml(departmentTypeLabel(t, b.type))}`,
        `${escapeHtml(t('chart.items'))}：<b>${formatNumber(b.count)}</b>`,
        ...items,
      ].join('<br/>');
    }),
    grid: { left: 8, right: 40, top: 8, bottom: 8 },
    xAxis: countValueAxis,
    yAxis: {
      type: 'category',
      inverse: true,
      data: ordered.map((b) => b.department),
      axisLine: axisLineStyle,
      axisTick: { show: false },
      axisLabel: {
        ...departmentAxisLabel(
          t,
          ordered.map((b) => b.department),
          settings.selected,
        ),
        interval: 0,
      },
      triggerEvent: true,
    },
    series: [
      {
        type: 'bar',
        id: 'kind:reclaimed',
        // The bars count reclaimed penalty items only (林草 7 of its 10 reclaimed items): say so.
        name: t('chart.penaltyItems'),
        barMaxWidth: 22,
        itemStyle: { color: kindColor('reclaimed') },
        label: { show: true, position: 'right', formatter: countLabel, ...PLAIN_TEXT },
        data: ordered.map((b) => ({
          value: b.count,
          itemStyle: selectionStyle(settings.selected, b.department),
        })),
      },
    ],
  };
}
