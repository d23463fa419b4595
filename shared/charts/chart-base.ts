// Option pieces every chart shares (accessibility, typography, tooltip look, selected-label style).
// Pure and DOM-free like the option builders that use it, so the same options can be rendered in Node.
import type { DefaultLabelFormatterCallbackParams, EChartsOption } from 'echarts/types/dist/option';
import { axisDepartmentLabels, formatNumber, truncate } from '../format.ts';
import { departmentGlossLabel, type Translate } from '../i18n.ts';
import { longestWordWidth } from '../text-width.ts';
import {
  FONT_FAMILY,
  GRID_LINE_COLOR,
  MUTED_TEXT_COLOR,
  SELECTED_BORDER_COLOR,
  TEXT_COLOR,
} from './palette.ts';

export interface ChartOptionSettings {
  /** Decal patterns on series (colour-blind aid). */
  decal?: boolean;
}

/** Settings shared by all option builders: selected values are highlighted, not hidden. */
export interface SelectionSettings extends ChartOptionSettings {
  selected?: ReadonlySet<string>;
  /** List kinds selected (a legend is a kind filter): the other kinds' series are dimmed. */
  selectedKinds?: ReadonlySet<string>;
  /** A phone-narrow chart: category labels are rotated instead of overlapping. */
  narrow?: boolean;
  /**
   * The chart's width in px, when known: category labels then break into lines to fit their share of the
   * axis instead of running into their neighbours (categoryLabelWidth).
   */
  width?: number;
}

/**
 * `description` is what a screen reader hears for the chart: a sentence with names and numbers
 * (ariaSentence), instead of ECharts' generated "数据是2，0，2，NaN".
 */
export function baseOption(settings: ChartOptionSettings = {}, description?: string): EChartsOption {
  return {
    aria: {
      enabled: true,
      decal: { show: settings.decal === true },
      ...(description ? { label: { enabled: true, description } } : {}),
    },
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT_COLOR, fontSize: 12 },
    animationDuration: 300,
    animationDurationUpdate: 300,
    tooltip: {
      confine: true,
      backgroundColor: 'rgba(255,255,255,0.97)',
      borderColor: GRID_LINE_COLOR,
      textStyle: { color: TEXT_COLOR, fontSize: 12, fontFamily: FONT_FAMILY },
      extraCssText: 'box-shadow: 0 2px 8px rgba(15,23,42,.12); max-width: 360px; white-space: normal;',
    },
  };
}

/** The sentences of chart descriptions (`aria.*` in the dictionary). */
export type AriaKey =
  | 'aria.categories'
  | 'aria.departments'
  | 'aria.bureaus'
  | 'aria.supportTypes'
  | 'aria.heatmap'
  | 'aria.flows'
  | 'aria.changes';

/** A chart described in one sentence: how many rows, then each row's name and numbers. */
export function ariaSentence(t: Translate, key: AriaKey, rows: readonly string[]): string {
  return t(key, { n: formatNumber(rows.length), rows: rows.join(t('aria.separator')) });
}

/** Axis-label formatter that bolds selected values; `display` shortens the value for the axis. */
export function selectedAxisLabel(
  selected: ReadonlySet<string> | undefined,
  display: (value: string) => string = (v) => v,
): { formatter: (value: string) => string; rich: Record<string, object> } {
  return {
    formatter: (value: string) => {
      const text = display(value);
      return selected?.has(value) ? `{sel|▶ ${text}}` : text;
    },
    rich: { sel: { fontWeight: 'bold', color: SELECTED_BORDER_COLOR } },
  };
}

/**
 * Axis labels of the departments `names`: the short Chinese name (whole where two would read the same;
 * bold when selected) and, in English, the bureau's function on a second, smaller line. Values stay the
 * full names, so clicks still name the department.
 */
export function departmentAxisLabel(
  t: Translate,
  names: readonly string[],
  selected: ReadonlySet<string> | undefined,
  max = 11,
): { formatter: (value: string) => string; rich: Record<string, object> } {
  const base = selectedAxisLabel(selected, axisDepartmentLabels(names, max));
  return {
    formatter: (value: string) => withGlossLine(t, value, base.formatter(value)),
    rich: { ...base.rich, ...GLOSS_RICH },
  };
}

/** The rich-text style of a department's English gloss on the line under its Chinese name. */
export const GLOSS_RICH = { gloss: { fontSize: 9, color: MUTED_TEXT_COLOR, lineHeight: 11 } };

/**
 * A department's label `text` (its Chinese name, however shortened) and, in English, the bureau's function
 * on a second, smaller line (`{gloss|…}`, styled by GLOSS_RICH), as everywhere else in the dashboard.
 */
export function withGlossLine(t: Translate, department: string, text: string, glossMax = 30): string {
  const gloss = departmentGlossLabel(t, department);
  return gloss ? `${text}\n{gloss|${truncate(gloss, glossMax).replace(/[{}|]/g, '')}}` : text;
}

/** Border that marks a selected bar or node. */
export function selectedItemStyle(isSelected: boolean): { borderColor?: string; borderWidth?: number } {
  return isSelected ? { borderColor: SELECTED_BORDER_COLOR, borderWidth: 2 } : {};
}

/** Opacity of the values a selection leaves out: still readable and clickable, clearly in the back. */
export const DIMMED_OPACITY = 0.3;

/**
 * The style of one value of a chart that keeps all its values while some are selected (cross-filtering:
 * the chart a selection is made in is not filtered by it): nothing selected → plain; this value
 * selected → a border; another value selected → dimmed.
 */
export function selectionStyle(
  selected: ReadonlySet<string> | undefined,
  value: string,
): { borderColor?: string; borderWidth?: number; opacity?: number } {
  if (!selected || selected.size === 0) return {};
  return selected.has(value) ? selectedItemStyle(true) : { opacity: DIMMED_OPACITY };
}

/** A whole series (a list kind in a legend) dimmed when other series are selected. */
export function seriesSelectionOpacity(selected: ReadonlySet<string> | undefined, value: string): number {
  return selected && selected.size > 0 && !selected.has(value) ? DIMMED_OPACITY : 1;
}

/** A value per language, picked by `t`'s (row heights: English labels carry a gloss line, two lines in all). */
export function byLang<T>(t: Translate, values: { 'zh-CN': T; en: T }): T {
  return t('app.langCode') === 'en' ? values.en : values['zh-CN'];
}

/** Pixel height of a chart of `rows` horizontal rows: `perRow` each plus `chrome` (legend, axis), bounded. */
export function rowsHeight(rows: number, perRow: number, chrome: number, min = 160, max = 2400): number {
  return Math.min(max, Math.max(min, Math.round(rows * perRow + chrome)));
}

/**
 * The width a category axis's label may take on a chart `chartWidth` px wide with `count` categories: its
 * share of the plot (the chart less ~60 px of value axis and margins) less a gap of 8 px, at least 40 px.
 * English category names run to ~180 px at 12 px ("Urban and rural development"); at this width ECharts
 * breaks them between words (overflow 'break').
 */
export function categoryLabelWidth(chartWidth: number, count: number): number {
  return Math.max(40, Math.floor((chartWidth - 60) / Math.max(1, count)) - 8);
}

/**
 * A category axis's labels laid out for a chart `chartWidth` px wide: side by side, each breaks into lines
 * within its category's share of the axis; where a word is wider than that share (a phone, or many
 * categories), all are rotated. Without a width (not known yet), on one line each.
 */
export function fitCategoryLabels(
  labels: readonly string[],
  chartWidth: number | undefined,
  narrow: boolean,
): { fontSize: number; rotate: number; width?: number; overflow?: 'break' } {
  const fontSize = narrow ? 11 : 12;
  if (narrow) return { fontSize, rotate: 50 };
  if (chartWidth === undefined) return { fontSize, rotate: 0 };
  const width = categoryLabelWidth(chartWidth, labels.length);
  if (longestWordWidth(labels, fontSize) > width) return { fontSize, rotate: 50 };
  return { fontSize, rotate: 0, width, overflow: 'break' };
}

/**
 * A grid whose left/right/top/bottom bound its axis labels too, not only its axes: ECharts 6's own form of
 * the deprecated `containLabel: true` (which, without `use(LegacyGridContainLabel)`, it laid out this way
 * and warned about at each process's first such chart). The clamps are 0 as there: long labels may narrow
 * the plot as far as they need.
 */
export const LABELS_IN_GRID = {
  outerBoundsMode: 'same',
  outerBoundsContain: 'axisLabel',
  outerBoundsClampWidth: 0,
  outerBoundsClampHeight: 0,
} as const;

export const axisLineStyle = { lineStyle: { color: GRID_LINE_COLOR } };
export const splitLineStyle = { lineStyle: { color: GRID_LINE_COLOR } };
export const mutedLabel = { color: MUTED_TEXT_COLOR };

/** The value axis of an item-count bar chart: whole numbers, light grid lines, zh-CN number format. */
export const countValueAxis = {
  type: 'value' as const,
  minInterval: 1,
  splitLine: splitLineStyle,
  axisLabel: { ...mutedLabel, formatter: (v: number) => formatNumber(v) },
};

/** Escapes text for ECharts HTML tooltips. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A coloured dot for tooltip rows. */
export function dot(color: string): string {
  return `<span style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${color};margin-right:6px"></span>`;
}

/** One bar of an axis tooltip, as ECharts hands it to the formatter. */
export interface AxisTooltipRow {
  axisValue: string;
  seriesName: string;
  value: number;
  color: string;
}

/** The tooltip of a bar chart: every bar of the category under the pointer (shaded), as `format` writes them. */
export function axisTooltip(base: EChartsOption, format: (rows: AxisTooltipRow[]) => string) {
  return {
    ...(base.tooltip as object),
    trigger: 'axis' as const,
    axisPointer: { type: 'shadow' as const },
    formatter: (params: unknown) => format(params as AxisTooltipRow[]),
  };
}

/** The tooltip of one item (node, link, cell, bar), as `format` writes it from ECharts' params. */
export function itemTooltip<P>(base: EChartsOption, format: (params: P) => string) {
  return {
    ...(base.tooltip as object),
    trigger: 'item' as const,
    formatter: (params: unknown) => format(params as P),
  };
}

/**
 * A Sankey's item tooltip: an edge as `source → target` over its value (both named by `label`), a node as
 * `node(id)` writes it.
 */
export function sankeyTooltip(
  base: EChartsOption,
  label: (id: string) => string,
  node: (id: string) => string,
) {
  return itemTooltip(
    base,
    (p: { dataType?: string; data: { name?: string; source?: string; target?: string; value?: number } }) => {
      if (p.dataType !== 'edge') return node(p.data.name ?? '');
      const { source = '', target = '', value = 0 } = p.data;
      return `${escapeHtml(label(source))} → ${escapeHtml(label(target))}<br/><b>${formatNumber(value)}</b>`;
    },
  );
}

/** `● <series>：<count>` for each bar. */
export function seriesLines(rows: readonly AxisTooltipRow[]): string[] {
  return rows.map((p) => `${dot(p.color)}${escapeHtml(p.seriesName)}：${formatNumber(p.value)}`);
}

/** The category in bold, then one line per bar. */
export function categoryTooltip(rows: readonly AxisTooltipRow[]): string {
  return [rows[0] ? `<b>${escapeHtml(rows[0].axisValue)}</b>` : '', ...seriesLines(rows)].join('<br/>');
}

/**
 * Count labels without a text outline: an outlined label is printed as an outline run and a fill run,
 * so text copied from a PDF of the report read 7 as "77".
 */
export const PLAIN_TEXT = { textBorderWidth: 0, textBorderColor: 'transparent' } as const;

/** The numeric value of a label callback's data: the value itself, or the last entry of [x, y, value]. */
export function labelValue(p: DefaultLabelFormatterCallbackParams): number {
  const v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
  return typeof v === 'number' ? v : Number(v ?? 0);
}

/** Bar and cell labels: the formatted count, nothing for zero so empty segments stay clean. */
export function countLabel(p: DefaultLabelFormatterCallbackParams): string {
  const v = labelValue(p);
  return v > 0 ? formatNumber(v) : '';
}
