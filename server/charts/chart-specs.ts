// The dashboard's charts that GET /api/charts/:name.svg renders (named and titled in
// shared/charts/chart-names.ts): for each, its default height and how to build its ECharts option from
// the API's own queries with the dashboard's own pure option builders (shared/charts), so a report
// embeds exactly what the dashboard shows.
import type { EChartsOption } from 'echarts/types/dist/option';
import { buildDepartmentBarsOption } from '../../shared/charts/build-department-bars-option.ts';
import { buildBureauBarsOption } from '../../shared/charts/build-bureau-bars-option.ts';
import { buildCategoryBarsOption } from '../../shared/charts/build-category-bars-option.ts';
import { buildSankeyOption, sankeyHeight } from '../../shared/charts/build-sankey-option.ts';
import { buildSupportHeatmapOption } from '../../shared/charts/build-support-heatmap-option.ts';
import { buildSupportTypesOption } from '../../shared/charts/build-support-types-option.ts';
import { buildTownCompareOption } from '../../shared/charts/build-town-compare-option.ts';
import type { ChartName } from '../../shared/charts/chart-names.ts';
import type { Translate } from '../../shared/i18n.ts';
import type { Db } from '../db.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';
import { listCategoryCounts } from '../queries/categories.ts';
import { listDepartmentCounts } from '../queries/departments.ts';
import { getFlows } from '../queries/flows.ts';
import { listPenaltyBureaus } from '../queries/penalties.ts';
import { listSupportCells, listSupportTypes } from '../queries/support.ts';
import { listTowns } from '../queries/towns.ts';

export interface ChartSpec {
  /** Height of the chart itself (the dashboard's), before the caption above it. */
  height: number;
  option(db: Db, filters: Filters, t: Translate): Promise<ChartContent>;
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

export const CHARTS = {
  categories: {
    height: 340,
    option: async (db, filters, t) =>
      content(await listCategoryCounts(db, filters), (rows) => buildCategoryBarsOption(rows, t)),
  },
  flows: {
    height: 640,
    option: async (db, filters, t) => {
      const flows = await getFlows(db, filters);
      const shown = flows.nodes.filter(
        (node) => node.layer === 'department' && node.id !== 'department:town',
      );
      return {
        option: flows.links.length > 0 ? buildSankeyOption(flows, t) : null,
        departments: { shown: shown.length, total: flows.departmentsTotal },
        height: sankeyHeight(flows, t),
      };
    },
  },
  departments: {
    height: 640,
    option: async (db, filters, t) => {
      const { rows, total } = await listDepartmentCounts(db, filters);
      return content(rows, (shown) => buildDepartmentBarsOption(shown, t), total);
    },
  },
  bureaus: {
    height: 360,
    option: async (db, filters, t) => {
      const { bureaus, total } = await listPenaltyBureaus(db, filters, {
        limit: LIST_DEFAULTS.bureaus,
        itemsLimit: 0,
      });
      return content(bureaus, (shown) => buildBureauBarsOption(shown, t), total);
    },
  },
  'support-heatmap': {
    height: 640,
    option: async (db, filters, t) => {
      const { cells, departmentsTotal } = await listSupportCells(db, filters);
      const shown = new Set(cells.map((cell) => cell.department)).size;
      return {
        option: cells.length > 0 ? buildSupportHeatmapOption(cells, t) : null,
        departments: { shown, total: departmentsTotal },
      };
    },
  },
  'support-types': {
    height: 320,
    option: async (db, filters, t) =>
      content(await listSupportTypes(db, filters), (rows) => buildSupportTypesOption(rows, t)),
  },
  // The first two towns the filters select (by full name), side by side, as on the towns view.
  towns: {
    height: 420,
    option: async (db, filters, t) => {
      const { towns } = await listTowns(db, filters, { limit: 2, offset: 0 });
      const distributions = await Promise.all(
        towns.map(async (town) => ({
          name: town.name,
          rows: await listCategoryCounts(db, { ...filters, town: [town.townId] }),
        })),
      );
      return {
        option: distributions.some((town) => town.rows.length > 0)
          ? buildTownCompareOption(distributions, t)
          : null,
      };
    },
  },
} satisfies Record<ChartName, ChartSpec>;
