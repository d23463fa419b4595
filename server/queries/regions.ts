// Every region (province → city → county → town) the loaded towns form, with its town and item counts,
// for the region picker behind GET /api/regions. Item counts come from `lists` (three rows per town)
// rather than a scan of `items`.
import type { Db } from '../db.ts';
import type { RegionRow } from '../responses.ts';

export async function listAllRegions(db: Db): Promise<RegionRow[]> {
  return db.all<RegionRow>(
    `WITH town_items AS (SELECT town_id, sum(item_count) AS items FROM lists GROUP BY town_id),
     t AS (SELECT t.*, coalesce(ti.items, 0) AS items FROM towns t LEFT JOIN town_items ti ON ti.town_id = t.town_id)
     SELECT 'province' AS level, province AS name, province AS path, []::VARCHAR[] AS parents,
            count(*)::INTEGER AS towns, sum(items)::INTEGER AS items
     FROM t WHERE province IS NOT NULL GROUP BY province
     UNION ALL
     SELECT 'city', city, concat(province, city), list_filter([province], x -> x IS NOT NULL),
            count(*)::INTEGER, sum(items)::INTEGER
     FROM t WHERE city IS NOT NULL GROUP BY province, city
     UNION ALL
     SELECT 'county', county, concat(province, city, county), list_filter([province, city], x -> x IS NOT NULL),
            count(*)::INTEGER, sum(items)::INTEGER
     FROM t WHERE county IS NOT NULL GROUP BY province, city, county
     UNION ALL
     SELECT 'town', name, full_name, list_filter([province, city, county], x -> x IS NOT NULL), 1, items::INTEGER
     FROM t`,
  );
}
