// The headline numbers of the filtered items, for GET /api/summary. Each figure reads one table once;
// the link tables are only narrowed to the filtered items when a filter is set (see filteredItems).
import type { Db } from '../db.ts';
import type { SummaryRow } from '../responses.ts';
import { filteredItems, type Filters } from '../filters.ts';

export async function getSummary(db: Db, filters: Filters): Promise<SummaryRow> {
  const items = filteredItems(filters);
  const onlyFiltered = (alias: string) =>
    items.all ? '' : `WHERE ${alias}.item_id IN (SELECT item_id FROM f)`;
  const rows = await db.all<SummaryRow>(
    `WITH ${items.sql},
     counts AS (
       SELECT count(*) FILTER (WHERE kind = 'basic') AS basic,
              count(*) FILTER (WHERE kind = 'cooperative') AS cooperative,
              count(*) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
              count(*) AS total,
              count(*) FILTER (WHERE kind = 'reclaimed' AND is_penalty) AS reclaimed_penalties
       FROM f
     ),
     -- Support belongs to cooperative items only: one row per supported item.
     supported AS (
       SELECT s.item_id,
              bool_or(s.support_type IN ('funding', 'staff')) AS funded,
              bool_and(s.support_type = 'policy') AS policy_only
       FROM item_support s ${onlyFiltered('s')}
       GROUP BY s.item_id
     ),
     clauses AS (
       SELECT count(*) AS clauses, count(DISTINCT p.item_id) AS items
       FROM penalty_clauses p ${onlyFiltered('p')}
     )
     SELECT {
              'basic': c.basic::INTEGER, 'cooperative': c.cooperative::INTEGER,
              'reclaimed': c.reclaimed::INTEGER, 'total': c.total::INTEGER
            } AS items,
            {
              'reclaimedItems': c.reclaimed_penalties::INTEGER,
              'keptClauses': k.clauses::INTEGER,
              'keptItems': k.items::INTEGER
            } AS penalties,
            {
              'cooperativeItems': c.cooperative::INTEGER,
              'withFundingOrStaff': (SELECT count(*) FROM supported WHERE funded)::INTEGER,
              'policyOnly': (SELECT count(*) FROM supported WHERE policy_only)::INTEGER
            } AS support,
            (SELECT count(DISTINCT d.department) FROM item_departments d ${onlyFiltered('d')})::INTEGER AS departments
     FROM counts c, clauses k`,
    items.params,
  );
  const row = rows[0];
  if (!row) throw new Error('The summary query returned no row');
  return row;
}
