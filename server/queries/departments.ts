// Filtered items per linked department, split by list kind, for GET /api/departments.
import type { Db } from '../db.ts';
import type { DepartmentRow } from '../responses.ts';
import { filteredItems, type Filters } from '../filters.ts';

export async function listDepartmentCounts(db: Db, filters: Filters): Promise<DepartmentRow[]> {
  const items = filteredItems(filters);
  return db.all<DepartmentRow>(
    `WITH ${items.sql}
     SELECT d.department, coalesce(t.type, 'other') AS type,
            count(DISTINCT d.item_id) FILTER (WHERE f.kind = 'cooperative')::INTEGER AS cooperative,
            count(DISTINCT d.item_id) FILTER (WHERE f.kind = 'reclaimed')::INTEGER AS reclaimed,
            count(DISTINCT d.item_id)::INTEGER AS total
     FROM item_departments d
       JOIN f ON f.item_id = d.item_id
       LEFT JOIN departments t ON t.name = d.department
     GROUP BY d.department, t.type
     ORDER BY total DESC, d.department`,
    items.params,
  );
}
