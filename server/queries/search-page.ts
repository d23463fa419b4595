// The items page (GET /api/items) when the search is its only filter and the order is the default one
// (list kind, then town, then 序号), read from the search index's rows (etl/search-index.ts) instead of
// every matching item. A broad search matches half of all items; the general path gathers them all,
// as strings, to count them and keep the first page. Here:
//
//   total  each matching item is in exactly one row of search_set_items (its text set, town and kind),
//          so the total is the sum of the matched sets' items (search_set_totals) — one integer per
//          set, not per row;
//   page   every item of an earlier (kind, town) group sorts before every item of a later one. Let n be
//          offset + limit and `last` the n-th smallest first group of the matched sets: those n sets
//          each have a row up to `last`, so the groups up to it hold at least n items and the page
//          lies in them; and a set whose first group is later has no row there. So only the rows up
//          to `last` of the sets that begin by then are read (a broad search: a few dozen sets of
//          its million), their groups added up in order, and the page's groups' items gathered and
//          sorted as the general path sorts them. Fewer than n sets: all their rows.
//
// The answer is the general path's; tests/server/search-index.test.ts compares both with the scan.
import type { Params } from '../db.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { searchSets, type SearchPath } from '../filters/search-sql.ts';
import { searchGroupKey } from '../../shared/filters/search-fields.ts';
import type { ItemPage } from './items.ts';

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
  const sets = searchSets(q, { repeats: true });
  const order = page.order === 'desc' ? 'desc' : 'asc';
  // Identifiers from this allow-list only.
  const first = order === 'desc' ? 'first_desc' : 'first_asc';
  const group = searchGroupKey('m.kind', 'm.town_id', order);
  return {
    // Materialised: the total, the bound and the page's sets all read the matched sets.
    sql: `search_found AS MATERIALIZED (
       SELECT set_id, items, ${first} AS first FROM search_set_totals
       WHERE set_id IN (${sets.sql})
     ),
     search_bound AS (
       -- NULL when fewer sets than the page needs matched: then every row of them is read.
       SELECT CASE WHEN count(*) >= $offset + $limit THEN max(first) END AS last FROM (
         SELECT first FROM search_found ORDER BY first LIMIT $offset + $limit)
     ),
     search_page_sets AS (
       SELECT set_id, b.last FROM search_found, search_bound b WHERE b.last IS NULL OR first <= b.last
     ),
     -- Joined on the set first: the few page sets are the join's build side, and only their rows'
     -- groups are compared with the bound. Without the item lists: a broad search's page sets have
     -- ~130,000 rows up to the bound at national, and reading their lists took ~60 % of its page; f
     -- reads the lists of the page groups' few rows only (DuckDB then looks them up by set id).
     search_page_rows AS (
       SELECT m.set_id, m.kind, m.town_id, m.items FROM search_set_items m
         JOIN search_page_sets p ON p.set_id = m.set_id
       WHERE p.last IS NULL OR ${group} <= p.last
     ),
     search_page_groups AS (
       SELECT kind, town_id FROM (
         SELECT kind, town_id, sum(items) OVER (
                  ORDER BY ${searchGroupKey('kind', 'town_id', order)}
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM (SELECT kind, town_id, sum(items) AS items FROM search_page_rows GROUP BY kind, town_id))
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     f AS (
       SELECT i.* FROM items i WHERE i.item_id IN (
         SELECT unnest(m.item_ids) FROM search_set_items m
           JOIN (SELECT r.set_id, r.kind, r.town_id FROM search_page_rows r JOIN search_page_groups g USING (kind, town_id)) r
             ON r.set_id = m.set_id AND r.kind = m.kind AND r.town_id = m.town_id)
     )`,
    params: sets.params,
    total: '(SELECT coalesce(sum(items), 0) FROM search_found)',
  };
}
