// Penalty powers (行政处罚): reclaimed penalty items per receiving bureau, and the clauses the town
// kept inside its basic items, for GET /api/penalties/by-bureau.
import type { Db } from '../db.ts';
import type { BureauRow, KeptPenaltyRow } from '../responses.ts';
import { filteredItems, type Filters } from '../filters.ts';

export async function listPenaltyBureaus(db: Db, filters: Filters): Promise<BureauRow[]> {
  const items = filteredItems(filters);
  return db.all<BureauRow>(
    `WITH ${items.sql}
     SELECT d.department, coalesce(t.type, 'other') AS type, count(*)::INTEGER AS count,
            list({'itemId': f.item_id, 'seq': f.seq, 'name': f.name} ORDER BY f.town_id, f.seq) AS items
     FROM f
       JOIN item_departments d ON d.item_id = f.item_id AND d.role = 'receiving'
       LEFT JOIN departments t ON t.name = d.department
     WHERE f.kind = 'reclaimed' AND f.is_penalty
     GROUP BY d.department, t.type
     ORDER BY count DESC, d.department`,
    items.params,
  );
}

export async function listKeptPenalties(db: Db, filters: Filters): Promise<KeptPenaltyRow[]> {
  const items = filteredItems(filters);
  return db.all<KeptPenaltyRow>(
    `WITH ${items.sql}
     SELECT f.item_id AS "itemId", f.seq, f.category,
            list({'clauseNo': p.clause_no, 'text': p.text} ORDER BY p.clause_no) AS clauses
     FROM f JOIN penalty_clauses p ON p.item_id = f.item_id
     GROUP BY f.town_id, f.item_id, f.seq, f.category
     ORDER BY f.town_id, f.seq`,
    items.params,
  );
}
