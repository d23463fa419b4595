// The dashboard's charts that GET /api/charts/:name.svg and the Word report draw (named and titled in
// shared/charts/chart-names.ts): for each, its default height and the API's own queries that give its
// rows; chart-content.ts turns the rows into the chart.
import type { ChartName } from '../../shared/charts/chart-names.ts';
import type { Db } from '../db.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';
import { listCategoryCounts } from '../queries/categories.ts';
import { listDepartmentCounts } from '../queries/departments.ts';
import { getFlows } from '../queries/flows.ts';
import { listPenaltyBureaus } from '../queries/penalties.ts';
import { listSupportCells, listSupportTypes } from '../queries/support.ts';
import { listTowns } from '../queries/towns.ts';
import type { ChartData } from './chart-content.ts';

export interface ChartSpec<N extends ChartName = ChartName> {
  /** Height of the chart itself (the dashboard's), before the caption above it. */
  height: number;
  data(db: Db, filters: Filters): Promise<ChartData[N]>;
}

export const CHARTS: { [N in ChartName]: ChartSpec<N> } = {
  categories: { height: 340, data: (db, filters) => listCategoryCounts(db, filters) },
  flows: { height: 640, data: (db, filters) => getFlows(db, filters) },
  departments: { height: 640, data: (db, filters) => listDepartmentCounts(db, filters) },
  bureaus: {
    height: 360,
    data: async (db, filters) => {
      const { bureaus, total } = await listPenaltyBureaus(db, filters, {
        limit: LIST_DEFAULTS.bureaus,
        itemsLimit: 0,
      });
      return { bureaus, total };
    },
  },
  'support-heatmap': { height: 640, data: (db, filters) => listSupportCells(db, filters) },
  'support-types': { height: 320, data: (db, filters) => listSupportTypes(db, filters) },
  // The first two towns the filters select (by full name), side by side, as on the towns view.
  towns: {
    height: 420,
    data: async (db, filters) => {
      const { towns } = await listTowns(db, filters, { limit: 2, offset: 0 });
      return Promise.all(
        towns.map(async (town) => ({
          name: town.name,
          rows: await listCategoryCounts(db, { ...filters, town: [town.townId] }),
        })),
      );
    },
  },
};
