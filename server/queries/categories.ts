// Filtered item counts per category and list kind, for GET /api/categories.
import type { Db } from '../db.ts';
import type { CategoryRow } from '../responses.ts';
import { filteredItems, type Filters } from '../filters.ts';
import { categoryOrder, kindRank } from './sql.ts';

export async function listCategoryCounts(db: Db, filters: Filters): Promise<CategoryRow[]> {
  const items = filteredItems(filters);
  return db.all<CategoryRow>(
    `WITH ${items.sql}, ${categoryOrder}
     SELECT f.category, f.kind, count(*)::INTEGER AS count
     FROM f JOIN category_order o ON o.category = f.category
     GROUP BY f.category, f.kind, o.first
     ORDER BY o.first, ${kindRank('f.kind')}`,
    items.params,
  );
}
