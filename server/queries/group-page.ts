// The items page (GET /api/items) in the default order (list kind, then town, then 序号) or by category
// (the categories' published order, then list kind, town, 序号) when the filters allow the roll-ups (none,
// or only town / region / kind: plan.ts), read from the few towns the page lies in instead of ordering
// every item. At national the first page of all 7 M items took ~1 s to sort; the items are stored in
// item id order, which begins with the town id, so reading a few towns' items skips the other row groups.
//
//   total  the items of the roll-up's groups: rollup_items_town counts them per town, kind and category;
//   page   every item of an earlier group ((kind, town) by kind, (category, kind, town) by category) sorts
//          before every item of a later one, so the groups whose items come before the page's end (their
//          counts summed in that order) hold the page: only their items are read, and ordered as the
//          general path orders them.
//
// Under a department-type filter (the typed plan) the groups are counted from rollup_typed_items_town,
// and the page's items are those of its groups linked to a department of the types asked for.
//
// The answer is the general path's; tests/server/rollups.test.ts compares the two.
import type { Params } from '../db.ts';
import type { SearchPath } from '../filters/search-sql.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { filterCondition } from '../filters/filter-sql.ts';
import { kindRank } from './sql.ts';
import { fromCounts, kindCondition, linkedItems, type Plan } from './plan.ts';

/** The categories' published order, as the general path's category_order (server/queries/sql.ts). */
export const STORED_CATEGORY_ORDER = 'category_order AS (SELECT category, first FROM rollup_category_order)';

/**
 * `WITH` entries ending in `f` (the items the page can come from) and the total's SQL, or null when the
 * plan does not read the roll-ups or another order is asked for. Under a typed plan the orders by 序号
 * and by name too (typedValuePageItems).
 */
export function groupPageItems(
  plan: Plan,
  page: { sort: string; order: 'asc' | 'desc' },
): { sql: string; params: Params; total: string } | null {
  if (plan.kind === 'typed' && (page.sort === 'seq' || page.sort === 'name'))
    return typedValuePageItems(plan, page);
  if (!fromCounts(plan) || (page.sort !== 'kind' && page.sort !== 'category')) return null;
  const typed = plan.kind === 'typed';
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  const byCategory = page.sort === 'category';
  // Groups are (kind, town) by kind, (category, kind, town) by category, ordered as the general path
  // orders their items (server/queries/items.ts). The keys (kind, or category and kind) are placed first:
  // only the towns of the keys the page can reach are then ordered, not every town of every key (by
  // category, 680,000 groups at national).
  const keys = byCategory ? 'kind, category' : 'kind';
  const keyOrder = byCategory
    ? `first ${direction}, ${kindRank('kind')}`
    : `${kindRank('kind')} ${direction}`;
  const ordered = byCategory ? 'JOIN rollup_category_order USING (category)' : '';
  const before = (order: string) =>
    `sum(items) OVER (ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before`;
  return {
    sql: `group_counts AS (
       SELECT town_rank, ${keys}, sum(items) AS items FROM ${typed ? 'rollup_typed_items_town' : 'rollup_items_town'}
       WHERE ${plan.towns} AND ${kindCondition(plan)} AND ${plan.types}
       GROUP BY town_rank, ${keys}
     ),
     key_counts AS MATERIALIZED (SELECT ${keys}, sum(items) AS items FROM group_counts GROUP BY ${keys}),
     page_keys AS (
       SELECT ${keys} FROM (SELECT *, ${before(keyOrder)} FROM key_counts ${ordered})
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     page_groups AS (
       SELECT town_id, ${keys} FROM (
         SELECT *, ${before(`${keyOrder}, town_id`)}
         FROM group_counts SEMI JOIN page_keys USING (${keys}) JOIN rollup_towns USING (town_rank) ${ordered})
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     f AS (SELECT i.* FROM items i SEMI JOIN page_groups g ON g.town_id = i.town_id AND ${keys
       .split(', ')
       .map((key) => `g.${key} = i.${key}`)
       .join(' AND ')}${
       // The base tables' department-type condition (server/filters/filter-sql.ts), over the page's towns.
       typed
         ? `
       WHERE i.item_id IN (
         SELECT fd.item_id FROM item_departments fd JOIN departments ft ON ft.name = fd.department
         WHERE fd.town_id IN (SELECT town_id FROM page_groups) AND ft.type = ANY($departmentType)))`
         : ')'
     }`,
    params: plan.params,
    total: '(SELECT coalesce(sum(items), 0) FROM key_counts)',
  };
}

/** Per value sort: the values an item's place begins with, and their order as the general path's. */
const VALUE_GROUPS: Record<string, { keys: string; order: (direction: 'ASC' | 'DESC') => string }> = {
  seq: { keys: 'seq, kind', order: (direction) => `seq ${direction}, ${kindRank('kind')}` },
  name: { keys: 'name', order: (direction) => `name ${direction}` },
};

/**
 * The items page by 序号 or by name under a department-type filter (the typed plan): as valuePageItems,
 * the items counted per value from rollup_typed_seq_* / rollup_typed_names_* instead of grouping the
 * filtered items (1–2.5 s at national, region or not), and the page's items found among the item facts
 * of its values. Null for another plan or order.
 */
export function typedValuePageItems(
  plan: Plan,
  page: { sort: string; order: 'asc' | 'desc' },
): { sql: string; params: Params; total: string } | null {
  const groups = VALUE_GROUPS[page.sort];
  if (plan.kind !== 'typed' || !groups) return null;
  const table = page.sort === 'seq' ? 'seq' : 'names';
  const counts = plan.narrowed
    ? `rollup_typed_${table}_town WHERE ${plan.towns} AND`
    : `rollup_typed_${table}_all WHERE`;
  const order = groups.order(page.order === 'desc' ? 'DESC' : 'ASC');
  return {
    sql: `value_counts AS MATERIALIZED (
       SELECT ${groups.keys}, sum(items) AS items FROM ${counts} ${plan.types} AND ${kindCondition(plan)}
       GROUP BY ${groups.keys}
     ),
     page_values AS (
       SELECT ${groups.keys} FROM (
         SELECT ${groups.keys}, sum(items) OVER (ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM value_counts)
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     f AS (
       SELECT i.* FROM items i SEMI JOIN (
         SELECT item_id FROM rollup_item_facts SEMI JOIN page_values USING (${groups.keys})
         WHERE ${plan.types} AND ${plan.towns} AND ${kindCondition(plan)}
       ) p USING (item_id)
     )`,
    params: plan.params,
    total: '(SELECT coalesce(sum(items), 0) FROM value_counts)',
  };
}

/**
 * The items page by 序号 or by name, under any filter but a search: the filtered items are counted per value (at
 * national 246 (序号, kind) pairs and 17,758 names, against 7 M items), and only the items of the values
 * the page can reach are ordered. Ordering every item took 0.3–0.5 s at national warm, 1–2 s cold. Every
 * item of an earlier value sorts before every item of a later one, so the page is the general path's.
 * `WITH` entries ending in `f`, and the total's SQL, or null for another order.
 */
export function valuePageItems(
  filters: Filters,
  page: { sort: string; order: 'asc' | 'desc' },
  search: SearchPath,
): { sql: string; params: Params; total: string } | null {
  const groups = VALUE_GROUPS[page.sort];
  // The filtered items are read twice (counted, then the page's values): a search's matching would run
  // twice, so a search keeps the general path (its own index narrows it: server/filters/search-sql.ts).
  if (!groups || filters.q) return null;
  const condition = filterCondition(filters, search);
  const order = groups.order(page.order === 'desc' ? 'DESC' : 'ASC');
  return {
    sql: `filtered AS NOT MATERIALIZED (SELECT i.* FROM items i WHERE ${condition.sql}),
     value_counts AS MATERIALIZED (SELECT ${groups.keys}, count(*) AS items FROM filtered GROUP BY ${groups.keys}),
     page_values AS (
       SELECT ${groups.keys} FROM (
         SELECT ${groups.keys}, sum(items) OVER (ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM value_counts)
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     f AS (SELECT * FROM filtered SEMI JOIN page_values USING (${groups.keys}))`,
    params: condition.params,
    total: '(SELECT coalesce(sum(items), 0) FROM value_counts)',
  };
}

/**
 * The items page under a department (the links plan: beside town / region / kind / category / support type /
 * search, or alone, in any order), or under a department type beside a category, support type or search (the
 * facts plan; alone, or beside town / region / kind, the typed plan is groupPageItems'): the plan's item facts
 * (`s`, see linkedItems) are the page's items, each carrying the columns every order reads, so the page is
 * chosen among them and only its rows are read from the items table. The link facts are stored in department
 * order, so a department's are read alone, where the general path tests every item's departments. At
 * national, in-process, medians of 3 (one county's 林业和草原局, 283 items): alone 318–392 → 142–145 ms, by
 * 序号 378–488 → 242–244, beside funding 283–372 → 47, beside 森林 619–717 → 379–434, beside 行政处罚
 * 863–1,000 → 578–634, beside a search that finds nothing 377–413 → 36–38. The general path finds a
 * department type through every item's departments joined with the departments table: 政府部门 in 生态环保
 * 1,113 → 228 ms, beside 林 1,182 → 574 ms, beside 服务 by name 1,477 → 759 ms, 党群部门 beside funding
 * 512 → 288 ms. (Under the facts plan's other filters the facts were no faster than the base tables, or
 * slower: funding 151 → 225 ms.) `WITH` entries ending in `f`, and the total's SQL, or null.
 */
export function factsPageItems(
  plan: Plan,
  filters: Filters,
): { sql: string; params: Params; total: string } | null {
  const chosen = plan.kind === 'links' || (plan.kind === 'facts' && filters.departmentType !== undefined);
  if (!chosen) return null;
  return {
    sql: `${linkedItems(plan)},
     f AS (SELECT item_id, town_id, kind, seq, category, name FROM s)`,
    params: plan.params,
    total: '(SELECT count(*) FROM f)',
  };
}
