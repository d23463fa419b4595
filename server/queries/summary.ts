// The headline numbers of the filtered items, for GET /api/summary, from the roll-ups where the filters
// allow (see plan.ts) and from the base tables otherwise.
import type { Db } from '../db.ts';
import type { SummaryRow } from '../responses.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import {
  includesKind,
  kindCondition,
  linkedItems,
  planFor,
  rollupFrom,
  type Plan,
  type PlanKind,
  fromFacts,
  fromCounts,
} from './plan.ts';

export async function getSummary(db: Db, filters: Filters, force?: PlanKind): Promise<SummaryRow> {
  const plan = await planFor(db, filters, force);
  const rows = await (fromCounts(plan)
    ? summaryFromRollups(db, plan)
    : fromFacts(plan)
      ? summaryFromLinks(db, plan)
      : summaryFromItems(db, filters));
  const row = rows[0];
  if (!row) throw new Error('The summary query returned no row');
  return row;
}

// The figures as the response shape, from one row of counts named as below.
const SUMMARY_SELECT = `
  SELECT {
           'basic': basic::INTEGER, 'cooperative': cooperative::INTEGER,
           'reclaimed': reclaimed::INTEGER, 'total': (basic + cooperative + reclaimed)::INTEGER
         } AS items,
         {
           'reclaimedItems': reclaimed_penalties::INTEGER,
           'keptClauses': kept_clauses::INTEGER,
           'keptItems': kept_items::INTEGER
         } AS penalties,
         {
           'cooperativeItems': cooperative::INTEGER,
           'withFundingOrStaff': funded::INTEGER,
           'policyOnly': policy_only::INTEGER
         } AS support,
         departments::INTEGER AS departments`;

// Kept clauses belong to basic items and support to cooperative ones, so a kind filter without those
// kinds zeroes them; every other count is narrowed by kind in the roll-ups themselves. A typed plan reads
// those figures from its item counts, which hold them per set of department types and kind.
function summaryFromRollups(db: Db, plan: Plan) {
  const basic = includesKind(plan, 'basic');
  const cooperative = includesKind(plan, 'cooperative');
  return db.all<SummaryRow>(
    `WITH counts AS (
       SELECT coalesce(sum(items) FILTER (WHERE kind = 'basic'), 0) AS basic,
              coalesce(sum(items) FILTER (WHERE kind = 'cooperative'), 0) AS cooperative,
              coalesce(sum(items) FILTER (WHERE kind = 'reclaimed'), 0) AS reclaimed,
              coalesce(sum(penalties), 0) AS reclaimed_penalties
       FROM ${rollupFrom(plan, 'items')} WHERE ${kindCondition(plan)}
     ),
     town_figures AS (
       ${
         plan.kind === 'typed'
           ? `SELECT coalesce(sum(kept_clauses), 0) AS kept_clauses, coalesce(sum(kept_items), 0) AS kept_items,
                     coalesce(sum(funded), 0) AS funded, coalesce(sum(policy_only), 0) AS policy_only
              FROM ${rollupFrom(plan, 'items')} WHERE ${kindCondition(plan)}`
           : `SELECT coalesce(sum(kept_clauses) FILTER (WHERE ${basic}), 0) AS kept_clauses,
                     coalesce(sum(kept_items) FILTER (WHERE ${basic}), 0) AS kept_items,
                     coalesce(sum(funded) FILTER (WHERE ${cooperative}), 0) AS funded,
                     coalesce(sum(policy_only) FILTER (WHERE ${cooperative}), 0) AS policy_only
              FROM rollup_towns WHERE ${plan.towns}`
       }
     ),
     departments AS (
       ${
         plan.narrowed || plan.kind === 'typed'
           ? `SELECT count(DISTINCT department) AS departments FROM ${rollupFrom(plan, 'links')} WHERE ${kindCondition(plan)}`
           : `SELECT count(*) FILTER (WHERE cooperative > 0 AND ${cooperative} OR reclaimed > 0 AND ${includesKind(plan, 'reclaimed')})
                AS departments FROM rollup_departments_all`
       }
     )
     ${SUMMARY_SELECT} FROM counts, town_figures, departments`,
    plan.params,
  );
}

function summaryFromLinks(db: Db, plan: Plan) {
  return db.all<SummaryRow>(
    `WITH ${linkedItems(plan)},
     counts AS (
       SELECT count(*) FILTER (WHERE kind = 'basic') AS basic,
              count(*) FILTER (WHERE kind = 'cooperative') AS cooperative,
              count(*) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
              count(*) FILTER (WHERE kind = 'reclaimed' AND is_penalty) AS reclaimed_penalties,
              coalesce(sum(kept_clauses), 0) AS kept_clauses,
              count(*) FILTER (WHERE kept_clauses > 0) AS kept_items,
              count(*) FILTER (WHERE funded) AS funded,
              count(*) FILTER (WHERE policy_only) AS policy_only
       FROM s
     ),
     departments AS (SELECT count(DISTINCT department) AS departments FROM (SELECT unnest(departments) AS department FROM s))
     ${SUMMARY_SELECT} FROM counts, departments`,
    plan.params,
  );
}

// Each figure reads one table once; the link tables are only narrowed to the filtered items when a
// filter is set (see filteredItems).
async function summaryFromItems(db: Db, filters: Filters) {
  const items = filteredItems(filters, await searchPath(db));
  const onlyFiltered = (alias: string) =>
    items.all ? '' : `WHERE ${alias}.item_id IN (SELECT item_id FROM f)`;
  return db.all<SummaryRow>(
    `WITH ${items.sql},
     counts AS (
       SELECT count(*) FILTER (WHERE kind = 'basic') AS basic,
              count(*) FILTER (WHERE kind = 'cooperative') AS cooperative,
              count(*) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
              count(*) FILTER (WHERE kind = 'reclaimed' AND is_penalty) AS reclaimed_penalties
       FROM f
     ),
     -- Support belongs to cooperative items only: one row per supported item.
     supported AS (
       SELECT count(*) FILTER (WHERE funded) AS funded, count(*) FILTER (WHERE policy_only) AS policy_only
       FROM (
         SELECT bool_or(s.support_type IN ('funding', 'staff')) AS funded,
                bool_and(s.support_type = 'policy') AS policy_only
         FROM item_support s ${onlyFiltered('s')}
         GROUP BY s.item_id
       )
     ),
     clauses AS (
       SELECT count(*) AS kept_clauses, count(DISTINCT p.item_id) AS kept_items
       FROM penalty_clauses p ${onlyFiltered('p')}
     ),
     departments AS (
       SELECT count(DISTINCT d.department) AS departments FROM item_departments d ${onlyFiltered('d')}
     )
     ${SUMMARY_SELECT} FROM counts, supported, clauses, departments`,
    items.params,
  );
}
