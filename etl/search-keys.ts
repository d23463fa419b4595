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
// So are the phrases of three or more Han characters that reach `pairs` (行政处罚 at national: 2,071,110
// pairs, 414,222 sets; making them distinct was 258 ms of its 325). Their texts are exactly the texts
// containing them, found by position: every place in a text where a kept bigram begins, then, one
// character longer at a time, where two kept phrases one character apart overlap. A phrase is kept only
// if both its shorter phrases are (its texts are among theirs), so each level reads the last one's
// places only (at national 5.0 million, then 1.4 million, 0.7 … 0.03 million). Long phrases are the lists'
// set wording, and many hold the same texts (at national 1,285 phrases of 3–8 characters, 128 text sets):
// each set of texts is counted once, under its first phrase, and the others copy its counts.
//
// A kept key's list kind can still be sparse: 业务 at national has 690,060 cooperative items but 947 basic,
// spread over ~900 towns, so its first page (basic first) lies in ~50 towns scattered among 38,600, and
// only reading every set holding the key (247,000) found them. So each (key, kind) with fewer than
// KEY_LISTED_ITEMS items is listed (search_key_listed), with the rows of search_set_items of that kind whose
// set holds the key (search_key_rows, by town): the page then knows the towns it lies in and reads their
// rows, without matching the key's sets.
//
// Kept current by the changed towns: each row of search_set_items that a load added or took away
// (search_row_changes, search-index.sql) moves the totals of the keys its set holds by its items, and is
// added to or taken from the listed pairs' rows. The keys and the listed pairs are chosen when the index is
// built whole; a key that grows broad later is counted from the sets at search time, as every other key is,
// until the next whole build.
import type { DuckDBConnection } from '@duckdb/node-api';
import { SEARCH_KEYS_FORMAT } from '../shared/filters/search-fields.ts';
import { kindBitSql } from '../shared/kind-bits.ts';

/** A key is kept when its postings hold at least this many (text, set) pairs: see above. */
export const SEARCH_KEY_PAIRS = 100_000;

/**
 * A kept key's list kind with fewer items than this has its rows listed (see above). At national the
 * items page reads a kind's first towns in a row when the kind holds more (server/queries/search-page.ts:
 * a first page of 50 items then lies within ~400 towns).
 */
export const KEY_LISTED_ITEMS = 20_000;

/** Phrases are kept up to this many characters; a longer search is counted from its sets. */
export const PHRASE_MAX_CHARS = 16;

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
async function countAll(connection: DuckDBConnection, pairs: number, listedItems: number): Promise<number> {
  await connection.run(
    'DELETE FROM search_key_totals; DELETE FROM search_key_listed; DELETE FROM search_key_rows',
  );
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
GROUP BY key HAVING sum(s.sets) >= ${pairs};`);
  await keepPhrases(connection, pairs);
  // Each set's items per kind, bit by bit: bit b of every set whose count per kind has it, as one bit
  // string over the set ids per (kind, b). A key's items of a kind are then the sum over b of 2^b times
  // the bits its sets share with that string: no hashing of its sets to make them distinct.
  await connection.run(`CREATE OR REPLACE TEMP TABLE search_set_bits AS
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
  // The phrases holding the same texts as the one counted.
  await connection.run(`INSERT INTO search_key_totals
SELECT p.key, t.kind, t.items FROM search_phrase_sets p JOIN search_key_totals t ON t.key = p.counted
WHERE p.key <> p.counted ORDER BY p.key, t.kind`);
  await listKeyRows(connection, listedItems);
  const kept = Number(
    (await connection.runAndReadAll('SELECT count(DISTINCT key) FROM search_key_totals')).getRows()[0]?.[0] ??
      0,
  );
  await connection.run(`DROP TABLE search_text_sets; DROP TABLE search_key_texts; DROP TABLE search_heavy;
DROP TABLE search_set_bits; DROP TABLE search_phrase_sets`);
  return kept;
}

/**
 * Lists the kept keys' kinds of fewer than `items` items and their rows (see above), from the counted
 * keys' texts (search_key_texts) while countAll runs. A set's items all hold the same texts, so the items
 * of a kind holding a key are those of the sets holding one of its texts, in that kind. Only the texts some
 * set uses in that kind are followed to their sets: a sparse kind's texts are few, where following every
 * text of the key would name all its sets (业务: 247,000) for each of its sparse kinds.
 */
async function listKeyRows(connection: DuckDBConnection, items: number): Promise<void> {
  await connection.run(`INSERT INTO search_key_listed
SELECT key, kind FROM search_key_totals WHERE items < ${items} ORDER BY key, kind;
CREATE OR REPLACE TEMP TABLE search_text_kinds AS
SELECT st.text_id, bit_or(k.kinds) AS kinds
FROM search_set_texts st
  JOIN (SELECT set_id, bit_or(${kindBitSql('kind')}) AS kinds FROM search_set_items GROUP BY set_id) k USING (set_id)
GROUP BY st.text_id;
INSERT INTO search_key_rows
WITH counted AS MATERIALIZED (
  SELECT s.key, s.kind, m.town_id, m.set_id, m.items
  FROM (
    SELECT DISTINCT l.key, l.kind, st.set_id
    FROM search_key_listed l
      JOIN search_key_texts kt ON kt.key = l.key
      JOIN search_text_kinds tk ON tk.text_id = kt.text_id AND tk.kinds & ${kindBitSql('l.kind')} <> 0
      JOIN search_set_texts st ON st.text_id = kt.text_id
  ) s JOIN search_set_items m ON m.set_id = s.set_id AND m.kind = s.kind
)
SELECT * FROM counted
UNION ALL
SELECT p.key, c.kind, c.town_id, c.set_id, c.items
FROM search_phrase_sets p JOIN counted c ON c.key = p.counted
WHERE p.key <> p.counted
ORDER BY key, kind, town_id, set_id;
DROP TABLE search_text_kinds`);
}

/**
 * Finds the phrases of 3 to PHRASE_MAX_CHARS Han characters whose texts hold at least `pairs` (text, set)
 * pairs (see above), and adds the first phrase of each distinct set of texts to the keys to count
 * (search_key_texts, and search_heavy in batches after theirs); search_phrase_sets names, for every
 * phrase kept, the phrase counted for it.
 */
async function keepPhrases(connection: DuckDBConnection, pairs: number): Promise<void> {
  // Every place where a kept bigram begins: string_split by '' splits by code point, as the index does.
  await connection.run(`CREATE OR REPLACE TEMP TABLE search_phrase_texts (key VARCHAR, text_id INTEGER);
CREATE OR REPLACE TEMP TABLE search_phrase_pairs (key VARCHAR, pairs BIGINT);
CREATE OR REPLACE TEMP TABLE search_phrase_at AS
SELECT text_id, pos::INTEGER AS pos, key FROM (
  SELECT text_id, unnest(range(1, len(c))) AS pos,
         unnest(list_transform(range(1, len(c)), i -> c[i] || c[i + 1])) AS key
  FROM (SELECT text_id, string_split(text, '') AS c FROM search_texts))
WHERE key IN (SELECT key FROM search_heavy WHERE length(key) = 2)`);
  for (let length = 3; length <= PHRASE_MAX_CHARS; length++) {
    await connection.run(`CREATE OR REPLACE TEMP TABLE search_phrase_next AS
SELECT a.text_id, a.pos, a.key || right(b.key, 1) AS key
FROM search_phrase_at a JOIN search_phrase_at b ON b.text_id = a.text_id AND b.pos = a.pos + 1;
CREATE OR REPLACE TEMP TABLE search_phrase_kept AS
SELECT key, sum(s.sets)::BIGINT AS pairs
FROM (SELECT DISTINCT key, text_id FROM search_phrase_next) JOIN search_text_sets s USING (text_id)
GROUP BY key HAVING sum(s.sets) >= ${pairs};
INSERT INTO search_phrase_pairs SELECT key, pairs FROM search_phrase_kept;
INSERT INTO search_phrase_texts
SELECT DISTINCT key, text_id FROM search_phrase_next WHERE key IN (SELECT key FROM search_phrase_kept);
CREATE OR REPLACE TEMP TABLE search_phrase_at AS
SELECT text_id, pos, key FROM search_phrase_next WHERE key IN (SELECT key FROM search_phrase_kept)`);
    const left = (
      await connection.runAndReadAll('SELECT count(*) FROM search_phrase_kept')
    ).getRows()[0]?.[0];
    if (Number(left ?? 0) === 0) break;
  }
  // Phrases holding the same texts (their ids in order, compared whole) share the first one's counts.
  await connection.run(`CREATE OR REPLACE TEMP TABLE search_phrase_sets AS
SELECT key, min(key) OVER (PARTITION BY texts) AS counted
FROM (SELECT key, list(text_id ORDER BY text_id) AS texts FROM search_phrase_texts GROUP BY key);
INSERT INTO search_key_texts
SELECT key, text_id FROM search_phrase_texts WHERE key IN (SELECT counted FROM search_phrase_sets);
INSERT INTO search_heavy
SELECT key, pairs, ((SELECT coalesce(max(batch), -1) + 1 FROM search_heavy)
                    + sum(pairs) OVER (ORDER BY key) // ${PAIRS_PER_BATCH})::INTEGER
FROM search_phrase_pairs WHERE key IN (SELECT counted FROM search_phrase_sets);
DROP TABLE search_phrase_at; DROP TABLE search_phrase_next; DROP TABLE search_phrase_kept;
DROP TABLE search_phrase_texts; DROP TABLE search_phrase_pairs`);
}

/**
 * Moves the kept keys' totals by search_row_changes (the rows of search_set_items a load took away,
 * items negative, and added): a key's total moves by the items of each changed row whose set holds it,
 * and so does its own row in search_key_rows for each listed pair (a row left with none is deleted; a
 * new one is appended after the others, in a row group or two that every read of the table also reads).
 * The sets' texts are matched against the keys directly (a Han key is in a text's postings exactly when
 * the text contains it); only the changed sets' texts are read.
 */
const MOVE_SQL = `CREATE OR REPLACE TEMP TABLE search_keyed_sets AS
WITH changed AS (SELECT DISTINCT set_id FROM search_row_changes),
set_texts AS (
  SELECT s.set_id, unnest(s.text_ids) AS text_id FROM search_sets s WHERE s.set_id IN (SELECT set_id FROM changed)
),
texts AS (
  SELECT t.text_id, t.text FROM search_texts t WHERE t.text_id IN (SELECT text_id FROM set_texts)
),
keys AS (SELECT DISTINCT key FROM search_key_totals)
SELECT DISTINCT st.set_id, k.key
FROM set_texts st JOIN texts t USING (text_id) JOIN keys k ON contains(t.text, k.key);
CREATE OR REPLACE TEMP TABLE search_key_moves AS
SELECT k.key, c.kind, sum(c.items)::INTEGER AS items
FROM search_row_changes c JOIN search_keyed_sets k USING (set_id)
GROUP BY k.key, c.kind;
UPDATE search_key_totals t SET items = t.items + m.items
FROM search_key_moves m WHERE m.key = t.key AND m.kind = t.kind;
CREATE OR REPLACE TEMP TABLE search_key_row_moves AS
SELECT m.key, m.kind, m.town_id, m.set_id, coalesce(r.items, 0) + m.items AS items
FROM (
  SELECT k.key, c.kind, c.town_id, c.set_id, sum(c.items)::INTEGER AS items
  FROM search_row_changes c JOIN search_keyed_sets k USING (set_id)
    JOIN search_key_listed l ON l.key = k.key AND l.kind = c.kind
  GROUP BY k.key, c.kind, c.town_id, c.set_id
) m LEFT JOIN search_key_rows r USING (key, kind, town_id, set_id);
DELETE FROM search_key_rows r USING search_key_row_moves m
WHERE r.key = m.key AND r.kind = m.kind AND r.town_id = m.town_id AND r.set_id = m.set_id;
INSERT INTO search_key_rows
SELECT key, kind, town_id, set_id, items FROM search_key_row_moves WHERE items > 0
ORDER BY key, kind, town_id, set_id;
DROP TABLE search_keyed_sets; DROP TABLE search_key_moves; DROP TABLE search_key_row_moves`;

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
  options: { full: boolean; changed: boolean; pairs?: number; listedItems?: number },
): Promise<SearchKeysReport> {
  const format = (
    await connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'search_keys'`)
  ).getRows()[0]?.[0];
  const full = options.full || format !== SEARCH_KEYS_FORMAT;
  let keys: number;
  if (full)
    keys = await countAll(
      connection,
      options.pairs ?? SEARCH_KEY_PAIRS,
      options.listedItems ?? KEY_LISTED_ITEMS,
    );
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
