// One page of the filtered items and their total, for GET /api/items.
import type { Db } from '../db.ts';
import type { ItemRow } from '../responses.ts';
import { filteredItems, type Filters, type ItemSort } from '../filters.ts';
import { categoryOrder, kindRank, supportRank } from './sql.ts';

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

/** The page and the total in one query, so both always come from the same database file. */
export async function listItemPage(
  db: Db,
  filters: Filters,
  page: ItemPage,
): Promise<{ total: number; items: ItemRow[] }> {
  const items = filteredItems(filters);
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  const rows = await db.all<{ total: number; items: Array<ItemRow & { position: number }> }>(
    `WITH ${items.sql}, ${categoryOrder},
     page AS (
       SELECT f.item_id AS "itemId", f.town_id AS "townId", t.name AS "townName", f.kind, f.seq, f.category, f.name,
              coalesce((SELECT list(d.department ORDER BY d.position) FROM item_departments d
                        WHERE d.item_id = f.item_id), []) AS departments,
              coalesce((SELECT list(s.support_type ORDER BY ${supportRank('s.support_type')}) FROM item_support s
                        WHERE s.item_id = f.item_id), []) AS "supportTypes",
              f.is_penalty AS "isPenalty", f.source_file AS "sourceFile", f.source_line AS "sourceLine",
              row_number() OVER (ORDER BY ${ORDER_BY[page.sort](direction)}, f.item_id) AS position
       FROM f
         JOIN towns t ON t.town_id = f.town_id
         JOIN category_order o ON o.category = f.category
       QUALIFY position > $offset AND position <= $offset + $limit
     )
     SELECT (SELECT count(*) FROM f)::INTEGER AS total,
            coalesce((SELECT list(p ORDER BY p.position) FROM page p), []) AS items`,
    { ...items.params, limit: page.limit, offset: page.offset },
  );
  const row = rows[0] ?? { total: 0, items: [] };
  return { total: row.total, items: row.items.map(({ position: _position, ...item }) => item) };
}
