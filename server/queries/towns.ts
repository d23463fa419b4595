// The towns in the database with their item counts per list, for GET /api/towns. Counts come from
// `lists` (three rows per town) rather than a scan of `items`.
import type { Db } from '../db.ts';
import type { TownRow } from '../responses.ts';
import { type TownFilters } from '../filters/filter-schemas.ts';
import { townCondition } from '../filters/filter-sql.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';

/** A page of the selected towns by full name, and how many towns are selected in all. */
export async function listTowns(
  db: Db,
  towns: TownFilters,
  page: { limit: number; offset: number } = { limit: LIST_DEFAULTS.towns, offset: 0 },
): Promise<{ total: number; towns: TownRow[] }> {
  const condition = townCondition(towns, 't.town_id');
  const rows = await db.all<{ total: number; towns: TownRow[] }>(
    `WITH selected AS (SELECT t.* FROM towns t WHERE ${condition.sql}),
     page AS (SELECT * FROM selected ORDER BY full_name, town_id LIMIT $limit OFFSET $offset),
     counts AS (
       SELECT l.town_id,
              sum(l.item_count) FILTER (WHERE l.kind = 'basic') AS basic,
              sum(l.item_count) FILTER (WHERE l.kind = 'cooperative') AS cooperative,
              sum(l.item_count) FILTER (WHERE l.kind = 'reclaimed') AS reclaimed
       FROM lists l WHERE l.town_id IN (SELECT town_id FROM page)
       GROUP BY l.town_id
     )
     SELECT (SELECT count(*) FROM selected)::INTEGER AS total,
            coalesce((
              SELECT list({
                'townId': p.town_id, 'name': p.name, 'fullName': p.full_name,
                'province': p.province, 'city': p.city, 'county': p.county, 'sourceFile': p.source_file,
                'loadedAt': strftime(p.loaded_at, '%Y-%m-%dT%H:%M:%S.%gZ'),
                'counts': {
                  'basic': coalesce(c.basic, 0)::INTEGER,
                  'cooperative': coalesce(c.cooperative, 0)::INTEGER,
                  'reclaimed': coalesce(c.reclaimed, 0)::INTEGER
                }
              } ORDER BY p.full_name, p.town_id)
              FROM page p LEFT JOIN counts c ON c.town_id = p.town_id
            ), []) AS towns`,
    { ...condition.params, limit: page.limit, offset: page.offset },
  );
  return rows[0] ?? { total: 0, towns: [] };
}
