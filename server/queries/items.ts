// One page of the filtered items and their total, for GET /api/items.
import type { Db } from '../db.ts';
import { filterCondition, filteredItems, type Filters, type ItemSort, type Kind } from '../filters.ts';
import { categoryOrder, kindRank, supportRank } from './sql.ts';

export interface ItemRow {
  itemId: string;
  townId: string;
  townName: string;
  kind: Kind;
  seq: number;
  category: string;
  name: string;
  departments: string[];
  supportTypes: string[];
  isPenalty: boolean;
  sourceFile: string;
  sourceLine: number;
}

export interface ItemPage {
  sort: ItemSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

// The only identifiers a client can choose: each sort maps to a fixed ORDER BY.
const ORDER_BY: Record<ItemSort, (direction: 'ASC' | 'DESC') => string> = {
  kind: (direction) => `${kindRank('f.kind')} ${direction}, f.town_id, f.seq ${direction}`,
  seq: (direction) => `f.seq ${direction}, ${kindRank('f.kind')}, f.town_id`,
  category: (direction) => `o.first ${direction}, ${kindRank('f.kind')}, f.town_id, f.seq`,
  name: (direction) => `f.name ${direction}`,
};

export async function countItems(db: Db, filters: Filters): Promise<number> {
  const condition = filterCondition(filters);
  const rows = await db.all<{ total: number }>(
    `SELECT count(*)::INTEGER AS total FROM items i WHERE ${condition.sql}`,
    condition.params,
  );
  return rows[0]?.total ?? 0;
}

export async function listItems(db: Db, filters: Filters, page: ItemPage): Promise<ItemRow[]> {
  const items = filteredItems(filters);
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  return db.all<ItemRow>(
    `WITH ${items.sql}, ${categoryOrder}
     SELECT f.item_id AS "itemId", f.town_id AS "townId", t.name AS "townName", f.kind, f.seq, f.category, f.name,
            coalesce((SELECT list(d.department ORDER BY d.position) FROM item_departments d
                      WHERE d.item_id = f.item_id), []) AS departments,
            coalesce((SELECT list(s.support_type ORDER BY ${supportRank('s.support_type')}) FROM item_support s
                      WHERE s.item_id = f.item_id), []) AS "supportTypes",
            f.is_penalty AS "isPenalty", f.source_file AS "sourceFile", f.source_line AS "sourceLine"
     FROM f
       JOIN towns t ON t.town_id = f.town_id
       JOIN category_order o ON o.category = f.category
     ORDER BY ${ORDER_BY[page.sort](direction)}, f.item_id
     LIMIT $limit OFFSET $offset`,
    { ...items.params, limit: page.limit, offset: page.offset },
  );
}
