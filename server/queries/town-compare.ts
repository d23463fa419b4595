// Towns side by side: per town, the filtered items per list kind, reclaimed penalty items and kept
// penalty clauses, sorted and paged, for GET /api/towns/compare. A town inside the chosen towns or
// region appears even when no item matches the other filters (its counts are then zero), so a ranking
// never silently drops the towns with nothing to show.
//
// The per-town counts come from the roll-ups when the filters allow (no filter, or only town / region /
// kind: plan.ts), from the item or link facts under a category or department filter, else from the
// filtered items: at national the default ranking grouped 7 M items per
// request (1.7 s in-process, ~4 s over HTTP beside the view's other requests).
import type { Db, Params } from '../db.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems, townCondition } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import { type TownCompareQuery, type TownCompareSort } from '../filters/request-schemas.ts';
import type { TownCompareRow } from '../responses.ts';
import {
  fromFacts,
  includesKind,
  kindCondition,
  linkedItems,
  planFor,
  type Plan,
  type PlanKind,
} from './plan.ts';

// The only identifiers a client can choose: each sort maps to a fixed expression.
const SORT_COLUMN: Record<TownCompareSort, string> = {
  reclaimed: 'reclaimed',
  cooperative: 'cooperative',
  basic: 'basic',
  total: 'total',
  reclaimedPenalties: 'reclaimed_penalties',
  keptClauses: 'kept_clauses',
  name: 'full_name',
};

export async function listTownComparison(
  db: Db,
  query: TownCompareQuery,
  force?: PlanKind,
): Promise<{ total: number; towns: TownCompareRow[] }> {
  const { limit, offset, sort, order, ...filters } = query;
  const plan = await planFor(db, filters satisfies Filters, force);
  const counts =
    plan.kind === 'rollup'
      ? countsFromRollups(plan)
      : plan.kind === 'typed'
        ? countsFromTyped(plan)
        : fromFacts(plan)
          ? countsFromFacts(plan)
          : await countsFromItems(db, filters);
  const scope = townCondition(filters, 't.town_id');
  const direction = order === 'desc' ? 'DESC' : 'ASC';
  const orderBy = `${SORT_COLUMN[sort]} ${direction}, full_name, town_id`;
  const rows = await db.all<{ total: number; towns: TownCompareRow[] }>(
    `WITH ${counts.sql},
     ranked AS (
       SELECT t.town_id, t.name, t.full_name, t.province, t.city, t.county,
              coalesce(c.basic, 0) AS basic, coalesce(c.cooperative, 0) AS cooperative,
              coalesce(c.reclaimed, 0) AS reclaimed, coalesce(c.total, 0) AS total,
              coalesce(c.reclaimed_penalties, 0) AS reclaimed_penalties, coalesce(k.kept_clauses, 0) AS kept_clauses
       FROM towns t
         LEFT JOIN per_town c ON c.town_id = t.town_id
         LEFT JOIN kept k ON k.town_id = t.town_id
       WHERE ${scope.sql}
     ),
     page AS (SELECT * FROM ranked ORDER BY ${orderBy} LIMIT $limit OFFSET $offset)
     SELECT (SELECT count(*) FROM ranked)::INTEGER AS total,
            coalesce((SELECT list({
              'townId': town_id, 'name': name, 'fullName': full_name,
              'province': province, 'city': city, 'county': county,
              'counts': {
                'basic': basic::INTEGER, 'cooperative': cooperative::INTEGER,
                'reclaimed': reclaimed::INTEGER, 'total': total::INTEGER
              },
              'reclaimedPenalties': reclaimed_penalties::INTEGER, 'keptClauses': kept_clauses::INTEGER
            } ORDER BY ${orderBy}) FROM page), []) AS towns`,
    { ...counts.params, ...scope.params, limit, offset },
  );
  return rows[0] ?? { total: 0, towns: [] };
}

// Both give `per_town` (town_id, basic, cooperative, reclaimed, total, reclaimed_penalties) and `kept`
// (town_id, kept_clauses) for the filtered items; a town without any has no row.

/** From the roll-ups: kept clauses belong to basic items, so a kind filter without basic zeroes them. */
function countsFromRollups(plan: Plan): { sql: string; params: Params } {
  return {
    sql: `per_town AS (
       SELECT r.town_id, i.* EXCLUDE (town_rank)
       FROM (
         SELECT town_rank,
                sum(items) FILTER (WHERE kind = 'basic') AS basic,
                sum(items) FILTER (WHERE kind = 'cooperative') AS cooperative,
                sum(items) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
                sum(items) AS total,
                sum(penalties) AS reclaimed_penalties
         FROM rollup_items_town WHERE ${plan.towns} AND ${kindCondition(plan)}
         GROUP BY town_rank
       ) i JOIN rollup_towns r USING (town_rank)
     ),
     kept AS (
       SELECT town_id, kept_clauses FROM rollup_towns WHERE ${plan.towns} AND ${includesKind(plan, 'basic')}
     )`,
    params: plan.params,
  };
}

/** From the typed counts (rollupFrom): the department types' items per town, kept clauses among them. */
function countsFromTyped(plan: Plan): { sql: string; params: Params } {
  return {
    sql: `per_town AS (
       SELECT r.town_id, i.* EXCLUDE (town_rank)
       FROM (
         SELECT town_rank,
                sum(items) FILTER (WHERE kind = 'basic') AS basic,
                sum(items) FILTER (WHERE kind = 'cooperative') AS cooperative,
                sum(items) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
                sum(items) AS total,
                sum(penalties) AS reclaimed_penalties,
                sum(kept_clauses) AS kept_clauses
         FROM rollup_typed_items_town WHERE ${plan.towns} AND ${plan.types} AND ${kindCondition(plan)}
         GROUP BY town_rank
       ) i JOIN rollup_towns r USING (town_rank)
     ),
     kept AS (SELECT town_id, kept_clauses FROM per_town)`,
    params: plan.params,
  };
}

/** The per_town counts of one town's rows of items (columns kind, is_penalty). */
const ITEM_COUNTS = `count(*) FILTER (WHERE kind = 'basic') AS basic,
              count(*) FILTER (WHERE kind = 'cooperative') AS cooperative,
              count(*) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
              count(*) AS total,
              count(*) FILTER (WHERE kind = 'reclaimed' AND is_penalty) AS reclaimed_penalties`;

/** From the plan's item facts (`s`, see linkedItems): a category or department filter. */
function countsFromFacts(plan: Plan): { sql: string; params: Params } {
  return {
    sql: `${linkedItems(plan)},
     per_town AS (
       SELECT town_id, ${ITEM_COUNTS}, sum(kept_clauses) AS kept_clauses FROM s GROUP BY town_id
     ),
     kept AS (SELECT town_id, kept_clauses FROM per_town)`,
    params: plan.params,
  };
}

async function countsFromItems(db: Db, filters: Filters): Promise<{ sql: string; params: Params }> {
  const items = filteredItems(filters, await searchPath(db));
  return {
    sql: `${items.sql},
     per_town AS (
       SELECT town_id, ${ITEM_COUNTS} FROM f GROUP BY town_id
     ),
     kept AS (
       SELECT p.town_id, count(*) AS kept_clauses FROM penalty_clauses p
       WHERE p.item_id IN (SELECT item_id FROM f) GROUP BY p.town_id
     )`,
    params: items.params,
  };
}
