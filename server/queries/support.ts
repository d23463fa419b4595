// Support (履职保障) promised to the town for cooperative items: items per support type, and per
// department × support type, for GET /api/support.
import type { Db } from '../db.ts';
import type { SupportTypeRow, SupportCellRow } from '../responses.ts';
import { filteredItems, type Filters } from '../filters.ts';
import { supportRank } from './sql.ts';

export async function listSupportTypes(db: Db, filters: Filters): Promise<SupportTypeRow[]> {
  const items = filteredItems(filters);
  return db.all<SupportTypeRow>(
    `WITH ${items.sql}
     SELECT s.support_type AS "supportType", count(DISTINCT s.item_id)::INTEGER AS items
     FROM item_support s JOIN f ON f.item_id = s.item_id
     GROUP BY s.support_type
     ORDER BY items DESC, ${supportRank('s.support_type')}`,
    items.params,
  );
}

export async function listSupportCells(db: Db, filters: Filters): Promise<SupportCellRow[]> {
  const items = filteredItems(filters);
  return db.all<SupportCellRow>(
    `WITH ${items.sql}
     SELECT d.department, s.support_type AS "supportType", count(DISTINCT s.item_id)::INTEGER AS items
     FROM f
       JOIN item_departments d ON d.item_id = f.item_id
       JOIN item_support s ON s.item_id = f.item_id
     GROUP BY d.department, s.support_type
     ORDER BY d.department, ${supportRank('s.support_type')}`,
    items.params,
  );
}
