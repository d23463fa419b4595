// Filtered item counts per category and list kind, for GET /api/categories, in the published order.
import type { Db } from '../db.ts';
import type { CategoryRow } from '../responses.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import {
  kindCondition,
  linkedItems,
  planFor,
  rollupFrom,
  withClause,
  type Plan,
  type PlanKind,
  fromCounts,
} from './plan.ts';
import { categoryOrder, kindRank } from './sql.ts';

export async function listCategoryCounts(db: Db, filters: Filters, force?: PlanKind): Promise<CategoryRow[]> {
  const plan = await planFor(db, filters, force);
  if (plan.kind === 'items') return categoriesFromItems(db, filters);
  return db.all<CategoryRow>(
    `${withClause(!fromCounts(plan) && linkedItems(plan))}
     SELECT c.category, c.kind, c.count::INTEGER AS count
     FROM (${categoryKindCounts(plan)}) c JOIN rollup_category_order o USING (category)
     ORDER BY o.first, ${kindRank('c.kind')}`,
    plan.params,
  );
}

/**
 * `SELECT category, kind, count` of the plan's items (rollup and typed plans: the counts, see rollupFrom;
 * facts and links plans: over `s`, see linkedItems).
 */
export function categoryKindCounts(plan: Plan): string {
  return fromCounts(plan)
    ? `SELECT category, kind, sum(items) AS count FROM ${rollupFrom(plan, 'items')}
       WHERE ${kindCondition(plan)} GROUP BY category, kind`
    : 'SELECT category, kind, count(*) AS count FROM s GROUP BY category, kind';
}

async function categoriesFromItems(db: Db, filters: Filters): Promise<CategoryRow[]> {
  const items = filteredItems(filters, await searchPath(db));
  return db.all<CategoryRow>(
    `WITH ${items.sql}, ${categoryOrder}
     SELECT f.category, f.kind, count(*)::INTEGER AS count
     FROM f JOIN category_order o ON o.category = f.category
     GROUP BY f.category, f.kind, o.first
     ORDER BY o.first, ${kindRank('f.kind')}`,
    items.params,
  );
}
