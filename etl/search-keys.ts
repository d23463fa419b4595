// Item counts of the broadest searches, kept by the search index (etl/search-index.ts) for the items
// page (server/queries/search-page.ts).
//
// A search's total is the sum of the items of the distinct text sets holding its texts. A broad one
// names most sets several times over (工作 at national: 1.6 million (text, set) pairs, 833,000 sets),
// and making them distinct is most of its time: ~150–300 ms of hashing that no index of the sets can
// save. Searches of one or two Han characters are the common ones, and for them the texts found are
// exactly the texts whose postings hold the key (server/filters/search-sql.ts, gramsAreExact), so
// their counts can be kept: search_key_totals holds, per such key whose postings reach `pairs` (text,
// set) pairs and per list kind, the items of the sets holding it. A key below that is answered as
// before; the cost here follows the keys kept, not the database: 3 at 1,000 towns, 941 at national, none
// for a small database.
//
// Kept current by the changed towns: each row of search_set_items that a load added or took away
// (search_row_changes, search-index.sql) moves the totals of the keys its set holds by its items. The
// keys themselves are chosen when the index is built whole; a key that grows broad later is counted from
// the sets at search time, as every other key is, until the next whole build.
import type { DuckDBConnection } from '@duckdb/node-api';
import { SEARCH_KEYS_FORMAT } from '../shared/filters/search-fields.ts';

/** A key is kept when its postings hold at least this many (text, set) pairs: see above. */
export const SEARCH_KEY_PAIRS = 100_000;

/**
 * (key, set) pairs read per statement of a whole build: each key's sets are gathered into a bit string,
 * so this bounds a statement's time, not the memory of making pairs distinct.
 */
const PAIRS_PER_BATCH = 8_000_000;

// Every key and the texts holding it: the bigrams of two Han characters, and each Han character with
// the texts whose grams it begins (every character of a text begins one, search-index.sql).
const KEY_TEXTS = `
  SELECT gram AS key, text_id FROM search_grams WHERE regexp_full_match(gram, '\\p{Han}{2}')
  UNION ALL
  SELECT DISTINCT left(gram, 1) AS key, text_id FROM search_grams WHERE regexp_full_match(left(gram, 1), '\\p{Han}')`;

/**
 * Chooses the keys and counts their items from the whole index: run after a whole build (the index's
 * tables complete and sorted).
 */
async function countAll(connection: DuckDBConnection, pairs: number): Promise<number> {
  await connection.run('DELETE FROM search_key_totals');
  // No key holds more pairs than there are: a small database (one town: ~2,000) keeps none, at once.
  const all = Number(
    (await connection.runAndReadAll('SELECT count(*) FROM search_set_texts')).getRows()[0]?.[0] ?? 0,
  );
  if (all < pairs) return 0;
  // bitstring_agg takes its range as constants.
  const sets = Math.max(
    1,
    Number((await connection.runAndReadAll('SELECT max(set_id) FROM search_sets')).getRows()[0]?.[0] ?? 1),
  );
  await connection.run(`CREATE OR REPLACE TEMP TABLE search_text_sets AS
SELECT text_id, count(*)::INTEGER AS sets FROM search_set_texts GROUP BY text_id;
CREATE OR REPLACE TEMP TABLE search_key_texts AS ${KEY_TEXTS};
CREATE OR REPLACE TEMP TABLE search_heavy AS
SELECT key, sum(s.sets)::BIGINT AS pairs,
       (sum(sum(s.sets)) OVER (ORDER BY key) // ${PAIRS_PER_BATCH})::INTEGER AS batch
FROM search_key_texts JOIN search_text_sets s USING (text_id)
GROUP BY key HAVING sum(s.sets) >= ${pairs};
-- Each set's items per kind, bit by bit: bit b of every set whose count per kind has it, as one bit
-- string over the set ids per (kind, b). A key's items of a kind are then the sum over b of 2^b times
-- the bits its sets share with that string: no hashing of its sets to make them distinct.
CREATE OR REPLACE TEMP TABLE search_set_bits AS
SELECT kind, b, bitstring_agg(set_id, 1, ${sets}) AS bits
FROM (SELECT set_id, kind, sum(items)::INTEGER AS items FROM search_set_items GROUP BY set_id, kind),
     range(31) r(b)
WHERE (items >> b) & 1 = 1
GROUP BY kind, b;`);
  const batches = (
    await connection.runAndReadAll('SELECT DISTINCT batch FROM search_heavy ORDER BY batch')
  ).getRows();
  for (const [batch] of batches)
    await connection.run(
      `INSERT INTO search_key_totals
       WITH held AS (
         SELECT k.key, bitstring_agg(st.set_id, 1, ${sets}) AS bits
         FROM search_key_texts k JOIN search_heavy h ON h.key = k.key AND h.batch = $batch
           JOIN search_set_texts st USING (text_id)
         GROUP BY k.key
       )
       SELECT h.key, kinds.kind,
              coalesce(sum(bit_count(h.bits & w.bits)::BIGINT << w.b), 0)::INTEGER AS items
       FROM held h
         CROSS JOIN (SELECT unnest(['basic', 'cooperative', 'reclaimed']) AS kind) kinds
         LEFT JOIN search_set_bits w ON w.kind = kinds.kind
       GROUP BY h.key, kinds.kind
       ORDER BY h.key, kinds.kind`,
      { batch: Number(batch) },
    );
  const kept = Number(
    (await connection.runAndReadAll('SELECT count(*) FROM search_heavy')).getRows()[0]?.[0] ?? 0,
  );
  await connection.run(`DROP TABLE search_text_sets; DROP TABLE search_key_texts; DROP TABLE search_heavy;
DROP TABLE search_set_bits`);
  return kept;
}

/**
 * Moves the kept keys' totals by search_row_changes (the rows of search_set_items a load took away,
 * items negative, and added): a key's total moves by the items of each changed row whose set holds it.
 * The sets' texts are matched against the keys directly (a Han key is in a text's postings exactly when
 * the text contains it); only the changed sets' texts are read.
 */
const MOVE_SQL = `CREATE OR REPLACE TEMP TABLE search_key_moves AS
WITH changed AS (SELECT DISTINCT set_id FROM search_row_changes),
set_texts AS (
  SELECT s.set_id, unnest(s.text_ids) AS text_id FROM search_sets s WHERE s.set_id IN (SELECT set_id FROM changed)
),
texts AS (
  SELECT t.text_id, t.text FROM search_texts t WHERE t.text_id IN (SELECT text_id FROM set_texts)
),
keyed AS (
  SELECT DISTINCT st.set_id, k.key
  FROM set_texts st JOIN texts t USING (text_id)
    JOIN (SELECT DISTINCT key FROM search_key_totals) k ON contains(t.text, k.key)
)
SELECT k.key, c.kind, sum(c.items)::INTEGER AS items
FROM search_row_changes c JOIN keyed k USING (set_id)
GROUP BY k.key, c.kind;
UPDATE search_key_totals t SET items = t.items + m.items
FROM search_key_moves m WHERE m.key = t.key AND m.kind = t.kind;
DROP TABLE search_key_moves`;

export interface SearchKeysReport {
  /** Whether the keys were chosen and counted afresh. */
  full: boolean;
  /** Keys kept after it. */
  keys: number;
}

/**
 * Brings search_key_totals up to date: counted whole when `full` (a whole build of the index) or when
 * the database has no current counts; else, when towns `changed`, moved by search_row_changes.
 */
export async function refreshSearchKeys(
  connection: DuckDBConnection,
  options: { full: boolean; changed: boolean; pairs?: number },
): Promise<SearchKeysReport> {
  const format = (
    await connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'search_keys'`)
  ).getRows()[0]?.[0];
  const full = options.full || format !== SEARCH_KEYS_FORMAT;
  let keys: number;
  if (full) keys = await countAll(connection, options.pairs ?? SEARCH_KEY_PAIRS);
  else {
    if (options.changed) await connection.run(MOVE_SQL);
    keys = Number(
      (
        await connection.runAndReadAll('SELECT count(DISTINCT key) FROM search_key_totals')
      ).getRows()[0]?.[0] ?? 0,
    );
  }
  if (format !== SEARCH_KEYS_FORMAT)
    await connection.run(
      `INSERT INTO meta VALUES ('search_keys', $format) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      { format: SEARCH_KEYS_FORMAT },
    );
  return { full, keys };
}
