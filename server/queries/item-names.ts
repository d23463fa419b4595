// The names and towns of given items, for lists that carry item ids only (the kept penalty clauses of
// GET /api/penalties/by-bureau): the Word report names the items of the rows it prints, and no others.
import { listValue } from '@duckdb/node-api';
import type { KeptItemName } from '../../shared/export/kept-clauses-table.ts';
import type { Db } from '../db.ts';

export async function listItemNames(db: Db, itemIds: readonly string[]): Promise<Map<string, KeptItemName>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.all<{ itemId: string; name: string; townName: string }>(
    `SELECT i.item_id AS "itemId", i.name, t.name AS "townName"
     FROM items i JOIN towns t ON t.town_id = i.town_id
     WHERE i.item_id IN (SELECT unnest($ids))`,
    { ids: listValue([...new Set(itemIds)]) },
  );
  return new Map(rows.map((r) => [r.itemId, { name: r.name, townName: r.townName }]));
}
