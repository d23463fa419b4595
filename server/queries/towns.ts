// The towns in the database with their item counts per list, for GET /api/towns.
import type { Db } from '../db.ts';
import type { TownRow } from '../responses.ts';
import { townCondition, type TownFilters } from '../filters.ts';

export async function listTowns(db: Db, towns: TownFilters): Promise<TownRow[]> {
  const condition = townCondition(towns, 't.town_id');
  return db.all<TownRow>(
    `SELECT t.town_id AS "townId", t.name, t.full_name AS "fullName", t.province, t.city, t.county,
            t.source_file AS "sourceFile", strftime(t.loaded_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS "loadedAt",
            {
              'basic': count(i.item_id) FILTER (WHERE i.kind = 'basic')::INTEGER,
              'cooperative': count(i.item_id) FILTER (WHERE i.kind = 'cooperative')::INTEGER,
              'reclaimed': count(i.item_id) FILTER (WHERE i.kind = 'reclaimed')::INTEGER
            } AS counts
     FROM towns t LEFT JOIN items i ON i.town_id = t.town_id
     WHERE ${condition.sql}
     GROUP BY t.town_id, t.name, t.full_name, t.province, t.city, t.county, t.source_file, t.loaded_at
     ORDER BY t.full_name`,
    condition.params,
  );
}
