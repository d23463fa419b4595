// The headline numbers of the filtered items, for GET /api/summary.
import type { Db } from '../db.ts';
import type { SummaryRow } from '../responses.ts';
import { filteredItems, type Filters } from '../filters.ts';

export async function getSummary(db: Db, filters: Filters): Promise<SummaryRow> {
  const items = filteredItems(filters);
  const rows = await db.all<SummaryRow>(
    `WITH ${items.sql},
     cooperative AS (
       SELECT f.item_id,
              count(s.support_type) FILTER (WHERE s.support_type IN ('funding', 'staff')) > 0 AS funded,
              count(s.support_type) > 0 AND count(s.support_type) = count(s.support_type) FILTER (WHERE s.support_type = 'policy') AS policy_only
       FROM f LEFT JOIN item_support s ON s.item_id = f.item_id
       WHERE f.kind = 'cooperative'
       GROUP BY f.item_id
     ),
     clauses AS (SELECT p.item_id FROM penalty_clauses p WHERE p.item_id IN (SELECT item_id FROM f))
     SELECT {
              'basic': (SELECT count(*) FROM f WHERE kind = 'basic')::INTEGER,
              'cooperative': (SELECT count(*) FROM f WHERE kind = 'cooperative')::INTEGER,
              'reclaimed': (SELECT count(*) FROM f WHERE kind = 'reclaimed')::INTEGER,
              'total': (SELECT count(*) FROM f)::INTEGER
            } AS items,
            {
              'reclaimedItems': (SELECT count(*) FROM f WHERE kind = 'reclaimed' AND is_penalty)::INTEGER,
              'keptClauses': (SELECT count(*) FROM clauses)::INTEGER,
              'keptItems': (SELECT count(DISTINCT item_id) FROM clauses)::INTEGER
            } AS penalties,
            {
              'cooperativeItems': (SELECT count(*) FROM cooperative)::INTEGER,
              'withFundingOrStaff': (SELECT count(*) FROM cooperative WHERE funded)::INTEGER,
              'policyOnly': (SELECT count(*) FROM cooperative WHERE policy_only)::INTEGER
            } AS support,
            (SELECT count(DISTINCT d.department) FROM item_departments d
             WHERE d.item_id IN (SELECT item_id FROM f))::INTEGER AS departments`,
    items.params,
  );
  const row = rows[0];
  if (!row) throw new Error('The summary query returned no row');
  return row;
}
