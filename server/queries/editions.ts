// The editions of one town's lists and the items of one edition (etl/schema.sql: editions,
// edition_items), for GET /api/editions and GET /api/changes; the filtered towns with their editions
// (GET /api/editions/towns) for the changes view's town picker.
import type { Kind } from '../../shared/vocabulary.ts';
import type { Db } from '../db.ts';
import { ApiError } from '../errors.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import { kindRank } from './sql.ts';

export interface TownRef {
  townId: string;
  name: string;
  fullName: string;
  /** The town's own place names, for normalise(): town, county, city. */
  places: string[];
}

export interface EditionRow {
  edition: string;
  loadedAt: string;
  latest: boolean;
  counts: Record<Kind, number>;
}

export interface EditionItem {
  itemId: string;
  kind: Kind;
  seq: number;
  name: string;
  sourceFile: string;
  sourceLine: number;
  sourcePlace: string | null;
}

/** The one town a `town` parameter names (id, name or full name); 400 when none or several. */
export async function resolveTown(db: Db, town: string): Promise<TownRef> {
  const rows = await db.all<{
    town_id: string;
    name: string;
    full_name: string;
    county: string | null;
    city: string | null;
  }>(
    `SELECT town_id, name, full_name, county, city FROM towns
      WHERE town_id = $town OR name = $town OR full_name = $town ORDER BY full_name LIMIT 2`,
    { town },
  );
  const [row, other] = rows;
  if (!row) throw new ApiError(400, 'invalid_parameter', `town: no town has the id or name '${town}'`);
  if (other)
    throw new ApiError(
      400,
      'invalid_parameter',
      `town: '${town}' names several towns; give its id or full name`,
    );
  return {
    townId: row.town_id,
    name: row.name,
    fullName: row.full_name,
    places: [row.name, row.county ?? '', row.city ?? ''],
  };
}

/** A town's editions, latest first: by year (a label without one last), then by load time. */
export async function listEditions(db: Db, townId: string): Promise<EditionRow[]> {
  const rows = await db.all<{ json: string }>(
    `SELECT to_json({
        'edition': edition, 'loadedAt': strftime(loaded_at, '%Y-%m-%dT%H:%M:%S.%gZ'), 'latest': is_latest,
        'counts': {'basic': basic, 'cooperative': cooperative, 'reclaimed': reclaimed}
      })::VARCHAR AS json
       FROM editions WHERE town_id = $town
      ORDER BY is_latest DESC, edition_year DESC NULLS LAST, loaded_at DESC, edition`,
    { town: townId },
  );
  return rows.map((row) => JSON.parse(row.json) as EditionRow);
}

/** The items of one edition of a town, in list order. */
export async function editionItems(db: Db, townId: string, edition: string): Promise<EditionItem[]> {
  const rows = await db.all<{ json: string }>(
    `SELECT to_json({
        'itemId': item_id, 'kind': kind, 'seq': seq, 'name': name,
        'sourceFile': source_file, 'sourceLine': source_line, 'sourcePlace': source_place
      })::VARCHAR AS json
       FROM edition_items WHERE town_id = $town AND edition = $edition
      ORDER BY ${kindRank('kind')}, seq, item_id`,
    { town: townId, edition },
  );
  return rows.map((row) => JSON.parse(row.json) as EditionItem);
}

export interface EditionTown {
  town: string;
  townName: string;
  fullName: string;
  /** Its editions' labels, latest first. */
  editions: string[];
}

/**
 * The filtered towns with their editions, towns holding several first (those the changes view can
 * compare), then by full name; `several` counts the towns with at least two.
 */
export async function listEditionTowns(
  db: Db,
  filters: Filters,
  page: { limit: number; offset: number },
): Promise<{ total: number; several: number; towns: EditionTown[] }> {
  const { sql, params } = filteredItems(filters, await searchPath(db));
  const [row] = await db.all<{ total: number; several: number; json: string | null }>(
    `WITH ${sql},
     -- Read three times (the total, the towns with several, the page): computed once.
     per AS MATERIALIZED (
       SELECT e.town_id, count(*)::INTEGER AS n
         FROM editions e WHERE e.town_id IN (SELECT DISTINCT town_id FROM f) GROUP BY e.town_id),
     page AS (
       SELECT p.*, t.name, t.full_name FROM per p JOIN towns t USING (town_id)
        ORDER BY p.n DESC, t.full_name, p.town_id LIMIT $limit OFFSET $offset),
     -- Labels for the page's towns only: an ordered list per town over every town of a national
     -- database (38,600 groups) was most of this query's time.
     labelled AS (
       SELECT e.town_id,
              list(e.edition ORDER BY e.is_latest DESC, e.edition_year DESC NULLS LAST, e.loaded_at DESC, e.edition) AS labels
         FROM editions e WHERE e.town_id IN (SELECT town_id FROM page) GROUP BY e.town_id)
     SELECT (SELECT count(*) FROM per)::INTEGER AS total,
            (SELECT count(*) FILTER (WHERE n >= 2) FROM per)::INTEGER AS several,
            (SELECT to_json(list({'town': town_id, 'townName': name, 'fullName': full_name, 'editions': labels}
                                 ORDER BY n DESC, full_name, town_id)) FROM page JOIN labelled USING (town_id))::VARCHAR AS json`,
    { ...params, limit: page.limit, offset: page.offset },
  );
  return {
    total: row?.total ?? 0,
    several: row?.several ?? 0,
    towns: row?.json ? (JSON.parse(row.json) as EditionTown[]) : [],
  };
}
