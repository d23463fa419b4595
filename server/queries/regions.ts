// The region hierarchy (province → city → county → town) the loaded towns form, searchable by name,
// for the region picker behind GET /api/regions. Item counts come from `lists` (three rows per town)
// rather than scanning `items`, so the query stays small at 38,600 towns.
import type { Db, Params } from '../db.ts';
import type { RegionsQuery } from '../filters.ts';
import type { RegionRow } from '../responses.ts';

export async function listRegions(
  db: Db,
  query: RegionsQuery,
): Promise<{ total: number; regions: RegionRow[] }> {
  const params: Params = { limit: query.limit };
  const where: string[] = [];
  let exact = 'FALSE';
  let byName = 'FALSE';
  if (query.q) {
    params.q = query.q;
    where.push('(contains(name, $q) OR contains(path, $q))');
    exact = '(name = $q OR path = $q)';
    byName = 'contains(name, $q)';
  }
  if (query.level) {
    params.level = query.level;
    where.push('level = $level');
  }
  const rows = await db.all<{ total: number; regions: RegionRow[] }>(
    `WITH town_items AS (SELECT town_id, sum(item_count) AS items FROM lists GROUP BY town_id),
     t AS (SELECT t.*, coalesce(ti.items, 0) AS items FROM towns t LEFT JOIN town_items ti ON ti.town_id = t.town_id),
     regions AS (
       SELECT 'province' AS level, province AS name, province AS path, []::VARCHAR[] AS parents,
              count(*) AS towns, sum(items) AS items
       FROM t WHERE province IS NOT NULL GROUP BY province
       UNION ALL
       SELECT 'city', city, concat(province, city), list_filter([province], x -> x IS NOT NULL), count(*), sum(items)
       FROM t WHERE city IS NOT NULL GROUP BY province, city
       UNION ALL
       SELECT 'county', county, concat(province, city, county), list_filter([province, city], x -> x IS NOT NULL),
              count(*), sum(items)
       FROM t WHERE county IS NOT NULL GROUP BY province, city, county
       UNION ALL
       SELECT 'town', name, full_name, list_filter([province, city, county], x -> x IS NOT NULL), 1, items FROM t
     ),
     matched AS (
       SELECT *, ${exact} AS exact, ${byName} AS by_name FROM regions
       WHERE ${where.length > 0 ? where.join(' AND ') : 'TRUE'}
     ),
     page AS (
       SELECT * FROM matched
       ORDER BY exact DESC, by_name DESC, list_position(['province', 'city', 'county', 'town'], level),
                towns DESC, items DESC, path
       LIMIT $limit
     )
     SELECT (SELECT count(*) FROM matched)::INTEGER AS total,
            coalesce((SELECT list({
              'level': level, 'name': name, 'path': path, 'parents': parents,
              'towns': towns::INTEGER, 'items': items::INTEGER
            } ORDER BY exact DESC, by_name DESC, list_position(['province', 'city', 'county', 'town'], level),
                       towns DESC, items DESC, path) FROM page), []) AS regions`,
    params,
  );
  return rows[0] ?? { total: 0, regions: [] };
}
