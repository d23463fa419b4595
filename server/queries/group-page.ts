// The items page (GET /api/items) in the default order (list kind, then town, then 序号) when the
// filters allow the roll-ups (none, or only town / region / kind: plan.ts), read from the few towns the
// page lies in instead of ordering every item. At national the first page of all 7 M items took ~1 s
// to sort; the items are stored in item id order, which begins with the town id, so reading a few
// towns' items skips the other row groups.
//
//   total  the items of the roll-up's (town, kind) groups: rollup_items_town counts them;
//   page   every item of an earlier (kind, town) group sorts before every item of a later one, so the
//          groups whose items come before the page's end (their counts summed in that order) hold the
//          page: only their items are read, and ordered as the general path orders them.
//
// The answer is the general path's; tests/server/rollups.test.ts compares the two.
import type { Params } from '../db.ts';
import { kindRank } from './sql.ts';
import { kindCondition, type Plan } from './plan.ts';

/**
 * `WITH` entries ending in `f` (the items the page can come from) and the total's SQL, or null when
 * the plan does not read the roll-ups or another order is asked for.
 */
export function groupPageItems(
  plan: Plan,
  page: { sort: string; order: 'asc' | 'desc' },
): { sql: string; params: Params; total: string } | null {
  if (plan.kind !== 'rollup' || page.sort !== 'kind') return null;
  // As the general path orders them: kind in the asked direction, then town id ascending.
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  return {
    sql: `group_counts AS MATERIALIZED (
       SELECT r.town_id, g.kind, g.items FROM (
         SELECT town_rank, kind, sum(items) AS items FROM rollup_items_town
         WHERE ${plan.towns} AND ${kindCondition(plan)}
         GROUP BY town_rank, kind
       ) g JOIN rollup_towns r USING (town_rank)
     ),
     page_groups AS (
       SELECT town_id, kind FROM (
         SELECT town_id, kind, sum(items) OVER (
                  ORDER BY ${kindRank('kind')} ${direction}, town_id
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM group_counts)
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     f AS (SELECT i.* FROM items i SEMI JOIN page_groups g ON g.town_id = i.town_id AND g.kind = i.kind)`,
    params: plan.params,
    total: '(SELECT coalesce(sum(items), 0) FROM group_counts)',
  };
}
