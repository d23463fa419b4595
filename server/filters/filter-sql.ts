// How each filter dimension narrows the base tables: one SQL condition per dimension of the registry
// (shared/filters/filter-dimensions.ts) over `items` aliased as `i`, its values bound as parameters.
// The record is keyed by every dimension, so a new dimension does not type-check until it says here
// what it selects. Values reach SQL only as bound parameters; the SQL text is fixed fragments.
import { listValue } from '@duckdb/node-api';
import { FILTER_NAMES, type FilterName } from '../../shared/filters/filter-dimensions.ts';
import type { Params } from '../db.ts';
import type { Filters, TownFilters } from './filter-schemas.ts';
import { searchCondition, type SearchPath } from './search-sql.ts';

/**
 * Every name a region can be given by: each level on its own, the paths from the province down to the
 * city and the county (names repeat across the country, paths do not), the town's full name. SQL over
 * `towns`; concat() skips missing levels.
 */
export const REGION_KEYS_SQL = `[province, city, county, name, full_name, concat(province, city), concat(province, city, county)]`;

/** The conditions over `towns` of the two dimensions that pick towns. */
const TOWN_CONDITIONS = {
  town: 'town_id = ANY($town) OR name = ANY($town) OR full_name = ANY($town)',
  region: `list_has_any(${REGION_KEYS_SQL}, $region)`,
} as const;

type Condition<N extends FilterName> = (
  value: NonNullable<Filters[N]>,
  search: SearchPath,
) => { sql: string; params: Params };

/** A list of values bound as $<name>, and the condition that names it. */
const anyOf =
  <N extends FilterName>(name: N, sql: string): Condition<N> =>
  (values) => ({ sql, params: { [name]: listValue(values as string[]) } });

const ITEM_CONDITIONS: { [N in FilterName]: Condition<N> } = {
  town: anyOf('town', `i.town_id IN (SELECT town_id FROM towns WHERE ${TOWN_CONDITIONS.town})`),
  region: anyOf('region', `i.town_id IN (SELECT town_id FROM towns WHERE ${TOWN_CONDITIONS.region})`),
  kind: anyOf('kind', 'i.kind = ANY($kind)'),
  category: anyOf('category', 'i.category = ANY($category)'),
  department: anyOf(
    'department',
    'EXISTS (SELECT 1 FROM item_departments fd WHERE fd.item_id = i.item_id AND fd.department = ANY($department))',
  ),
  departmentType: anyOf(
    'departmentType',
    `EXISTS (SELECT 1 FROM item_departments fd JOIN departments ft ON ft.name = fd.department
        WHERE fd.item_id = i.item_id AND ft.type = ANY($departmentType))`,
  ),
  supportType: anyOf(
    'supportType',
    'EXISTS (SELECT 1 FROM item_support fs WHERE fs.item_id = i.item_id AND fs.support_type = ANY($supportType))',
  ),
  // Every town table holds each town's latest edition only (etl/schema.sql, editions), so an edition
  // selects towns: those whose latest edition carries the label. Older editions are read through
  // GET /api/editions and GET /api/changes.
  edition: anyOf(
    'edition',
    'i.town_id IN (SELECT town_id FROM editions WHERE is_latest AND edition = ANY($edition))',
  ),
  q: (q, search) => searchCondition(q, search),
};

/**
 * The SQL condition (over `items` aliased as `i`) selecting the items the filters match, with its
 * parameters. Multi-valued filters match any of their values; different filters AND together. `search`
 * is how the search finds its texts (searchPath(db): the index when the database has one).
 */
export function filterCondition(filters: Filters, search: SearchPath): { sql: string; params: Params } {
  const parts: string[] = [];
  const params: Params = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value === undefined || value === '') continue;
    const condition = (ITEM_CONDITIONS[name] as Condition<FilterName>)(value, search);
    parts.push(condition.sql);
    Object.assign(params, condition.params);
  }
  return { sql: parts.length > 0 ? parts.join('\n  AND ') : 'TRUE', params };
}

/**
 * The SQL condition on a town id column for the `town` (id, name or full name) and `region` (a
 * province, city, county or town, by name or path) parameters.
 */
export function townCondition(filters: TownFilters, column: string): { sql: string; params: Params } {
  const parts: string[] = [];
  const params: Params = {};
  for (const name of ['town', 'region'] as const) {
    const values = filters[name];
    if (!values) continue;
    params[name] = listValue(values);
    parts.push(TOWN_CONDITIONS[name]);
  }
  if (parts.length === 0) return { sql: 'TRUE', params };
  return {
    sql: `${column} IN (SELECT town_id FROM towns WHERE ${parts.map((part) => `(${part})`).join(' AND ')})`,
    params,
  };
}

/**
 * `WITH f AS (…)`: the filtered items, for queries to build on. `all` is true when no filter is set:
 * queries over the link tables (which carry kind and town_id themselves) can then skip joining `f`,
 * which costs most of their time once millions of items are loaded.
 */
export function filteredItems(
  filters: Filters,
  search: SearchPath,
): { sql: string; params: Params; all: boolean } {
  const condition = filterCondition(filters, search);
  return {
    sql: `f AS (SELECT i.* FROM items i WHERE ${condition.sql})`,
    params: condition.params,
    all: condition.sql === 'TRUE',
  };
}
