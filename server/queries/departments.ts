// Filtered items per linked department, split by list kind, busiest first and paged, for
// GET /api/departments and the departments chart.
import type { Db } from '../db.ts';
import type { DepartmentRow } from '../responses.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath, type SearchPath } from '../filters/search-sql.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';
import {
  departmentMeasure,
  includesKind,
  kindCondition,
  linkedItems,
  planFor,
  rollupFrom,
  withClause,
  type Plan,
  type PlanKind,
  fromCounts,
  rankedDepartments,
} from './plan.ts';

export interface Page {
  limit: number;
  offset: number;
}

/**
 * One page of departments and how many departments the filtered items link to in all. A link is one
 * (item, department) row (the table's key), so counting links counts items.
 */
export async function listDepartmentCounts(
  db: Db,
  filters: Filters,
  page: Page = { limit: LIST_DEFAULTS.departments, offset: 0 },
  force?: PlanKind,
): Promise<{ total: number; rows: DepartmentRow[] }> {
  const plan = await planFor(db, filters, force);
  if (plan.kind === 'rollup' && !plan.narrowed) return departmentsFromRanks(db, plan, page);
  const counts =
    plan.kind === 'items'
      ? countsFromItems(filters, await searchPath(db))
      : {
          sql: withClause(!fromCounts(plan) && linkedItems(plan), `counts AS (${departmentCounts(plan)})`),
          params: plan.params,
        };
  const rows = await db.all<{ total: number; rows: DepartmentRow[] }>(
    `${counts.sql},
     page AS (SELECT * FROM counts ORDER BY total DESC, department LIMIT $limit OFFSET $offset)
     SELECT (SELECT count(*) FROM counts)::INTEGER AS total,
            coalesce((
              SELECT list({
                'department': p.department, 'type': coalesce(t.type, 'other'),
                'cooperative': p.cooperative::INTEGER, 'reclaimed': p.reclaimed::INTEGER, 'total': p.total::INTEGER
              } ORDER BY p.total DESC, p.department)
              FROM page p LEFT JOIN departments t ON t.name = p.department
            ), []) AS rows`,
    { ...counts.params, limit: page.limit, offset: page.offset },
  );
  return rows[0] ?? { total: 0, rows: [] };
}

// The whole database: departments are stored with their counts and ranks, so a page within the ranked
// departments is a rank range; a page beyond them (past the longest list, shared/list-limits.ts) is sorted.
async function departmentsFromRanks(db: Db, plan: Plan, page: Page) {
  const measure = departmentMeasure(plan);
  if (!measure) return { total: 0, rows: [] };
  const cooperative = `CASE WHEN ${includesKind(plan, 'cooperative')} THEN cooperative ELSE 0 END`;
  const reclaimed = `CASE WHEN ${includesKind(plan, 'reclaimed')} THEN reclaimed ELSE 0 END`;
  const byRank = page.offset + page.limit <= (await rankedDepartments(db));
  const pageRows = byRank
    ? `SELECT * FROM rollup_departments_all
       WHERE ${measure.rank} BETWEEN $offset + 1 AND $offset + $limit AND ${measure.count} > 0`
    : `SELECT * FROM rollup_departments_all WHERE ${measure.count} > 0
       ORDER BY ${measure.count} DESC, department LIMIT $limit OFFSET $offset`;
  const rows = await db.all<{ total: number; rows: DepartmentRow[] }>(
    `SELECT (SELECT count(*) FROM rollup_departments_all WHERE ${measure.count} > 0)::INTEGER AS total,
            coalesce((
              SELECT list({
                'department': department, 'type': type, 'cooperative': ${cooperative},
                'reclaimed': ${reclaimed}, 'total': ${measure.count}
              } ORDER BY ${measure.count} DESC, department)
              FROM (${pageRows})
            ), []) AS rows`,
    { limit: page.limit, offset: page.offset },
  );
  return rows[0] ?? { total: 0, rows: [] };
}

/**
 * `SELECT department, cooperative, reclaimed, total` of the plan's links, departments with none left
 * out (facts and links plans: over `s`, see linkedItems; rollup and typed plans: the counts narrowed to
 * towns and department types, see rollupFrom).
 */
export function departmentCounts(plan: Plan): string {
  if (!fromCounts(plan)) {
    return `SELECT department,
                   count(*) FILTER (WHERE kind = 'cooperative') AS cooperative,
                   count(*) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
                   count(*) AS total
            FROM (SELECT kind, unnest(departments) AS department FROM s)
            GROUP BY department`;
  }
  return `SELECT department,
                 coalesce(sum(items) FILTER (WHERE kind = 'cooperative'), 0) AS cooperative,
                 coalesce(sum(items) FILTER (WHERE kind = 'reclaimed'), 0) AS reclaimed,
                 sum(items) AS total
          FROM ${rollupFrom(plan, 'links')} WHERE ${kindCondition(plan)}
          GROUP BY department`;
}

// The link's own kind spares a join with `items` when nothing is filtered.
function countsFromItems(filters: Filters, search: SearchPath) {
  const items = filteredItems(filters, search);
  return {
    sql: `WITH ${items.sql},
     counts AS (
       SELECT d.department,
              count(*) FILTER (WHERE d.kind = 'cooperative') AS cooperative,
              count(*) FILTER (WHERE d.kind = 'reclaimed') AS reclaimed,
              count(*) AS total
       FROM item_departments d ${items.all ? '' : 'JOIN f ON f.item_id = d.item_id'}
       GROUP BY d.department
     )`,
    params: items.params,
  };
}
