// Filtered items per linked department, split by list kind, busiest first and paged, for
// GET /api/departments and the departments chart.
import type { Db } from '../db.ts';
import type { DepartmentRow } from '../responses.ts';
import { filteredItems, LIST_DEFAULTS, type Filters } from '../filters.ts';

export interface Page {
  limit: number;
  offset: number;
}

/**
 * One page of departments and how many departments the filtered items link to in all. A link is one
 * (item, department) row (the table's key), so counting rows counts items; the link's own kind spares a
 * join with `items` when nothing is filtered.
 */
export async function listDepartmentCounts(
  db: Db,
  filters: Filters,
  page: Page = { limit: LIST_DEFAULTS.departments, offset: 0 },
): Promise<{ total: number; rows: DepartmentRow[] }> {
  const items = filteredItems(filters);
  const rows = await db.all<{ total: number; rows: DepartmentRow[] }>(
    `WITH ${items.sql},
     counts AS (
       SELECT d.department,
              count(*) FILTER (WHERE d.kind = 'cooperative') AS cooperative,
              count(*) FILTER (WHERE d.kind = 'reclaimed') AS reclaimed,
              count(*) AS total
       FROM item_departments d ${items.all ? '' : 'JOIN f ON f.item_id = d.item_id'}
       GROUP BY d.department
     ),
     page AS (SELECT * FROM counts ORDER BY total DESC, department LIMIT $limit OFFSET $offset)
     SELECT (SELECT count(*) FROM counts)::INTEGER AS total,
            coalesce((
              SELECT list({
                'department': p.department, 'type': coalesce(t.type, 'other'),
                'cooperative': p.cooperative::INTEGER, 'reclaimed': p.reclaimed::INTEGER, 'total': p.total::INTEGER
              } ORDER BY p.total DESC, p.department)
              FROM page p LEFT JOIN departments t ON t.name = p.department
            ), []) AS rows`,
    { ...items.params, limit: page.limit, offset: page.offset },
  );
  return rows[0] ?? { total: 0, rows: [] };
}
