// The data a chart draws, read back from its ECharts option as a plain table, for charts whose view gives
// no table of its own: category bars (one column per series), heatmaps (one row per cell) and Sankey
// diagrams (one row per link). Pure; values are the option's own data, never re-queried.
import type { EChartsOption } from 'echarts/types/dist/option';
import type { Cell, DataTable } from './data-table.ts';

export interface OptionTableLabels {
  /** Header of the category column of bars, and of the row/column axes of a heatmap. */
  category: string;
  column: string;
  count: string;
  from: string;
  to: string;
  /** Sankey nodes: the town itself (`department:town`) and list kinds (`kind:basic`) in words. */
  town: string;
  kind: (kind: string) => string;
  /** Axis values that are codes (support types) in words; other values unchanged. */
  term: (value: string) => string;
  /**
   * What a chart's category axis names (the rows of bars and of a heatmap), in words, when the caller
   * knows it: categories in the reader's language, departments with their English gloss. Default `term`.
   */
  axisValue?: (value: string) => string;
  /** Sankey nodes of the category and department layers in words (default: as stored). */
  categoryName?: (name: string) => string;
  departmentName?: (name: string) => string;
}

type Obj = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function numberOf(datum: unknown): Cell {
  const v = isObj(datum) ? datum.value : datum;
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'number' ? last : last === null || last === undefined ? null : Number(last);
}

/** `category:党的建设` → `党的建设` (or its words): Sankey node ids carry their layer. */
function nodeName(id: string, labels: OptionTableLabels): string {
  if (id === 'department:town') return labels.town;
  const [, layer = '', name = id] = /^([a-z]+):(.*)$/s.exec(id) ?? [];
  if (layer === 'kind') return labels.kind(name);
  if (layer === 'category') return labels.categoryName?.(name) ?? name;
  if (layer === 'department') return labels.departmentName?.(name) ?? name;
  return name;
}

function sankeyTable(series: Obj, name: string, labels: OptionTableLabels): DataTable {
  const label = (id: string) => nodeName(id, labels);
  return {
    name,
    columns: [{ header: labels.from }, { header: labels.to }, { header: labels.count }],
    rows: asArray(series.links ?? series.edges)
      .filter(isObj)
      .map((l) => [label(String(l.source)), label(String(l.target)), numberOf(l.value)]),
  };
}

const axisValue = (labels: OptionTableLabels) => labels.axisValue ?? labels.term;

function categoryData(axis: unknown): string[] {
  return isObj(axis) && axis.type === 'category'
    ? asArray(axis.data).map((d) => String(isObj(d) ? d.value : d))
    : [];
}

function heatmapTable(option: Obj, series: Obj, name: string, labels: OptionTableLabels): DataTable {
  const xs = categoryData(asArray(option.xAxis)[0]);
  const ys = categoryData(asArray(option.yAxis)[0]);
  const rows: Cell[][] = [];
  for (const d of asArray(series.data)) {
    const v = isObj(d) ? d.value : d;
    if (!Array.isArray(v)) continue;
    const [x, y, value] = v as [number, number, number];
    rows.push([axisValue(labels)(ys[y] ?? String(y)), labels.term(xs[x] ?? String(x)), numberOf(value)]);
  }
  return {
    name,
    columns: [{ header: labels.category }, { header: labels.column }, { header: labels.count }],
    rows,
  };
}

function barTable(option: Obj, series: Obj[], name: string, labels: OptionTableLabels): DataTable | null {
  const yAxes = asArray(option.yAxis);
  const xAxes = asArray(option.xAxis);
  const horizontal = yAxes.some((a) => isObj(a) && a.type === 'category');
  const axes = horizontal ? yAxes : xAxes;
  const axisKey = horizontal ? 'yAxisIndex' : 'xAxisIndex';
  const seriesNames: string[] = [];
  for (const s of series) {
    const n = typeof s.name === 'string' ? s.name : labels.count;
    if (!seriesNames.includes(n)) seriesNames.push(n);
  }
  const rows: Cell[][] = [];
  axes.forEach((axis, axisIndex) => {
    const categories = categoryData(axis);
    const own = series.filter((s) => (typeof s[axisKey] === 'number' ? s[axisKey] : 0) === axisIndex);
    categories.forEach((category, ci) => {
      const row: Cell[] = [axisValue(labels)(category), ...seriesNames.map(() => 0)];
      for (const s of own) {
        const col = seriesNames.indexOf(typeof s.name === 'string' ? s.name : labels.count);
        row[col + 1] = numberOf(asArray(s.data)[ci]);
      }
      rows.push(row);
    });
  });
  if (rows.length === 0) return null;
  return {
    name,
    columns: [{ header: labels.category }, ...seriesNames.map((header) => ({ header }))],
    rows,
  };
}

/** The chart's data as a table, or null for an option this reader does not know. */
export function optionToTable(
  option: EChartsOption,
  name: string,
  labels: OptionTableLabels,
): DataTable | null {
  const o = option as Obj;
  const series = asArray(o.series).filter(isObj);
  const sankey = series.find((s) => s.type === 'sankey');
  if (sankey) return sankeyTable(sankey, name, labels);
  const heatmap = series.find((s) => s.type === 'heatmap');
  if (heatmap) return heatmapTable(o, heatmap, name, labels);
  const bars = series.filter((s) => s.type === 'bar');
  if (bars.length > 0) return barTable(o, bars, name, labels);
  return null;
}
