// The values that exist for the free-text filters (town, region, category, department), so that a
// filter naming something unknown is answered with 400 instead of an empty result.
import type { Db } from '../db.ts';
import { REGION_KEYS_SQL } from '../filters.ts';
import { hasRollups } from './plan.ts';

export interface Vocabulary {
  towns: string[];
  regions: string[];
  categories: string[];
  departments: string[];
}

export async function getVocabulary(db: Db): Promise<Vocabulary> {
  // The roll-ups hold the same values in small tables; the base tables mean scanning every item.
  const rollups = await hasRollups(db);
  // One JSON text instead of ~300,000 values crossing from DuckDB one by one: faster, and far less
  // garbage for the server's heap at national scale.
  const rows = await db.all<{ json: string }>(`
    SELECT to_json({
      'towns': coalesce((SELECT list(town_id) || list(name) || list(full_name) FROM towns), []),
      'regions': coalesce((${
        rollups
          ? 'SELECT list(DISTINCT key) FROM rollup_region_keys'
          : `SELECT list(DISTINCT key) FROM (SELECT unnest(${REGION_KEYS_SQL}) AS key FROM towns)`
      } WHERE key IS NOT NULL AND key <> ''), []),
      'categories': coalesce((SELECT list(DISTINCT category) FROM ${rollups ? 'rollup_category_order' : 'items'}), []),
      'departments': coalesce((SELECT list(DISTINCT department) FROM (
             SELECT name AS department FROM departments
             UNION SELECT department FROM ${rollups ? 'rollup_departments_all' : 'item_departments'})), [])
    })::VARCHAR AS json`);
  const row = rows[0];
  return row
    ? (JSON.parse(row.json) as Vocabulary)
    : { towns: [], regions: [], categories: [], departments: [] };
}
