// The two layers of the category → kind → department flow, for GET /api/flows.
import type { Db } from '../db.ts';
import { filteredItems, type Filters, type Kind } from '../filters.ts';
import { categoryOrder, kindRank } from './sql.ts';

export interface CategoryKindFlow {
  category: string;
  kind: Kind;
  value: number;
}

/** department is null for basic items: the town does them itself. */
export interface KindDepartmentFlow {
  kind: Kind;
  department: string | null;
  value: number;
}

export async function listCategoryKindFlows(db: Db, filters: Filters): Promise<CategoryKindFlow[]> {
  const items = filteredItems(filters);
  return db.all<CategoryKindFlow>(
    `WITH ${items.sql}, ${categoryOrder}
     SELECT f.category, f.kind, count(*)::INTEGER AS value
     FROM f JOIN category_order o ON o.category = f.category
     GROUP BY f.category, f.kind, o.first
     ORDER BY o.first, ${kindRank('f.kind')}`,
    items.params,
  );
}

// Counts item–department links (an item handed to two departments counts twice); basic items count once.
export async function listKindDepartmentFlows(db: Db, filters: Filters): Promise<KindDepartmentFlow[]> {
  const items = filteredItems(filters);
  return db.all<KindDepartmentFlow>(
    `WITH ${items.sql},
     links AS (
       SELECT f.kind, d.department, count(*)::INTEGER AS value
       FROM f JOIN item_departments d ON d.item_id = f.item_id
       GROUP BY f.kind, d.department
       UNION ALL
       SELECT 'basic', NULL, count(*)::INTEGER FROM f WHERE f.kind = 'basic' HAVING count(*) > 0
     )
     SELECT kind, department, value FROM links
     ORDER BY ${kindRank('kind')}, value DESC, department`,
    items.params,
  );
}
