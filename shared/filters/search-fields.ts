// The texts the search (`q`) looks in: each table of the items' texts and its text columns. Written
// once: the server's substring scan (server/filters/filter-sql.ts) and the ETL's search index
// (etl/search-index.ts) both read this list, so the index covers exactly what the scan reads.
// Every table named here has item_id and town_id columns.
import { KINDS, type Kind } from '../vocabulary.ts';
export const SEARCH_FIELDS = {
  items: ['name', 'departments_raw', 'department_duties', 'support_raw', 'town_duties', 'method'],
  item_departments: ['department', 'raw_name', 'note', 'duties'],
  penalty_clauses: ['text'],
  procedure_stages: ['text'],
} as const satisfies Record<string, readonly string[]>;

export type SearchTable = keyof typeof SEARCH_FIELDS;
export const SEARCH_TABLES = Object.keys(SEARCH_FIELDS) as SearchTable[];

/**
 * The format of the search index the ETL writes (meta 'search_index'); the server uses the index only
 * when the database holds this one, and scans the texts otherwise.
 */
export const SEARCH_INDEX_FORMAT = 'bigrams-sets-v7';

/**
 * The format of the broad searches' kept counts (etl/search-keys.ts, meta 'search_keys'); the items page
 * reads them only when the database holds this one (server/queries/search-page.ts).
 */
export const SEARCH_KEYS_FORMAT = 'han-keys-v3';

/**
 * SQL for the (list kind, town) group of a row as one string that sorts as the items page's default
 * order sorts its groups: kind in the published order (reversed for 'desc'), then town ascending
 * (server/queries/items.ts). The ETL keeps each text set's first group in both orders
 * (search_set_totals) and the items page compares groups with them (server/queries/search-page.ts):
 * both build the key here. One character per kind, then the town id: the town ids are compared only
 * within one kind.
 */
export function searchGroupKey(kind: string, town: string, order: 'asc' | 'desc'): string {
  const cases = kindsInOrder(order)
    .map((value, rank) => `WHEN '${value}' THEN '${rank}'`)
    .join(' ');
  return `((CASE ${kind} ${cases} END) || ${town})`;
}

/** The list kinds in the items page's order of kinds: published order, reversed for 'desc'. */
export function kindsInOrder(order: 'asc' | 'desc'): readonly Kind[] {
  return order === 'asc' ? KINDS : [...KINDS].reverse();
}

/**
 * search_set_totals' columns for a list kind (etl/schema.sql): the set's items of that kind, and the
 * first town (smallest id) of its rows of that kind.
 */
export function setKindColumns(kind: Kind): { items: string; firstTown: string } {
  return { items: `${kind}_items`, firstTown: `${kind}_first_town` };
}
