// Penalty powers (行政处罚): reclaimed penalty items per receiving bureau, and the clauses the town
// kept inside its basic items, for GET /api/penalties/by-bureau. Both lists are capped (bureaus, items
// listed per bureau, kept items) and come with their full sizes.
import type { Db } from '../db.ts';
import type { BureauRow, KeptPenaltyRow } from '../responses.ts';
import { filteredItems, LIST_DEFAULTS, type Filters } from '../filters.ts';

export interface BureauLimits {
  /** Bureaus to return, most penalty items first. */
  limit: number;
  /** Items listed per bureau; `count` is always the full number. */
  itemsLimit: number;
}

export async function listPenaltyBureaus(
  db: Db,
  filters: Filters,
  limits: BureauLimits = { limit: LIST_DEFAULTS.bureaus, itemsLimit: LIST_DEFAULTS.itemsPerBureau },
): Promise<{ total: number; bureaus: BureauRow[] }> {
  const items = filteredItems(filters);
  const rows = await db.all<{ total: number; bureaus: BureauRow[] }>(
    `WITH ${items.sql},
     penalties AS (
       SELECT d.department, f.item_id, f.seq, f.name, f.town_id
       FROM f JOIN item_departments d ON d.item_id = f.item_id AND d.role = 'receiving'
       WHERE f.kind = 'reclaimed' AND f.is_penalty
     ),
     counts AS (SELECT department, count(*) AS count FROM penalties GROUP BY department),
     top AS (SELECT * FROM counts ORDER BY count DESC, department LIMIT $limit),
     listed AS (
       SELECT department, item_id, seq, name, town_id FROM (
         SELECT p.*, row_number() OVER (PARTITION BY p.department ORDER BY p.town_id, p.seq) AS n
         FROM penalties p WHERE p.department IN (SELECT department FROM top)
       ) WHERE n <= $itemsLimit
     ),
     bureaus AS (
       SELECT t.department, coalesce(dt.type, 'other') AS type, t.count::INTEGER AS count,
              coalesce((SELECT list({'itemId': l.item_id, 'seq': l.seq, 'name': l.name} ORDER BY l.town_id, l.seq)
                        FROM listed l WHERE l.department = t.department), []) AS items
       FROM top t LEFT JOIN departments dt ON dt.name = t.department
     )
     SELECT (SELECT count(*) FROM counts)::INTEGER AS total,
            coalesce((SELECT list({'department': department, 'type': type, 'count': count, 'items': items}
                                  ORDER BY count DESC, department) FROM bureaus), []) AS bureaus`,
    { ...items.params, limit: limits.limit, itemsLimit: limits.itemsLimit },
  );
  return rows[0] ?? { total: 0, bureaus: [] };
}

/** A page of the basic items with kept penalty clauses (by town, then number) and how many there are. */
export async function listKeptPenalties(
  db: Db,
  filters: Filters,
  page: { limit: number; offset: number } = { limit: LIST_DEFAULTS.kept, offset: 0 },
): Promise<{ total: number; kept: KeptPenaltyRow[] }> {
  const items = filteredItems(filters);
  const rows = await db.all<{ total: number; kept: KeptPenaltyRow[] }>(
    `WITH ${items.sql},
     kept AS (SELECT f.item_id, f.town_id, f.seq, f.category FROM f
              WHERE f.item_id IN (SELECT item_id FROM penalty_clauses)),
     page AS (SELECT * FROM kept ORDER BY town_id, seq, item_id LIMIT $limit OFFSET $offset),
     clauses AS (
       SELECT k.item_id, k.town_id, k.seq, k.category,
              list({'clauseNo': p.clause_no, 'text': p.text} ORDER BY p.clause_no) AS clauses
       FROM page k JOIN penalty_clauses p ON p.item_id = k.item_id
       GROUP BY k.item_id, k.town_id, k.seq, k.category
     )
     SELECT (SELECT count(*) FROM kept)::INTEGER AS total,
            coalesce((SELECT list({'itemId': item_id, 'seq': seq, 'category': category, 'clauses': clauses}
                                  ORDER BY town_id, seq, item_id) FROM clauses), []) AS kept`,
    { ...items.params, limit: page.limit, offset: page.offset },
  );
  return rows[0] ?? { total: 0, kept: [] };
}
