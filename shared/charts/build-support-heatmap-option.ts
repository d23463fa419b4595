// Heatmap: departments × support types, each cell the number of cooperative items where that department
// gives that support. Pure option builder (see build-sankey-option).
import type { EChartsOption } from 'echarts/types/dist/option';
import {
  ariaSentence,
  baseOption,
  byLang,
  countLabel,
  PLAIN_TEXT,
  departmentAxisLabel,
  escapeHtml,
  itemTooltip,
  rowsHeight,
  selectedAxisLabel,
  selectedItemStyle,
  DIMMED_OPACITY,
  type ChartOptionSettings,
} from './chart-base.ts';
import { formatNumber } from '../format.ts';
import { departmentLabel, supportTypeLabel, supportTypeShortLabel, type Translate } from '../i18n.ts';
import { HEAT_RAMP } from './palette.ts';
import { SUPPORT_TYPES } from '../vocabulary.ts';

export interface SupportCell {
  department: string;
  supportType: string;
  items: number;
}

export interface SupportHeatmapSettings extends ChartOptionSettings {
  selectedDepartments?: ReadonlySet<string>;
  selectedSupportTypes?: ReadonlySet<string>;
}

/** Support types present, in taxonomy order; departments by total support given, most first. */
export function heatmapAxes(cells: readonly SupportCell[]): { types: string[]; departments: string[] } {
  const types = SUPPORT_TYPES.filter((s) =>
    cells.some((c) => c.supportType === s && c.items > 0),
  ) as string[];
  for (const c of cells) if (!types.includes(c.supportType)) types.push(c.supportType);
  const totals = new Map<string, number>();
  for (const c of cells) totals.set(c.department, (totals.get(c.department) ?? 0) + c.items);
  const departments = [...totals.keys()].sort(
    (a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b, 'zh-CN'),
  );
  return { types, departments };
}

/** The chart's pixel height: a row per department (two lines in English), plus the type axis and legend. */
export function supportHeatmapHeight(cells: readonly SupportCell[], t: Translate): number {
  return rowsHeight(heatmapAxes(cells).departments.length, byLang(t, { 'zh-CN': 26, en: 32 }), 110);
}

export function buildSupportHeatmapOption(
  cells: readonly SupportCell[],
  t: Translate,
  settings: SupportHeatmapSettings = {},
): EChartsOption {
  const { types, departments } = heatmapAxes(cells);
  const max = Math.max(1, ...cells.map((c) => c.items));
  const description = ariaSentence(
    t,
    'aria.heatmap',
    departments.map((d) => {
      const given = cells.filter((c) => c.department === d && c.items > 0);
      return `${departmentLabel(t, d)} ${given.map((c) => `${supportTypeLabel(t, c.supportType)} ${formatNumber(c.items)}`).join(', ')}`;
    }),
  );
  const base = baseOption(settings, description);
  return {
    ...base,
    tooltip: itemTooltip(
      base,
      ({
        data: d,
      }: {
        data: { department: string; supportType: string; value: [number, number, number] };
      }) => {
        return `<b>${escapeHtml(departmentLabel(t, d.department))}</b><br/>${escapeHtml(supportTypeLabel(t, d.supportType))}：<b>${formatNumber(
          d.value[2],
        )}</b>`;
      },
    ),
    grid: { left: 8, right: 16, top: 8, bottom: 64 },
    xAxis: {
      type: 'category',
      data: types,
      position: 'top',
      axisLine: { show: false },
      splitArea: { show: true },
      axisTick: { show: false },
      axisLabel: {
        // Short labels fit the narrow columns; the tooltip names the type in full.
        ...selectedAxisLabel(settings.selectedSupportTypes, (v) => supportTypeShortLabel(t, v)),
        interval: 0,
      },
      triggerEvent: true,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: departments,
      axisLine: { show: false },
      splitArea: { show: true },
      axisTick: { show: false },
      axisLabel: {
        ...departmentAxisLabel(t, departments, settings.selectedDepartments),
        interval: 0,
      },
      triggerEvent: true,
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 8,
      itemHeight: 160,
      itemWidth: 12,
      text: [formatNumber(max), '0'],
      inRange: { color: HEAT_RAMP },
    },
    series: [
      {
        type: 'heatmap',
        name: t('support.heatmap'),
        label: {
          show: true,
          fontSize: 11,
          formatter: countLabel,
          ...PLAIN_TEXT,
        },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 2 } },
        data: cells
          .filter((c) => c.items > 0)
          .map((c) => {
            // A cell is selected when it matches every axis that has a selection; the rest are dimmed.
            const depts = settings.selectedDepartments;
            const chosenTypes = settings.selectedSupportTypes;
            const anySelected = (depts?.size ?? 0) > 0 || (chosenTypes?.size ?? 0) > 0;
            const selected =
              anySelected &&
              (!depts?.size || depts.has(c.department)) &&
              (!chosenTypes?.size || chosenTypes.has(c.supportType));
            return {
              value: [types.indexOf(c.supportType), departments.indexOf(c.department), c.items] as [
                number,
                number,
                number,
              ],
              department: c.department,
              supportType: c.supportType,
              itemStyle: selected ? selectedItemStyle(true) : anySelected ? { opacity: DIMMED_OPACITY } : {},
            };
          }),
      },
    ],
  };
}
