// One page of the filtered items and their total, for GET /api/items.
import type { Db, Params } from '../db.ts';
import type { ItemRow } from '../responses.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath, type SearchPath } from '../filters/search-sql.ts';
import { type ItemSort } from '../filters/request-schemas.ts';
import { factsPageItems, groupPageItems, STORED_CATEGORY_ORDER, valuePageItems } from './group-page.ts';
import { planFor, type PlanKind } from './plan.ts';
import { keyedSearchPage, searchPageItems, searchTowns } from './search-page.ts';
import { categoryOrder, kindRank, supportRank } from './sql.ts';

export interface ItemPage {
  sort: ItemSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

// The only identifiers a client can choose: each sort maps to a fixed ORDER BY.
const ORDER_BY: Record<ItemSort, (direction: 'ASC' | 'DESC') => string> = {
  kind: (direction) => `${kindRank('f.kind')} ${direction}, f.town_id, f.seq ${direction}`,
  seq: (direction) => `f.seq ${direction}, ${kindRank('f.kind')}, f.town_id`,
  category: (direction) => `o.first ${direction}, ${kindRank('f.kind')}, f.town_id, f.seq`,
  name: (direction) => `f.name ${direction}`,
};

/** What a page is read from: `WITH` entries ending in `f` (the items it can come from) and the total's SQL. */
interface PageSource {
  sql: string;
  params: Params;
  total: string;
  /**
   * `f` holds only the items of the groups or first towns a search's page lies in (of the order of
   * offset + limit of them), with every column of `items`: it is materialised and the page's rows are
   * read from it, not looked up again among millions (at national a page's items lie in dozens of
   * towns, so that look-up read ~490,000 rows).
   */
  small?: boolean;
  /** The category order's `WITH` entry, when the page is sorted by category. */
  categories?: string;
}

/**
 * The page and the total in one query, so both always come from the same database file. The page's
 * ids are chosen first (a top-N over the filtered items); only those rows get their lists, gathered
 * by joins over the page's ids: DuckDB turns correlated subqueries here into scans of the whole link
 * tables (400 ms at 1,000 towns, against 15 ms this way). The categories' published order groups every
 * item, so only the category sort joins it. A search alone in the default order, or beside list kinds,
 * a town or a region, reads only the groups of items its page lies in (server/queries/search-page.ts),
 * or, for a broad lone one whose counts are kept,
 * only the first towns of the kind its page begins in (keyedItemPage); so do the default and the
 * category orders without a filter or with only town / region / kind ones (server/queries/group-page.ts,
 * which reads the categories' order from the roll-ups); a department, or a department type beside a
 * category, support type or search, chooses the page among the plan's item facts (factsPageItems); the
 * orders by 序号 and by name read the items of the values the page lies in, under any other filter but a search
 * (valuePageItems). `search` forces how `q` is found (the benchmark compares the two; by default the index
 * when the database has one), `force` the plan (tests compare them; 'items' is the general path, none of
 * the pages above).
 */
export async function listItemPage(
  db: Db,
  filters: Filters,
  page: ItemPage,
  search?: SearchPath,
  force?: PlanKind,
): Promise<{ total: number; items: ItemRow[] }> {
  const path = search ?? (await searchPath(db));
  // Forcing the items plan asks for the general path, which the reference tests compare the others with.
  const general = force === 'items';
  const keyed = general ? null : await keyedItemPage(db, filters, page, path);
  if (keyed !== null) return keyed;
  const plan = await planFor(db, filters, force);
  const grouped = groupPageItems(plan, page);
  const searched = general ? null : searchPageItems(filters, page, path, await searchTowns(db, filters));
  const source: PageSource = searched
    ? { ...searched, small: true }
    : grouped
      ? { ...grouped, categories: STORED_CATEGORY_ORDER }
      : ((general ? null : (factsPageItems(plan, filters) ?? valuePageItems(filters, page, path))) ?? {
          ...filteredItems(filters, path),
          total: '(SELECT count(*) FROM f)',
        });
  const { total, items } = await readPage(db, source, page);
  return { total, items };
}

/**
 * The page of a broad search whose counts the ETL keeps (server/queries/search-page.ts, keyedSearchPage),
 * or null when the search is not one, or when the first towns of its kind do not hold the page (the
 * statement counts what it found there: no separate probe), and the caller reads it another way.
 */
export async function keyedItemPage(
  db: Db,
  filters: Filters,
  page: ItemPage,
  path: SearchPath,
): Promise<{ total: number; items: ItemRow[] } | null> {
  const keyed = await keyedSearchPage(db, filters, page, path);
  if (keyed === null) return null;
  const { total, items, found } = await readPage(
    db,
    { ...keyed, small: true },
    { ...page, offset: keyed.offset },
    true,
  );
  return found >= keyed.needed ? { total, items } : null;
}

/** Reads a page from its source; `count` adds the rows of `f` (`found`). */
async function readPage(
  db: Db,
  source: PageSource,
  page: ItemPage,
  count = false,
): Promise<{ total: number; items: ItemRow[]; found: number }> {
  const orderBy = `${ORDER_BY[page.sort](page.order === 'desc' ? 'DESC' : 'ASC')}, f.item_id`;
  // Every item's category is in category_order, so the join narrows nothing.
  const byCategory = page.sort === 'category';
  const categoryJoin = byCategory ? 'JOIN category_order o ON o.category = f.category' : '';
  const rows = await db.all<{ total: number; items: ItemRow[]; found: number }>(
    `WITH ${source.sql}${byCategory ? `, ${source.categories ?? categoryOrder}` : ''},
     page AS (
       SELECT f.item_id FROM f ${categoryJoin}
       ORDER BY ${orderBy}
       LIMIT $limit OFFSET $offset
     ),
     page_departments AS (
       SELECT d.item_id, list(d.department ORDER BY d.position) AS departments
       FROM item_departments d WHERE d.item_id IN (SELECT item_id FROM page)
       GROUP BY d.item_id
     ),
     page_support AS (
       SELECT s.item_id, list(s.support_type ORDER BY ${supportRank('s.support_type')}) AS support_types
       FROM item_support s WHERE s.item_id IN (SELECT item_id FROM page)
       GROUP BY s.item_id
     )
     SELECT ${source.total}::INTEGER AS total,
            ${count ? '(SELECT count(*) FROM f)' : '0'}::INTEGER AS found,
            coalesce((
              SELECT list({
                'itemId': f.item_id, 'townId': f.town_id, 'townName': t.name, 'kind': f.kind, 'seq': f.seq,
                'category': f.category, 'name': f.name,
                'departments': coalesce(d.departments, []),
                'supportTypes': coalesce(s.support_types, []),
                'isPenalty': f.is_penalty, 'sourceFile': f.source_file, 'sourceLine': f.source_line
              } ORDER BY ${orderBy})
              FROM page p
                JOIN ${source.small ? 'f' : 'items f'} ON f.item_id = p.item_id
                JOIN towns t ON t.town_id = f.town_id
                ${categoryJoin}
                LEFT JOIN page_departments d ON d.item_id = p.item_id
                LEFT JOIN page_support s ON s.item_id = p.item_id
            ), []) AS items`,
    { ...source.params, limit: page.limit, offset: page.offset },
  );
  return rows[0] ?? { total: 0, items: [], found: 0 };
}
