// The values that exist for the free-text filters (town, region, category, department), so that a
// filter naming something unknown is answered with 400 instead of an empty result.
import type { Db } from '../db.ts';
import { REGION_KEYS_SQL } from '../filters.ts';

export interface Vocabulary {
  towns: string[];
  regions: string[];
  categories: string[];
  departments: string[];
}

export async function getVocabulary(db: Db): Promise<Vocabulary> {
  const rows = await db.all<Vocabulary>(`
    SELECT coalesce((SELECT list(town_id) || list(name) || list(full_name) FROM towns), []) AS towns,
           coalesce((SELECT list(DISTINCT key) FROM (SELECT unnest(${REGION_KEYS_SQL}) AS key FROM towns)
                     WHERE key IS NOT NULL AND key <> ''), []) AS regions,
           coalesce((SELECT list(DISTINCT category) FROM items), []) AS categories,
           coalesce((SELECT list(DISTINCT department) FROM (
             SELECT name AS department FROM departments UNION SELECT department FROM item_departments)), []) AS departments`);
  return rows[0] ?? { towns: [], regions: [], categories: [], departments: [] };
}
