// The values that exist for the free-text filters (town, region, category, department), so that a
// filter naming something unknown is answered with 400 instead of an empty result. One list per
// free-text dimension of the filter registry: a new one does not type-check until it says here where
// its values live.
import type { TextFilterName } from '../../shared/filters/filter-dimensions.ts';
import type { Db } from '../db.ts';
import { REGION_KEYS_SQL } from '../filters/filter-sql.ts';
import { hasRollups } from './plan.ts';

export type KnownValues = Record<TextFilterName, string[]>;

/** Per dimension, a query of one `list(...)` of its values; the roll-ups hold them in small tables. */
const LISTS: Record<TextFilterName, (rollups: boolean) => string> = {
  town: () => 'SELECT list(town_id) || list(name) || list(full_name) FROM towns',
  region: (rollups) =>
    `${
      rollups
        ? 'SELECT list(DISTINCT key) FROM rollup_region_keys'
        : `SELECT list(DISTINCT key) FROM (SELECT unnest(${REGION_KEYS_SQL}) AS key FROM towns)`
    } WHERE key IS NOT NULL AND key <> ''`,
  category: (rollups) => `SELECT list(DISTINCT category) FROM ${rollups ? 'rollup_category_order' : 'items'}`,
  edition: () => 'SELECT list(DISTINCT edition) FROM editions WHERE is_latest',
  department: (rollups) => `SELECT list(DISTINCT department) FROM (
             SELECT name AS department FROM departments
             UNION SELECT department FROM ${rollups ? 'rollup_departments_all' : 'item_departments'})`,
};

export async function getKnownValues(db: Db): Promise<KnownValues> {
  // The base tables mean scanning every item; the roll-ups do not.
  const rollups = await hasRollups(db);
  const names = Object.keys(LISTS) as TextFilterName[];
  // One JSON text instead of ~300,000 values crossing from DuckDB one by one: faster, and far less
  // garbage for the server's heap at national scale.
  const rows = await db.all<{ json: string }>(`
    SELECT to_json({
      ${names.map((name) => `'${name}': coalesce((${LISTS[name](rollups)}), [])`).join(',\n      ')}
    })::VARCHAR AS json`);
  const row = rows[0];
  return row
    ? (JSON.parse(row.json) as KnownValues)
    : (Object.fromEntries(names.map((name) => [name, []])) as unknown as KnownValues);
}
