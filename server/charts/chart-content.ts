// How each dashboard chart that GET /api/charts/:name.svg and the Word report draw is built from its rows:
// the dashboard's own pure option builders (shared/charts), so a report embeds exactly what the dashboard
// shows. Pure, and free of the database: the rows (chart-specs.ts reads them) cross to the drawing thread
// (chart-svg-thread.ts), which builds the option there — an option holds functions, which cannot cross.
import type { EChartsOption } from 'echarts/types/dist/option';
import { bureauBarsHeight, buildBureauBarsOption } from '../../shared/charts/build-bureau-bars-option.ts';
import { buildCategoryBarsOption } from '../../shared/charts/build-category-bars-option.ts';
import {
  buildDepartmentBarsOption,
  departmentBarsHeight,
} from '../../shared/charts/build-department-bars-option.ts';
import { buildSankeyOption, sankeyHeight } from '../../shared/charts/build-sankey-option.ts';
import {
  buildSupportHeatmapOption,
  supportHeatmapHeight,
} from '../../shared/charts/build-support-heatmap-option.ts';
import {
  buildSupportTypesOption,
  supportTypesHeight,
} from '../../shared/charts/build-support-types-option.ts';
import { buildTownCompareOption } from '../../shared/charts/build-town-compare-option.ts';
import type { ChartName } from '../../shared/charts/chart-names.ts';
import type { Translate } from '../../shared/i18n.ts';
import type { listCategoryCounts } from '../queries/categories.ts';
import type { listDepartmentCounts } from '../queries/departments.ts';
import type { getFlows } from '../queries/flows.ts';
import type { BureauRow } from '../responses.ts';
import type { listSupportCells, listSupportTypes } from '../queries/support.ts';

type RowsOf<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/** The rows each chart is drawn from, as its queries answer them (plain data). */
export interface ChartData {
  categories: RowsOf<typeof listCategoryCounts>;
  flows: RowsOf<typeof getFlows>;
  departments: RowsOf<typeof listDepartmentCounts>;
  bureaus: { bureaus: BureauRow[]; total: number };
  'support-heatmap': RowsOf<typeof listSupportCells>;
  'support-types': RowsOf<typeof listSupportTypes>;
  /** The first two towns the filters select, each with its category counts. */
  towns: { name: string; rows: RowsOf<typeof listCategoryCounts> }[];
}

export interface ChartContent {
  /** null when the filters leave nothing to draw (the dashboard shows its empty state). */
  option: EChartsOption | null;
  /** Set when the chart shows only the busiest departments of more (the API's list caps). */
  departments?: { shown: number; total: number };
  /** The chart's height for these rows, when it follows them (the spec's height otherwise). */
  height?: number;
}

function content<T>(
  rows: readonly T[],
  build: (rows: readonly T[]) => EChartsOption,
  total?: number,
): ChartContent {
  return {
    option: rows.length > 0 ? build(rows) : null,
    ...(total !== undefined ? { departments: { shown: rows.length, total } } : {}),
  };
}

const CONTENT: { [N in ChartName]: (data: ChartData[N], t: Translate) => ChartContent } = {
  categories: (rows, t) => content(rows, (shown) => buildCategoryBarsOption(shown, t)),
  flows: (flows, t) => {
    const shown = flows.nodes.filter((node) => node.layer === 'department' && node.id !== 'department:town');
    return {
      option: flows.links.length > 0 ? buildSankeyOption(flows, t) : null,
      departments: { shown: shown.length, total: flows.departmentsTotal },
      height: sankeyHeight(flows, t),
    };
  },
  // The charts of one row per value are as tall as the dashboard draws them for the same rows.
  departments: ({ rows, total }, t) => ({
    ...content(rows, (shown) => buildDepartmentBarsOption(shown, t), total),
    height: departmentBarsHeight(rows, t),
  }),
  bureaus: ({ bureaus, total }, t) => ({
    ...content(bureaus, (shown) => buildBureauBarsOption(shown, t), total),
    height: bureauBarsHeight(bureaus, t),
  }),
  'support-heatmap': ({ cells, departmentsTotal }, t) => ({
    option: cells.length > 0 ? buildSupportHeatmapOption(cells, t) : null,
    departments: { shown: new Set(cells.map((cell) => cell.department)).size, total: departmentsTotal },
    height: supportHeatmapHeight(cells, t),
  }),
  'support-types': (rows, t) => ({
    ...content(rows, (shown) => buildSupportTypesOption(shown, t)),
    height: supportTypesHeight(rows),
  }),
  towns: (towns, t) => ({
    option: towns.some((town) => town.rows.length > 0) ? buildTownCompareOption(towns, t) : null,
  }),
};

/** The chart `name` drawn from its rows, in the language of `t`. */
export function chartContent<N extends ChartName>(name: N, data: ChartData[N], t: Translate): ChartContent {
  return CONTENT[name](data, t);
}

// What the dashboard shows when the filters leave nothing to draw, as a chart of its own.
export const emptyOption = (text: string): EChartsOption => ({
  title: {
    text,
    left: 'center',
    top: 'middle',
    textStyle: { fontSize: 14, fontWeight: 'normal', color: '#5B6472' },
  },
});
