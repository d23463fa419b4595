// The dashboard's charts that GET /api/charts/:name.svg renders: for each, its title (an i18n key),
// default height, and how to build its ECharts option from the API's own queries with the dashboard's
// own pure option builders (client/features/*/charts), so a report embeds exactly what the dashboard shows.
import type { EChartsOption } from 'echarts';
import { buildDepartmentBarsOption } from '../../client/features/departments/charts/build-department-bars-option.ts';
import { buildBureauBarsOption } from '../../client/features/enforcement/charts/build-bureau-bars-option.ts';
import { buildCategoryBarsOption } from '../../client/features/overview/charts/build-category-bars-option.ts';
import { buildSankeyOption } from '../../client/features/overview/charts/build-sankey-option.ts';
import { buildSupportHeatmapOption } from '../../client/features/support/charts/build-support-heatmap-option.ts';
import { buildSupportTypesOption } from '../../client/features/support/charts/build-support-types-option.ts';
import { buildTownCompareOption } from '../../client/features/towns/charts/build-town-compare-option.ts';
import type { MessageKey, Translate } from '../../client/lib/i18n.ts';
import type { Db } from '../db.ts';
import type { Filters } from '../filters.ts';
import { listCategoryCounts } from '../queries/categories.ts';
import { listDepartmentCounts } from '../queries/departments.ts';
import { getFlows } from '../queries/flows.ts';
import { listPenaltyBureaus } from '../queries/penalties.ts';
import { listSupportCells, listSupportTypes } from '../queries/support.ts';
import { listTowns } from '../queries/towns.ts';

export interface ChartSpec {
  /** The chart's heading on the dashboard. */
  title: MessageKey;
  /** Height of the chart itself (the dashboard's), before the caption above it. */
  height: number;
  /** The option, or null when the filters leave nothing to draw (the dashboard shows its empty state). */
  option(db: Db, filters: Filters, t: Translate): Promise<EChartsOption | null>;
}

const unlessEmpty = <T>(rows: readonly T[], build: (rows: readonly T[]) => EChartsOption) =>
  rows.length > 0 ? build(rows) : null;

export const CHARTS = {
  categories: {
    title: 'overview.categories',
    height: 340,
    option: async (db, filters, t) =>
      unlessEmpty(await listCategoryCounts(db, filters), (rows) => buildCategoryBarsOption(rows, t)),
  },
  flows: {
    title: 'overview.flows',
    height: 640,
    option: async (db, filters, t) => {
      const flows = await getFlows(db, filters);
      return flows.links.length > 0 ? buildSankeyOption(flows, t) : null;
    },
  },
  departments: {
    title: 'departments.chart',
    height: 640,
    option: async (db, filters, t) =>
      unlessEmpty(await listDepartmentCounts(db, filters), (rows) => buildDepartmentBarsOption(rows, t)),
  },
  bureaus: {
    title: 'enforcement.bureaus',
    height: 360,
    option: async (db, filters, t) =>
      unlessEmpty(await listPenaltyBureaus(db, filters), (rows) => buildBureauBarsOption(rows, t)),
  },
  'support-heatmap': {
    title: 'support.heatmap',
    height: 640,
    option: async (db, filters, t) =>
      unlessEmpty(await listSupportCells(db, filters), (rows) => buildSupportHeatmapOption(rows, t)),
  },
  'support-types': {
    title: 'support.types',
    height: 320,
    option: async (db, filters, t) =>
      unlessEmpty(await listSupportTypes(db, filters), (rows) => buildSupportTypesOption(rows, t)),
  },
  // The first two towns the filters select (by full name), side by side, as on the towns view.
  towns: {
    title: 'towns.compare',
    height: 420,
    option: async (db, filters, t) => {
      const towns = (await listTowns(db, { town: filters.town, region: filters.region })).slice(0, 2);
      const distributions = await Promise.all(
        towns.map(async (town) => ({
          name: town.name,
          rows: await listCategoryCounts(db, { ...filters, town: [town.townId] }),
        })),
      );
      return distributions.some((town) => town.rows.length > 0)
        ? buildTownCompareOption(distributions, t)
        : null;
    },
  },
} satisfies Record<string, ChartSpec>;

export type ChartName = keyof typeof CHARTS;
export const CHART_NAMES = Object.keys(CHARTS) as ChartName[];

export function isChartName(name: string): name is ChartName {
  return Object.prototype.hasOwnProperty.call(CHARTS, name);
}
