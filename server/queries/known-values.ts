// Which of the values a request names for the free-text filters (town, region, category, edition,
// department) the database holds, so that a filter naming something unknown is answered with 400 instead
// of an empty result. One query per free-text dimension of the filter registry: a new one does not
// type-check until it says here where its values live. Only the asked values are looked up — holding every
// value (~300,000 at national) in each serving process cost ~90 MiB at its peak and ~0.5 s on the first
// filtered request.
import { listValue } from '@duckdb/node-api';
import type { TextFilterName } from '../../shared/filters/filter-dimensions.ts';
import type { Db, Params } from '../db.ts';
import { REGION_KEYS_SQL } from '../filters/filter-sql.ts';
import { hasRollups } from './plan.ts';

export type AskedValues = Partial<Record<TextFilterName, readonly string[]>>;

/** Per dimension, a query of `value`s among $values that exist; the roll-ups hold them in small tables. */
const FOUND: Record<TextFilterName, (rollups: boolean) => string> = {
  town: () => `SELECT town_id AS value FROM towns WHERE town_id = ANY($values)
         UNION ALL SELECT name FROM towns WHERE name = ANY($values)
         UNION ALL SELECT full_name FROM towns WHERE full_name = ANY($values)`,
  region: (rollups) =>
    `SELECT key AS value FROM ${
      rollups ? 'rollup_region_keys' : `(SELECT unnest(${REGION_KEYS_SQL}) AS key FROM towns)`
    } WHERE key = ANY($values) AND key <> ''`,
  category: (rollups) =>
    `SELECT category AS value FROM ${rollups ? 'rollup_category_order' : 'items'} WHERE category = ANY($values)`,
  edition: () => 'SELECT edition AS value FROM editions WHERE is_latest AND edition = ANY($values)',
  department: (rollups) => `SELECT name AS value FROM departments WHERE name = ANY($values)
         UNION ALL SELECT department FROM ${rollups ? 'rollup_departments_all' : 'item_departments'}
         WHERE department = ANY($values)`,
};

/** The asked values that the database holds, per dimension (each dimension asked is present). */
export async function findKnownValues(db: Db, asked: AskedValues): Promise<AskedValues> {
  const names = (Object.keys(FOUND) as TextFilterName[]).filter((name) => asked[name]?.length);
  if (names.length === 0) return {};
  // The base tables mean scanning every item; the roll-ups do not.
  const rollups = await hasRollups(db);
  const params: Params = {};
  const parts = names.map((name, i) => {
    params[`values${i}`] = listValue([...(asked[name] ?? [])]);
    const found = FOUND[name](rollups).replaceAll('$values', `$values${i}`);
    return `SELECT ${i} AS dimension, coalesce(list(DISTINCT value), []) AS found FROM (${found})`;
  });
  const rows = await db.all<{ dimension: number; found: string[] }>(parts.join('\nUNION ALL\n'), params);
  return Object.fromEntries(rows.map((row) => [names[row.dimension], row.found]));
}
