// Support (履职保障) promised to the town for cooperative items: items per support type, and per
// department × support type for the departments giving the most support, for GET /api/support.
// (item, support type) and (item, department) are the link tables' keys, so rows count items.
import type { Db } from '../db.ts';
import type { SupportTypeRow, SupportCellRow } from '../responses.ts';
import { filteredItems, LIST_DEFAULTS, type Filters } from '../filters.ts';
import { supportRank } from './sql.ts';

export async function listSupportTypes(db: Db, filters: Filters): Promise<SupportTypeRow[]> {
  const items = filteredItems(filters);
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
): Promise<{ departmentsTotal: number; cells: SupportCellRow[] }> {
  const items = filteredItems(filters);
  const rows = await db.all<{ departmentsTotal: number; cells: SupportCellRow[] }>(
    `WITH ${items.sql},
     pairs AS (
       SELECT d.department, s.support_type, s.item_id
       FROM item_departments d
         JOIN item_support s ON s.item_id = d.item_id
         ${items.all ? '' : 'JOIN f ON f.item_id = d.item_id'}
     ),
     ranked AS (SELECT department, count(*) AS given FROM pairs GROUP BY department),
     top AS (SELECT department FROM ranked ORDER BY given DESC, department LIMIT $limit),
     cells AS (
       SELECT department, support_type, count(*)::INTEGER AS items
       FROM pairs WHERE department IN (SELECT department FROM top)
       GROUP BY department, support_type
     )
     SELECT (SELECT count(*) FROM ranked)::INTEGER AS "departmentsTotal",
            coalesce((
              SELECT list({'department': department, 'supportType': support_type, 'items': items}
                          ORDER BY department, ${supportRank('support_type')})
              FROM cells
            ), []) AS cells`,
    { ...items.params, limit },
  );
  return rows[0] ?? { departmentsTotal: 0, cells: [] };
}
