// Keeps the search index (etl/schema.sql, "search index") in step with the town tables: one call per
// load, with the towns the load added, replaced or removed. A database whose index is missing or of an
// older format is indexed whole, a batch of towns at a time.
//
// Why character bigrams over deduplicated texts: Chinese has no spaces to split words on (DuckDB's fts
// does not tokenise it), and a substring search must find any run of characters, so whole characters
// are the only units that cannot miss. The same few thousand sentences repeat in every town (the
// generated national corpus carries ~1,000 field values per town but ~100× fewer distinct texts), so
// postings over distinct texts stay small; a search reads the postings of a few of its grams, checks the
// real substring predicate on those texts only, and maps the texts found to items
// (server/filters/search-sql.ts).
//
// Why items are reached through text sets: an item carries ~4 texts, so mapping texts straight to items
// names a broad search's items several times over, as strings, and only a hash over all of them tells
// how many there are. Items whose texts are the same set (the same duty in many towns of a county) are
// kept together, one row per set, town and list kind: a search reads the rows of the sets holding its
// texts, and since each item is in one row, counting adds the rows' sizes and the first items of a
// page lie in the first rows in (kind, town) order — no string is touched but the page's.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  SEARCH_FIELDS,
  SEARCH_INDEX_FORMAT,
  SEARCH_TABLES,
  searchGroupKey,
  setKindColumns,
} from '../shared/filters/search-fields.ts';
import { KINDS } from '../shared/vocabulary.ts';
import { ETL_DIR } from './etl-dir.ts';
import { refreshSearchKeys, type SearchKeysReport } from './search-keys.ts';

const SQL_PATH = join(ETL_DIR, 'search-index.sql');
const SCHEMA_PATH = join(ETL_DIR, 'schema.sql');

/** The index's tables (etl/schema.sql). */
export const SEARCH_INDEX_TABLES = [
  'search_texts',
  'search_grams',
  'search_sets',
  'search_set_texts',
  'search_set_items',
  'search_set_totals',
  'search_key_totals',
  'search_key_listed',
  'search_key_rows',
  'search_town_sets',
] as const;

/** The tables a search looks up by a key, and that key: kept in its order (see below). */
const SORTED = [
  ['search_grams', 'gram, text_id'],
  ['search_set_texts', 'text_id, set_id'],
  // A narrow search's page reads the rows of a few sets: each set's rows then lie in a row group or two.
  ['search_set_items', 'set_id, town_id, kind'],
] as const;

/**
 * search_set_totals of the sets named by `sets` (SQL giving set_id; null: every set), counted again
 * from all their rows (other towns' too); a set left without rows loses its row. The group keys are
 * the server's (shared/filters/search-fields.ts).
 */
const recountSql = (sets: string | null) => {
  const named = sets === null ? '' : ` WHERE set_id IN (${sets})`;
  return `DELETE FROM search_set_totals${named};
INSERT INTO search_set_totals BY NAME
SELECT set_id, sum(items)::INTEGER AS items, min(${searchGroupKey('kind', 'town_id', 'asc')}) AS first_asc,
       min(${searchGroupKey('kind', 'town_id', 'desc')}) AS first_desc, ${perKind('items', 'town_id')}
FROM search_set_items${named}
GROUP BY set_id
ORDER BY set_id`;
};

/**
 * The per-kind columns of search_set_totals from rows with `items` and `town` columns and a kind: the
 * items of each kind and the first town among its rows with items.
 */
const perKind = (items: string, town: string) =>
  KINDS.map((kind) => {
    const columns = setKindColumns(kind);
    return `coalesce(sum(${items}) FILTER (WHERE kind = '${kind}'), 0)::INTEGER AS ${columns.items},
       min(${town}) FILTER (WHERE kind = '${kind}' AND ${items} > 0) AS ${columns.firstTown}`;
  }).join(', ');

/**
 * search_set_totals brought up to date from search_row_changes (search-index.sql) without reading the
 * rows of other towns. Counting a set again reads all its rows, and a set common to a county or the
 * nation has one in each of its towns: recounting every set a town touched took 0.44 s of a one-town
 * add at national. Instead, a set's count moves by its rows' change, and a new row can only move its
 * first group earlier (and a kind's first town); only a set that lost the row of a kind's first town
 * (its first group in either order is one of them) is counted again from its rows, as a set new to the
 * index gets its row from its new rows.
 */
const applyRowChangesSql = () => {
  const asc = searchGroupKey('kind', 'town_id', 'asc');
  const desc = searchGroupKey('kind', 'town_id', 'desc');
  // A kind's items move by the change; its first town can only move earlier (a set that lost the row of
  // a kind's first town is counted again).
  const kindUpdates = KINDS.map((kind) => {
    const { items, firstTown } = setKindColumns(kind);
    const least = `coalesce(least(t.${firstTown}, m.${firstTown}), t.${firstTown}, m.${firstTown})`;
    return `${items} = t.${items} + m.${items}, ${firstTown} = ${least}`;
  }).join(',\n    ');
  return `CREATE OR REPLACE TEMP TABLE search_recount AS
SELECT DISTINCT c.set_id FROM search_row_changes c JOIN search_set_totals t USING (set_id)
WHERE c.items < 0 AND c.town_id = CASE c.kind ${KINDS.map((kind) => `WHEN '${kind}' THEN t.${setKindColumns(kind).firstTown}`).join(' ')} END;
CREATE OR REPLACE TEMP TABLE search_moved AS
SELECT set_id, sum(items)::INTEGER AS items,
       min(${asc}) FILTER (WHERE items > 0) AS first_asc, min(${desc}) FILTER (WHERE items > 0) AS first_desc,
       ${perKind('items', 'town_id')}
FROM search_row_changes WHERE set_id NOT IN (SELECT set_id FROM search_recount)
GROUP BY set_id;
UPDATE search_set_totals t
SET items = t.items + m.items,
    first_asc = least(t.first_asc, coalesce(m.first_asc, t.first_asc)),
    first_desc = least(t.first_desc, coalesce(m.first_desc, t.first_desc)),
    ${kindUpdates}
FROM search_moved m WHERE m.set_id = t.set_id;
INSERT INTO search_set_totals BY NAME
SELECT * FROM search_moved m
WHERE NOT EXISTS (SELECT 1 FROM search_set_totals t WHERE t.set_id = m.set_id)
ORDER BY set_id;
${recountSql('SELECT set_id FROM search_recount')};
DROP TABLE search_recount;
DROP TABLE search_moved`;
};

/** Tables of earlier formats, dropped when the index is built again. */
const FORMER_TABLES = ['search_items', 'search_gram_counts'] as const;

/**
 * Every searchable text of the towns in `search_changed`, per row and column. A view, not a table: each
 * statement of search-index.sql streams it, so memory holds the distinct texts and one batch's
 * groups, never all ~40 million values.
 */
const NEW_VALUES_SQL = `CREATE OR REPLACE TEMP VIEW search_new_values AS
SELECT item_id, town_id, text FROM (
${SEARCH_TABLES.map(
  (table) =>
    `  SELECT item_id, town_id, unnest([${SEARCH_FIELDS[table].join(', ')}]) AS text
  FROM ${table} WHERE town_id IN (SELECT town_id FROM search_changed)`,
).join('\n  UNION ALL\n')}
) WHERE text IS NOT NULL AND text <> ''`;

/**
 * Towns indexed per statement when indexing many: grouping the items' texts into sets holds one
 * batch's items in memory (2,000 towns ran out of the load's 1 GB at 10,000 towns).
 */
const TOWNS_PER_BATCH = 500;

export interface SearchIndexReport {
  /** Towns whose texts were (re)indexed. */
  towns: number;
  /** Whether the whole index was built again (none, or another format). */
  rebuilt: boolean;
  /** The broad searches' kept counts (etl/search-keys.ts). */
  keys: SearchKeysReport;
  ms: number;
  /** search_town_sets, brought up to date after the roll-ups (refreshSearchTownSets). */
  byTown?: SearchTownSetsReport;
}

export interface SearchTownSetsReport {
  /** Built whole (else the changed towns' rows). */
  whole: boolean;
  ms: number;
}

/**
 * Brings the index up to date after the given towns were added, replaced or removed (a town that has
 * no rows any more only loses its entries). Run inside the load, after the town tables are written;
 * `fresh` when the load created the database (etl/schema.sql made every table just now);
 * `townsPerBatch` for tests, to build in several batches.
 */
export async function updateSearchIndex(
  connection: DuckDBConnection,
  changedTowns: readonly string[],
  options: { fresh?: boolean; townsPerBatch?: number; keyPairs?: number; keyListedItems?: number } = {},
): Promise<SearchIndexReport> {
  const started = performance.now();
  for (const name of ['keyPairs', 'keyListedItems'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0))
      throw new Error(`search index: ${name} must be a positive integer, got ${value}`);
  }
  const format = (
    await connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'search_index'`)
  ).getRows()[0]?.[0];
  const rebuilt = format !== SEARCH_INDEX_FORMAT;
  let towns = [...new Set(changedTowns)];
  if (rebuilt) {
    // Dropped and made again from the schema: another format may have other columns. A database
    // that this load created has them as the schema made them, empty.
    if (options.fresh !== true) {
      for (const table of [...SEARCH_INDEX_TABLES, ...FORMER_TABLES])
        await connection.run(`DROP TABLE IF EXISTS ${table}`);
      await connection.run(await readFile(SCHEMA_PATH, 'utf8'));
    }
    // In town id order, the order the town tables keep their rows in (a load writes them sorted by item id,
    // which begins with the town's id): a batch's rows lie in a few row groups, and DuckDB skips the others
    // by their smallest and largest town id. In the order the towns were written (their files' order) every
    // batch read every row group: at national, 3.5 s a batch of 500 towns against 1.3 s.
    towns = (await connection.runAndReadAll('SELECT town_id FROM towns ORDER BY town_id'))
      .getRows()
      .map(([id]) => String(id));
  }
  const script = await readFile(SQL_PATH, 'utf8');
  const perBatch = options.townsPerBatch ?? TOWNS_PER_BATCH;
  const batches = towns.length > perBatch;
  await connection.run('DROP TABLE IF EXISTS search_row_changes');
  for (let at = 0; at < towns.length; at += perBatch) {
    await connection.run(
      'CREATE OR REPLACE TEMP TABLE search_changed AS SELECT unnest($towns::VARCHAR[]) AS town_id',
      { towns: listValue(towns.slice(at, at + perBatch)) },
    );
    await connection.run(NEW_VALUES_SQL);
    await connection.run(script);
  }
  // Several batches: every set counted once at the end instead (per batch, the national build took 2.4×).
  if (!batches && towns.length > 0) await connection.run(applyRowChangesSql());
  // Each batch appends its postings in order; after several, a gram's postings are spread over the
  // batches' row groups and a search reads most of the table (4 million postings at 10,000 towns: a
  // lookup 12 ms against 2 sorted). A load of a few towns appends only one short run, and one batch
  // into the empty tables of a rebuild leaves them in order.
  if (batches)
    for (const [table, order] of SORTED) {
      // Through a copy, so that the table keeps its definition in etl/schema.sql.
      await connection.run(
        `CREATE OR REPLACE TEMP TABLE search_sorted AS SELECT * FROM ${table} ORDER BY ${order}`,
      );
      await connection.run(`DELETE FROM ${table}`);
      await connection.run(`INSERT INTO ${table} SELECT * FROM search_sorted`);
      await connection.run('DROP TABLE search_sorted');
    }
  if (batches) await connection.run(recountSql(null));
  // After the totals: a whole build counts the kept keys from the sets' totals by kind, a few towns move
  // them by their rows' changes.
  const keys = await refreshSearchKeys(connection, {
    full: batches || rebuilt,
    changed: towns.length > 0,
    ...(options.keyPairs === undefined ? {} : { pairs: options.keyPairs }),
    ...(options.keyListedItems === undefined ? {} : { listedItems: options.keyListedItems }),
  });
  await connection.run('DROP TABLE IF EXISTS search_row_changes');
  await connection.run(
    `INSERT INTO meta VALUES ('search_index', $format) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    { format: SEARCH_INDEX_FORMAT },
  );
  return { towns: towns.length, rebuilt, keys, ms: performance.now() - started };
}

/**
 * Brings search_town_sets (etl/schema.sql) up to date: search_set_items' rows by the roll-ups' town rank.
 * It reads both, so it runs once the roll-ups and the rest of the index are current: whole when either
 * was built whole (the towns ranked afresh, or the sets numbered afresh), else only the changed towns'
 * rows (their ranks are new, and every other town keeps its rank and its sets their ids). Appended in
 * rank order; a few towns' rows go after the rest, in a row group or two of their own.
 */
export async function refreshSearchTownSets(
  connection: DuckDBConnection,
  changedTowns: readonly string[],
  whole: boolean,
): Promise<SearchTownSetsReport> {
  const started = performance.now();
  const towns = [...new Set(changedTowns)];
  if (!whole && towns.length === 0) return { whole, ms: 0 };
  /** The rows of the changed towns, by their town id column (every row when whole). */
  const ofTowns = (townId: string) => (whole ? 'TRUE' : `${townId} = ANY($towns::VARCHAR[])`);
  const params: Record<string, DuckDBValue> = whole ? {} : { towns: listValue(towns) };
  await connection.run(`DELETE FROM search_town_sets WHERE ${ofTowns('town_id')}`, params);
  await connection.run(
    `INSERT INTO search_town_sets BY NAME
     SELECT r.town_rank, m.town_id, m.kind, m.set_id, m.items
     FROM search_set_items m JOIN rollup_towns r USING (town_id)
     WHERE ${ofTowns('m.town_id')}
     ORDER BY r.town_rank, m.kind, m.set_id`,
    params,
  );
  return { whole, ms: performance.now() - started };
}
