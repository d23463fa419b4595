// `npx tsx tests/bench/filter-bench.ts --db PATH [--filters JSON] [--runs N]`
//
// Times every aggregate query of the dashboard in-process on one database (opened read-only) under
// filters the planner may or may not answer from the roll-ups (issue 13: a category, department-type or
// support-type filter at national), with the plan each takes. Each query runs --runs times (default 2:
// the first pays the cold reads); the table prints every run's milliseconds, the slower one against the
// target (TARGET_MS) and the load average.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDb, type Db } from '../../server/db.ts';
import type { Filters } from '../../server/filters/filter-schemas.ts';
import { listCategoryCounts } from '../../server/queries/categories.ts';
import { listDepartmentCounts } from '../../server/queries/departments.ts';
import { listDivergentDuties } from '../../server/queries/divergent-duties.ts';
import { getFlows } from '../../server/queries/flows.ts';
import { listItemPage } from '../../server/queries/items.ts';
import { listKeptPenalties, listPenaltyBureaus } from '../../server/queries/penalties.ts';
import { planFor } from '../../server/queries/plan.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { listSupportCells, listSupportTypes } from '../../server/queries/support.ts';
import { listTownComparison } from '../../server/queries/town-compare.ts';

/** Issue 13: every request of a view with one category filter within this, in-process at national. */
export const TARGET_MS = 500;

/** Every aggregate a dashboard view requests, at the API's defaults. */
export const VIEW_QUERIES: Record<string, (db: Db, filters: Filters) => Promise<unknown>> = {
  summary: (db, f) => getSummary(db, f),
  categories: (db, f) => listCategoryCounts(db, f),
  departments: (db, f) => listDepartmentCounts(db, f),
  'support types': (db, f) => listSupportTypes(db, f),
  'support cells': (db, f) => listSupportCells(db, f),
  flows: (db, f) => getFlows(db, f),
  'towns compared': (db, f) =>
    listTownComparison(db, { ...f, sort: 'reclaimed', order: 'desc', limit: 20, offset: 0 }),
  bureaus: (db, f) => listPenaltyBureaus(db, f),
  kept: (db, f) => listKeptPenalties(db, f),
  'divergent duties': (db, f) => listDivergentDuties(db, f, { limit: 50, offset: 0 }),
  'items by kind': (db, f) => listItemPage(db, f, { sort: 'kind', order: 'asc', limit: 50, offset: 0 }),
  'items by seq': (db, f) => listItemPage(db, f, { sort: 'seq', order: 'asc', limit: 50, offset: 0 }),
  'items by name': (db, f) => listItemPage(db, f, { sort: 'name', order: 'asc', limit: 50, offset: 0 }),
  'items by category': (db, f) =>
    listItemPage(db, f, { sort: 'category', order: 'asc', limit: 50, offset: 0 }),
};

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      filters: { type: 'string', default: '[{}]' },
      runs: { type: 'string', default: '2' },
      only: { type: 'string' },
    },
  });
  if (!values.db) throw new Error('--db PATH is required');
  const db = await openDb({ path: values.db, queryTimeoutMs: 120_000 });
  const runs = Number(values.runs);
  const only = values.only?.split(',');
  try {
    for (const filters of JSON.parse(values.filters) as Filters[]) {
      console.log(`\nfilters ${JSON.stringify(filters)} · load ${loadavg()[0]?.toFixed(2)}`);
      for (const [name, run] of Object.entries(VIEW_QUERIES)) {
        if (only && !only.includes(name)) continue;
        const times: string[] = [];
        for (let i = 0; i < runs; i++) {
          const start = performance.now();
          await run(db, filters);
          times.push((performance.now() - start).toFixed(0));
        }
        const plan = (await planFor(db, filters)).kind;
        const ratio = Math.max(...times.map(Number)) / TARGET_MS;
        console.log(
          `${name.padEnd(20)} ${plan.padEnd(7)} ${times.map((t) => t.padStart(6)).join(' ')} ms · ${ratio.toFixed(2)} of ${TARGET_MS} ms ${ratio <= 1 ? 'met' : 'MISSED'}`,
        );
      }
    }
  } finally {
    await db.close();
  }
}

await main();
