// Stacked horizontal bars: items per department split by list kind (cooperative / reclaimed), grouped by
// department type with a labelled band per group. Pure option builder (see build-sankey-option).
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
  escapeHtml,
  mutedLabel,
  rowsHeight,
  selectionStyle,
  seriesSelectionOpacity,
  seriesLines,
  splitLineStyle,
  type SelectionSettings,
} from './chart-base.ts';
import { formatNumber } from '../format.ts';
import { departmentLabel, departmentTypeLabel, kindLabel, type Translate } from '../i18n.ts';
import { departmentTypeColor, kindColor } from './palette.ts';
import { DEPARTMENT_TYPES, LINKED_KINDS } from '../vocabulary.ts';

export interface DepartmentRow {
  department: string;
  type: string;
  cooperative: number;
  reclaimed: number;
  total: number;
}

/** One stacked bar per kind that links departments. */
export const DEPARTMENT_BAR_KINDS = LINKED_KINDS;

function typeRank(type: string): number {
  const i = (DEPARTMENT_TYPES as readonly string[]).indexOf(type);
  return i === -1 ? DEPARTMENT_TYPES.length : i;
}

/** Rows in chart order: by department type, then most items first, then name. */
export function orderDepartments(rows: readonly DepartmentRow[]): DepartmentRow[] {
  return [...rows].sort(
    (a, b) =>
      typeRank(a.type) - typeRank(b.type) ||
      b.total - a.total ||
      a.department.localeCompare(b.department, 'zh-CN'),
  );
}

/** Consecutive runs of one department type in chart order. */
export function departmentTypeGroups(
  ordered: readonly DepartmentRow[],
): Array<{ type: string; first: string; last: string; count: number }> {
  const groups: Array<{ type: string; first: string; last: string; count: number }> = [];
  for (const r of ordered) {
    const g = groups[groups.length - 1];
    if (g && g.type === r.type) {
      g.last = r.department;
      g.count += 1;
    } else groups.push({ type: r.type, first: r.department, last: r.department, count: 1 });
  }
  return groups;
}

/** Pixels above the first group (the legend) and below the last (the value axis). */
const LEGEND_PX = 40;
const AXIS_PX = 50;
/** A group's heading, in department rows. */
const HEADING_ROWS = 1.3;

/**
 * The chart's pixel height: a row per department and ~1.3 per group heading, plus legend and axis. The
 * dashboard sizes the chart with it and the exported SVG too, so 50 departments at national get the room
 * they have on screen, not a fixed height.
 */
export function departmentBarsHeight(rows: readonly DepartmentRow[], t: Translate): number {
  return unitsHeight(rowUnits(rows.length, departmentTypeGroups(orderDepartments(rows)).length), t);
}

/** Department rows and group headings, in rows. */
const rowUnits = (departments: number, groups: number) => departments + groups * HEADING_ROWS;
const unitsHeight = (units: number, t: Translate) =>
  rowsHeight(units, byLang(t, { 'zh-CN': 24, en: 32 }), LEGEND_PX + AXIS_PX);

const LABEL_WIDTH = 150;

/**
 * One grid per department type, stacked top to bottom with heights proportional to their department
 * counts, all on the same value scale; the group heading is a title above each grid. Departments are
 * the category values (full names), shortened only in axis labels.
 */
export function buildDepartmentBarsOption(
  rows: readonly DepartmentRow[],
  t: Translate,
  settings: SelectionSettings = {},
): EChartsOption {
  const ordered = orderDepartments(rows);
  const typeOf = new Map(ordered.map((r) => [r.department, r.type]));
  const groups = departmentTypeGroups(ordered);
  const longest = Math.max(1, ...ordered.map((r) => r.cooperative + r.reclaimed));
  // One shared, round scale so bar lengths compare across the groups.
  const max = longest <= 10 ? longest : Math.ceil(longest / 5) * 5;
  const units = rowUnits(ordered.length, groups.length);
  // In % of the height the chart is drawn at (its own, as a rule), so the legend and the axis keep their
  // pixels however many departments there are (6 % of a 50-department chart left ~90 px blank).
  const height = unitsHeight(units, t);
  const legendPct = (100 * LEGEND_PX) / height;
  const unitPct = (100 - legendPct - (100 * AXIS_PX) / height) / Math.max(units, 1);
  let cursor = legendPct;
  const layout = groups.map((g) => {
    const headingTop = cursor;
    const top = cursor + HEADING_ROWS * unitPct;
    const height = g.count * unitPct;
    cursor = top + height;
    return { ...g, headingTop, top, height, rows: ordered.filter((r) => r.type === g.type) };
  });
  const description = ariaSentence(
    t,
    'aria.departments',
    ordered.map(
      (r) =>
        `${departmentLabel(t, r.department)} ${DEPARTMENT_BAR_KINDS.map((k) => `${kindLabel(t, k)} ${formatNumber(r[k])}`).join(', ')}`,
    ),
  );
  const base = baseOption(settings, description);
  return {
    ...base,
    tooltip: axisTooltip(base, (list) => {
      const name = list[0]?.axisValue ?? '';
      const type = typeOf.get(name);
      const total = list.reduce((s, p) => s + p.value, 0);
      return [
        `<b>${escapeHtml(departmentLabel(t, name))}</b>${type ? ` · ${escapeHtml(departmentTypeLabel(t, type))}` : ''}`,
        ...seriesLines(list),
        `${escapeHtml(t('departments.total'))}：${formatNumber(total)}`,
      ].join('<br/>');
    }),
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 10 },
    title: layout.map((g) => ({
      text: t('departments.group', { type: departmentTypeLabel(t, g.type), n: formatNumber(g.count) }),
      top: `${g.headingTop}%`,
      left: 4,
      textStyle: { fontSize: 12, fontWeight: 'bold' as const, color: departmentTypeColor(g.type) },
    })),
    grid: layout.map((g) => ({
      // A fixed label column (not containLabel) so every group's bars start at the same x.
      left: LABEL_WIDTH + 12,
      right: 24,
      top: `${g.top}%`,
      height: `${g.height}%`,
    })),
    xAxis: layout.map((_, i) => ({
      type: 'value' as const,
      gridIndex: i,
      max,
      minInterval: 1,
      splitLine: splitLineStyle,
      axisLabel: { ...mutedLabel, show: i === layout.length - 1, formatter: (v: number) => formatNumber(v) },
    })),
    yAxis: layout.map((g, i) => ({
      type: 'category' as const,
      gridIndex: i,
      inverse: true,
      data: g.rows.map((r) => r.department),
      axisLine: axisLineStyle,
      axisTick: { show: false },
      // Fixed label width so every grid's bars start at the same x.
      axisLabel: {
        ...departmentAxisLabel(
          t,
          ordered.map((r) => r.department),
          settings.selected,
        ),
        interval: 0,
        fontSize: 12,
        width: LABEL_WIDTH,
        overflow: 'truncate' as const,
        align: 'right' as const,
      },
      triggerEvent: true,
    })),
    series: layout.flatMap((g, gi) =>
      DEPARTMENT_BAR_KINDS.map((kind) => ({
        type: 'bar' as const,
        id: `${g.type}:${kind}`,
        name: kindLabel(t, kind),
        stack: `items-${g.type}`,
        xAxisIndex: gi,
        yAxisIndex: gi,
        barMaxWidth: 16,
        itemStyle: { color: kindColor(kind), opacity: seriesSelectionOpacity(settings.selectedKinds, kind) },
        label: {
          show: true,
          position: 'inside' as const,
          fontSize: 11,
          color: '#fff',
          formatter: countLabel,
          ...PLAIN_TEXT,
        },
        data: g.rows.map((r) => ({
          value: r[kind],
          itemStyle: selectionStyle(settings.selected, r.department),
        })),
      })),
    ),
  };
}
