// Support (履职保障) promised to the town for cooperative items: items per support type, and per
// department × support type for the departments giving the most support, for GET /api/support.
// (item, support type) and (item, department) are the link tables' keys, so rows count items.
import type { Db } from '../db.ts';
import type { SupportTypeRow, SupportCellRow } from '../responses.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';
import {
  includesKind,
  linkedItems,
  planFor,
  rollupFrom,
  withClause,
  type PlanKind,
  fromFacts,
  fromCounts,
  rankedDepartments,
} from './plan.ts';
import { supportRank } from './sql.ts';

export async function listSupportTypes(
  db: Db,
  filters: Filters,
  force?: PlanKind,
): Promise<SupportTypeRow[]> {
  const plan = await planFor(db, filters, force);
  const order = `ORDER BY items DESC, ${supportRank('support_type')}`;
  if (fromCounts(plan)) {
    // Support belongs to cooperative items: a kind filter without them leaves none.
    return db.all<SupportTypeRow>(
      `SELECT support_type AS "supportType", sum(items)::INTEGER AS items
       FROM ${rollupFrom(plan, 'support')} WHERE ${includesKind(plan, 'cooperative')}
       GROUP BY support_type ${order}`,
      plan.params,
    );
  }
  if (fromFacts(plan)) {
    return db.all<SupportTypeRow>(
      `WITH ${linkedItems(plan)}
       SELECT support_type AS "supportType", count(*)::INTEGER AS items
       FROM (SELECT unnest(support_types) AS support_type FROM s)
       GROUP BY support_type ${order}`,
      plan.params,
    );
  }
  const items = filteredItems(filters, await searchPath(db));
  return db.all<SupportTypeRow>(
    `WITH ${items.sql}
     SELECT s.support_type AS "supportType", count(*)::INTEGER AS items
     FROM item_support s ${items.all ? '' : 'JOIN f ON f.item_id = s.item_id'}
     GROUP BY s.support_type
     ORDER BY items DESC, ${supportRank('s.support_type')}`,
    items.params,
  );
}

/**
 * The cells of the `limit` departments whose cells add up highest (the heatmap's own order), and how
 * many departments give any support at all.
 */
export async function listSupportCells(
  db: Db,
  filters: Filters,
  limit: number = LIST_DEFAULTS.supportDepartments,
  force?: PlanKind,
): Promise<{ departmentsTotal: number; cells: SupportCellRow[] }> {
  const plan = await planFor(db, filters, force);
  const answer = (cells: string) => `
     ranked AS (SELECT department, sum(items) AS given FROM ${cells} GROUP BY department),
     top AS (SELECT department FROM ranked ORDER BY given DESC, department LIMIT $limit),
     chosen AS (
       SELECT department, support_type, sum(items)::INTEGER AS items
       FROM ${cells} WHERE department IN (SELECT department FROM top)
       GROUP BY department, support_type
     )
     SELECT (SELECT count(*) FROM ranked)::INTEGER AS "departmentsTotal",
            coalesce((
              SELECT list({'department': department, 'supportType': support_type, 'items': items}
                          ORDER BY department, ${supportRank('support_type')})
              FROM chosen
            ), []) AS cells`;
  let sql: string;
  let params = plan.params;
  if (plan.kind === 'rollup' && !plan.narrowed && limit <= (await rankedDepartments(db))) {
    // The whole database: departments are stored ranked by the support they give (as far as any list
    // reaches), and counted (13 ms at national: 525,770 cells of 119,836 departments).
    sql = `WITH chosen AS (
             SELECT department, support_type, items FROM rollup_cells_all
             WHERE given_rank <= $limit AND ${includesKind(plan, 'cooperative')}
           )
           SELECT (SELECT count(DISTINCT department) FROM rollup_cells_all
                   WHERE ${includesKind(plan, 'cooperative')})::INTEGER AS "departmentsTotal",
                  coalesce((
                    SELECT list({'department': department, 'supportType': support_type, 'items': items}
                                ORDER BY department, ${supportRank('support_type')})
                    FROM chosen
                  ), []) AS cells`;
  } else if (fromCounts(plan)) {
    sql = `WITH cells AS (
             SELECT department, support_type, items FROM ${rollupFrom(plan, 'cells')}
             WHERE ${includesKind(plan, 'cooperative')}
           ), ${answer('cells')}`;
  } else if (fromFacts(plan)) {
    sql = `${withClause(
      linkedItems(plan),
      `cells AS (
         SELECT department, unnest(support_types) AS support_type, 1 AS items
         FROM (SELECT unnest(departments) AS department, support_types FROM s)
       )`,
    )}, ${answer('cells')}`;
  } else {
    const items = filteredItems(filters, await searchPath(db));
    params = items.params;
    sql = `WITH ${items.sql},
     pairs AS (
       SELECT d.department, s.support_type, 1 AS items
       FROM item_departments d
         JOIN item_support s ON s.item_id = d.item_id
         ${items.all ? '' : 'JOIN f ON f.item_id = d.item_id'}
     ), ${answer('pairs')}`;
  }
  const rows = await db.all<{ departmentsTotal: number; cells: SupportCellRow[] }>(sql, { ...params, limit });
  return rows[0] ?? { departmentsTotal: 0, cells: [] };
}
