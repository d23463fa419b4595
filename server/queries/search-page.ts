// The items page (GET /api/items) when the search is its only filter and the order is the default one
// (list kind, then town, then 序号), read from the search index's rows (etl/search-index.ts) instead of
// every matching item. A broad search matches half of all items; the general path gathers them all,
// as strings, to count them and keep the first page. Here:
//
//   total  each matching item is in exactly one row of search_set_items (its text set, town and kind),
//          so the total is the sum of the matched rows' `items` — integers only;
//   page   every item of an earlier (kind, town) group sorts before every item of a later one, so once
//          the groups in that order hold offset + limit items, the page lies in them: only those
//          groups' items are gathered and sorted as the general path sorts them.
//
// The answer is the general path's; tests/server/search-index.test.ts compares both with the scan.
import type { Params } from '../db.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { searchSets, type SearchPath } from '../filters/search-sql.ts';
import type { ItemPage } from './items.ts';
import { kindRank } from './sql.ts';

/**
 * `WITH` entries ending in `f` (the items the page can come from) and the total's SQL, or null when the
 * request does not qualify: another filter is set (the allow-list is: none), the database has no
 * index, or another order is asked for.
 */
export function searchPageItems(
  filters: Filters,
  page: ItemPage,
  search: SearchPath,
): { sql: string; params: Params; total: string } | null {
  const active = Object.entries(filters).filter(([, value]) => value !== undefined && value !== '');
  const q = filters.q;
  if (search !== 'index' || page.sort !== 'kind' || q === undefined || q === '' || active.length !== 1)
    return null;
  const sets = searchSets(q);
  const direction = page.order === 'desc' ? 'DESC' : 'ASC';
  return {
    // The sets found are few integers; the item lists are read only for the page's groups.
    sql: `search_found AS (${sets.sql}),
     search_groups AS (
       SELECT kind, town_id, sum(items) AS items FROM search_set_items
       WHERE set_id IN (SELECT set_id FROM search_found)
       GROUP BY kind, town_id
     ),
     search_page_groups AS (
       SELECT kind, town_id FROM (
         SELECT kind, town_id, sum(items) OVER (
                  ORDER BY ${kindRank('kind')} ${direction}, town_id
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM search_groups)
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     f AS (
       SELECT i.* FROM items i WHERE i.item_id IN (
         SELECT unnest(m.item_ids) FROM search_set_items m JOIN search_page_groups g USING (kind, town_id)
         WHERE m.set_id IN (SELECT set_id FROM search_found))
     )`,
    params: sets.params,
    total: '(SELECT coalesce(sum(items), 0) FROM search_groups)',
  };
}
