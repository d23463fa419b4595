// The items page (GET /api/items) when the search is its only filter, or the list kinds beside it, and
// the order is the default one (list kind, then town, then 序号), read from the search index's rows
// (etl/search-index.ts) instead of every matching item. A broad search matches half of all items; the
// general path gathers them all, as strings, to count them and keep the first page (at national a broad
// search under a kind filter ran past the query time limit). Here:
//
//   total  each matching item is in exactly one row of search_set_items (its text set, town and kind),
//          so the total is the sum of the matched sets' items (search_set_totals) — one integer per
//          set, not per row; under a kind filter, the sum of the items of the sets' rows of those kinds;
//   page   every item of an earlier (kind, town) group sorts before every item of a later one. Let n be
//          offset + limit and `last` the n-th smallest first group of the matched sets: those n sets
//          each have a row up to `last`, so the groups up to it hold at least n items and the page
//          lies in them; and a set whose first group is later has no row there. So only the rows up
//          to `last` of the sets that begin by then are read (a broad search: a few dozen sets of
//          its million), their groups added up in order, and the page's groups' items gathered and
//          sorted as the general path sorts them. Fewer than n sets: all their rows.
//
// Beside a town or region filter, the rows of those towns are read instead (search_town_sets, in the
// roll-ups' town rank order, so a region's rows lie in the row groups of its range), and those of the
// matched sets kept: a county's or province's rows are far fewer than a broad search's sets, so their
// sets are matched against the search's rather than the other way round. Their groups are then added up
// in order as above, without a bound (a region's rows are few).
//
// The answer is the general path's; tests/server/search-index.test.ts compares both with the scan.
import { listValue } from '@duckdb/node-api';
import type { Db, Params } from '../db.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { scanCondition, searchSets, type SearchPath } from '../filters/search-sql.ts';
import { perFile } from '../per-file.ts';
import {
  kindsInOrder,
  SEARCH_KEYS_FORMAT,
  searchGroupKey,
  setKindColumns,
} from '../../shared/filters/search-fields.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import type { ItemPage } from './items.ts';
import { planFor, type Plan } from './plan.ts';

/**
 * `WITH` entries ending in `f` (the items the page can come from) and the total's SQL, or null when the
 * request does not qualify: another filter is set (the allow-list is: none), the database has no
 * index, or another order is asked for.
 */
export function searchPageItems(
  filters: Filters,
  page: ItemPage,
  search: SearchPath,
  towns: Plan | null = null,
): { sql: string; params: Params; total: string } | null {
  const searched = searchAndKinds(filters, page, search, towns);
  if (searched === null) return null;
  const { q, kinds } = searched;
  const sets = searchSets(q, { repeats: true });
  const order = page.order === 'desc' ? 'desc' : 'asc';
  if (towns !== null) return townsSearchPage(sets, kinds, order, towns);
  // Identifiers from this allow-list only.
  const first = order === 'desc' ? 'first_desc' : 'first_asc';
  const group = searchGroupKey('m.kind', 'm.town_id', order);
  // Under a kind filter, each set's items and first group are those of its rows of the kinds asked for,
  // kept per kind in its totals: the items of those kinds, and the first town of the first of them (in
  // the page's order) that it has items of.
  const ofKinds = kinds === null ? 'TRUE' : 'm.kind = ANY($kind)';
  const ranked = kindsInOrder(order).filter((kind) => kinds?.includes(kind));
  const items = ranked.map((kind) => setKindColumns(kind).items).join(' + ');
  const firstOf = ranked.map((kind) => {
    const columns = setKindColumns(kind);
    return `WHEN ${columns.items} > 0 THEN ${searchGroupKey(`'${kind}'`, columns.firstTown, order)}`;
  });
  const found =
    kinds === null
      ? `SELECT set_id, items, ${first} AS first FROM search_set_totals WHERE set_id IN (${sets.sql})`
      : // Sets without items of these kinds are left to the readers below (items > 0): as a condition
        // here, DuckDB read every set's totals to join them with the few a narrow search matches.
        `SELECT set_id, ${items} AS items, CASE ${firstOf.join(' ')} END AS first FROM search_set_totals
         WHERE set_id IN (${sets.sql})`;
  return {
    // Materialised: the total, the bound and the page's sets all read the matched sets.
    sql: `search_found AS MATERIALIZED (
       ${found}
     ),
     search_bound AS (
       -- NULL when fewer sets than the page needs matched: then every row of them is read.
       SELECT CASE WHEN count(*) >= $offset + $limit THEN max(first) END AS last FROM (
         SELECT first FROM search_found WHERE items > 0 ORDER BY first LIMIT $offset + $limit)
     ),
     search_page_sets AS (
       SELECT set_id, b.last FROM search_found, search_bound b
        WHERE items > 0 AND (b.last IS NULL OR first <= b.last)
     ),
     -- Joined on the set first: the few page sets are the join's build side, and only their rows'
     -- groups are compared with the bound. Without the item lists: a broad search's page sets have
     -- ~130,000 rows up to the bound at national, and reading their lists took ~60 % of its page; f
     -- reads the lists of the page groups' few rows only (DuckDB then looks them up by set id).
     search_page_rows AS (
       SELECT m.set_id, m.kind, m.town_id, m.items FROM search_set_items m
         JOIN search_page_sets p ON p.set_id = m.set_id
       WHERE (p.last IS NULL OR ${group} <= p.last) AND ${ofKinds}
     ),
     ${pageGroupsAndItems(order)}`,
    params: kinds === null ? sets.params : { ...sets.params, kind: listValue([...kinds]) },
    total: '(SELECT coalesce(sum(items), 0) FROM search_found)',
  };
}

/**
 * The items page of a search beside a town or region filter (and list kinds): the rows of those towns
 * (`towns`, their ranks) whose sets the search matches, their groups added up in the page's order.
 */
function townsSearchPage(
  sets: { sql: string; params: Params },
  kinds: readonly Kind[] | null,
  order: 'asc' | 'desc',
  towns: Plan,
): { sql: string; params: Params; total: string } {
  return {
    sql: `search_here AS MATERIALIZED (
       SELECT set_id, kind, town_id, items FROM search_town_sets
       WHERE ${towns.towns} AND ${kinds === null ? 'TRUE' : 'kind = ANY($kind)'}
     ),
     -- The towns' sets that the search matches: the few towns' sets are the join's build side.
     search_matched AS MATERIALIZED (
       SELECT DISTINCT h.set_id FROM (${sets.sql}) m
         JOIN (SELECT DISTINCT set_id FROM search_here) h ON h.set_id = m.set_id
     ),
     search_page_rows AS MATERIALIZED (
       SELECT h.set_id, h.kind, h.town_id, h.items FROM search_here h JOIN search_matched USING (set_id)
     ),
     ${pageGroupsAndItems(order)}`,
    params: {
      ...sets.params,
      ...towns.params,
      ...(kinds === null ? {} : { kind: listValue([...kinds]) }),
    },
    total: '(SELECT coalesce(sum(items), 0) FROM search_page_rows)',
  };
}

/**
 * The page's (kind, town) groups, from the rows in search_page_rows (set_id, kind, town_id, items) —
 * those before the page's end in its order — and `f`: their items, looked up by their rows' sets.
 */
function pageGroupsAndItems(order: 'asc' | 'desc'): string {
  return `search_page_groups AS (
       SELECT kind, town_id FROM (
         SELECT kind, town_id, sum(items) OVER (
                  ORDER BY ${searchGroupKey('kind', 'town_id', order)}
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM (SELECT kind, town_id, sum(items) AS items FROM search_page_rows GROUP BY kind, town_id))
       WHERE coalesce(before, 0) < $offset + $limit
     ),
     f AS MATERIALIZED (
       SELECT i.* FROM items i WHERE i.item_id IN (
         SELECT unnest(m.item_ids) FROM search_set_items m
           JOIN (SELECT r.set_id, r.kind, r.town_id FROM search_page_rows r JOIN search_page_groups g USING (kind, town_id)) r
             ON r.set_id = m.set_id AND r.kind = m.kind AND r.town_id = m.town_id)
     )`;
}

/**
 * A town or region filter beside a search, as the roll-ups' town ranks: the plan of those filters
 * alone, or null when there is neither filter or no search, or the database has no roll-ups of this
 * version (search_town_sets is kept by their ranks).
 */
export async function searchTowns(db: Db, filters: Filters): Promise<Plan | null> {
  const { q, town, region } = filters;
  if (q === undefined || q === '' || (town === undefined && region === undefined)) return null;
  const plan = await planFor(db, { ...(town ? { town } : {}), ...(region ? { region } : {}) });
  return plan.kind === 'rollup' && plan.narrowed ? plan : null;
}

/**
 * The search, and the kinds asked for (null: every kind), when the search is the request's only filter
 * beside the list kinds and, given as `towns`, a town or region filter; the order is the default one and
 * the index is there.
 */
function searchAndKinds(
  filters: Filters,
  page: ItemPage,
  search: SearchPath,
  towns: Plan | null,
): { q: string; kinds: readonly Kind[] | null } | null {
  const { kind, town, region, ...others } = filters;
  if ((town !== undefined || region !== undefined) !== (towns !== null)) return null;
  const q = loneSearch(others, page, search);
  if (q === null || kind?.length === 0) return null;
  const kinds = kind === undefined ? [] : [...new Set(kind)];
  return { q, kinds: kinds.length === 0 || kinds.length === KINDS.length ? null : kinds };
}

/** The search when it is the request's only filter, the order the default one and the index there. */
function loneSearch(filters: Filters, page: ItemPage, search: SearchPath): string | null {
  const active = Object.entries(filters).filter(([, value]) => value !== undefined && value !== '');
  const q = filters.q;
  if (search !== 'index' || page.sort !== 'kind' || q === undefined || q === '' || active.length !== 1)
    return null;
  return q;
}

/** The kept keys (etl/search-keys.ts) as the items page reads them. */
interface KeptKeys {
  /** Each kept key's items per list kind (search_key_totals). */
  totals: Map<string, Map<Kind, number>>;
  /** The kept keys' list kinds whose rows are listed (search_key_listed), as listedPair(key, kind). */
  listed: Set<string>;
}

/**
 * The broad searches' counts per list kind (etl/search-keys.ts: a few thousand keys at national) and
 * which of their kinds are listed, per database file, read whole once: a search that is not kept is then
 * known without a query. Empty when the database holds none in the format read here.
 */
const keptKeys = perFile(async (db): Promise<KeptKeys> => {
  const [row] = await db.all<{ format: string | null }>(
    `SELECT (SELECT max(value) FROM meta WHERE key = 'search_keys'
              AND (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'search_key_totals') = 1) AS format`,
  );
  const kept: KeptKeys = { totals: new Map(), listed: new Set() };
  if (row?.format !== SEARCH_KEYS_FORMAT) return kept;
  for (const { key, kind, items, listed } of await db.all<{
    key: string;
    kind: Kind;
    items: number;
    listed: boolean;
  }>(
    `SELECT t.key, t.kind, t.items, l.key IS NOT NULL AS listed
       FROM search_key_totals t LEFT JOIN search_key_listed l USING (key, kind)`,
  )) {
    const counts = kept.totals.get(key) ?? new Map<Kind, number>();
    kept.totals.set(key, counts.set(kind, Number(items)));
    if (listed) kept.listed.add(listedPair(key, kind));
  }
  return kept;
});

const listedPair = (key: string, kind: Kind) => `${kind} ${key}`;

/** Every town id in ascending order (the items page's order of towns), per database file. */
const townIds = perFile(async (db) =>
  (await db.all<{ town_id: string }>('SELECT town_id FROM towns ORDER BY town_id')).map((row) => row.town_id),
);

/**
 * What a kept key looks like: Han characters only (etl/search-keys.ts: one or two, and phrases of more),
 * each counted exactly by the texts containing it; a search of any other shape is never kept.
 */
const KEPT_SHAPE = /^\p{Script=Han}+$/u;

/**
 * Towns a kept key's page may read at most: at national each town's texts take ~0.1 ms to scan. A
 * broad key's first page lies in its first town or two; beyond this the sets' path is cheaper.
 */
const PAGE_TOWNS_MAX = 400;

/**
 * The items page of a broad search of Han characters (one whose counts the ETL keeps: one or two
 * characters, or a phrase, etl/search-keys.ts), or null when the search is not one or its page is not
 * found this way:
 *
 *   total  the kept counts per list kind, summed;
 *   page   the default order is list kind, then town ascending, then 序号. The counts per kind say
 *          in which kind the page begins and how many items of that kind come before it. In the order
 *          every item of a kind's first towns comes before the rest of the kind, so when the kind's
 *          matching items in its first W towns (found by the substring scan of those towns' rows
 *          only) reach the page's end, the page lies among them, at the same offset. W is chosen so
 *          that, spread evenly, twice the items needed lie there; when they do not (the statement
 *          counts `f` against `needed`: server/queries/items.ts, keyedItemPage) or the page runs into
 *          the next kind (null here), the sets' path answers. A kind too sparse for its first towns to
 *          hold a page (fewer than KEY_LISTED_ITEMS items, etl/search-keys.ts) has its rows of the index
 *          listed by town: the towns holding the page are then known exactly, and their rows are the
 *          page's rows (listedRowsPage).
 *
 * The same answer as the general path; tests/server/search-index.test.ts compares them.
 */
export async function keyedSearchPage(
  db: Db,
  filters: Filters,
  page: ItemPage,
  search: SearchPath,
): Promise<{ sql: string; params: Params; total: string; offset: number; needed: number } | null> {
  const q = loneSearch(filters, page, search);
  if (q === null || !KEPT_SHAPE.test(q)) return null;
  const kept = await keptKeys(db);
  const counts = kept.totals.get(q);
  if (counts === undefined) return null;
  const total = [...counts.values()].reduce((sum, items) => sum + items, 0);
  const kinds = page.order === 'desc' ? [...KINDS].reverse() : KINDS;
  // The kind the page begins in, and the items of the kinds before it.
  let before = 0;
  const at = kinds.findIndex((kind) => {
    const items = counts.get(kind) ?? 0;
    if (page.offset < before + items) return true;
    before += items;
    return false;
  });
  if (at < 0) return null;
  const kind = kinds[at] as Kind;
  const inKind = counts.get(kind) ?? 0;
  const offset = page.offset - before;
  const needed = Math.min(offset + page.limit, inKind);
  const later = kinds.slice(at + 1).some((next) => (counts.get(next) ?? 0) > 0);
  if (offset + page.limit > inKind && later) return null;
  if (kept.listed.has(listedPair(q, kind)))
    return listedRowsPage(db, { q, kind, offset, limit: page.limit, inKind, total, order: page.order });
  const ids = await townIds(db);
  const towns = Math.ceil((2 * needed * ids.length) / inKind);
  const bound = ids[Math.min(towns, ids.length) - 1];
  if (towns > PAGE_TOWNS_MAX || bound === undefined) return null;
  // Constants, so that every table's scan reads only the row groups of these towns.
  const found = scanCondition(q, 'town_id <= $probe_town');
  return {
    sql: `f AS MATERIALIZED (
       SELECT i.* FROM items i
       WHERE i.kind = $probe_kind AND i.town_id <= $probe_town AND ${found.sql}
     )`,
    params: { probe_kind: kind, probe_town: bound, ...found.params },
    total: String(total),
    offset,
    needed,
  };
}

/**
 * keyedSearchPage's page when the kind it lies in is listed (etl/search-keys.ts): the listed rows' items
 * before each town, in town order, say exactly which towns hold the page's items of the kind, and their
 * rows (search_key_rows: the index's rows of the kind whose sets hold the key) are the page's rows, as
 * beside a region — no set of the key's is matched (业务's first page at national: 47 towns' rows, where
 * the sets' path read the totals of 247,000 sets). `offset` is within the kind.
 */
async function listedRowsPage(
  db: Db,
  key: {
    q: string;
    kind: Kind;
    offset: number;
    limit: number;
    inKind: number;
    total: number;
    order: 'asc' | 'desc';
  },
): Promise<{ sql: string; params: Params; total: string; offset: number; needed: number } | null> {
  const { q, kind, offset, inKind } = key;
  const end = Math.min(offset + key.limit, inKind);
  const towns = await db.all<{ town_id: string; before: number }>(
    `SELECT town_id, before FROM (
       SELECT town_id, items,
              (sum(items) OVER (ORDER BY town_id ROWS UNBOUNDED PRECEDING) - items)::INTEGER AS before
       FROM (SELECT town_id, sum(items)::INTEGER AS items FROM search_key_rows
             WHERE key = $key AND kind = $kind GROUP BY town_id))
     WHERE before < $end AND before + items > $offset
     ORDER BY town_id`,
    { key: q, kind, end, offset },
  );
  const first = towns[0];
  if (first === undefined) return null;
  return {
    sql: `search_page_rows AS MATERIALIZED (
       SELECT set_id, kind, town_id, items FROM search_key_rows
       WHERE key = $listed_key AND kind = $listed_kind AND town_id = ANY($listed_towns)
     ),
     ${pageGroupsAndItems(key.order)}`,
    params: { listed_key: q, listed_kind: kind, listed_towns: listValue(towns.map((town) => town.town_id)) },
    total: String(key.total),
    offset: offset - first.before,
    needed: end - first.before,
  };
}
