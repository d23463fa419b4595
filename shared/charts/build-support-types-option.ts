// Horizontal bars: how many cooperative items come with each support type. Pure option builder.
import type { EChartsOption } from 'echarts/types/dist/option';
import {
  ariaSentence,
  axisLineStyle,
  axisTooltip,
  baseOption,
  countLabel,
  PLAIN_TEXT,
  countValueAxis,
  escapeHtml,
  rowsHeight,
  selectedAxisLabel,
  selectionStyle,
  type SelectionSettings,
} from './chart-base.ts';
import { formatNumber } from '../format.ts';
import { supportTypeLabel, type Translate } from '../i18n.ts';
import { supportTypeColor } from './palette.ts';

export interface SupportTypeRow {
  supportType: string;
  items: number;
}

/** The chart's pixel height: a row per support type, plus the axis. */
export function supportTypesHeight(types: readonly SupportTypeRow[]): number {
  return rowsHeight(types.length, 34, 40);
}

export function buildSupportTypesOption(
  types: readonly SupportTypeRow[],
  t: Translate,
  settings: SelectionSettings = {},
): EChartsOption {
  const ordered = [...types].sort((a, b) => b.items - a.items);
  const description = ariaSentence(
    t,
    'aria.supportTypes',
    ordered.map((r) => `${supportTypeLabel(t, r.supportType)} ${formatNumber(r.items)}`),
  );
  const base = baseOption(settings, description);
  return {
    ...base,
    tooltip: axisTooltip(base, (list) => {
      const p = list[0];
      return p
        ? `<b>${escapeHtml(supportTypeLabel(t, p.axisValue))}</b><br/>${escapeHtml(t('chart.items'))}：${formatNumber(p.value)}`
        : '';
    }),
    grid: { left: 8, right: 40, top: 8, bottom: 8 },
    xAxis: countValueAxis,
    yAxis: {
      type: 'category',
      inverse: true,
      data: ordered.map((r) => r.supportType),
      axisLine: axisLineStyle,
      axisTick: { show: false },
      axisLabel: { ...selectedAxisLabel(settings.selected, (v) => supportTypeLabel(t, v)), interval: 0 },
      triggerEvent: true,
    },
    series: [
      {
        type: 'bar',
        name: t('chart.items'),
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: countLabel, ...PLAIN_TEXT },
        data: ordered.map((r) => ({
          value: r.items,
          itemStyle: {
            color: supportTypeColor(r.supportType),
            ...selectionStyle(settings.selected, r.supportType),
          },
        })),
      },
    ],
  };
}
