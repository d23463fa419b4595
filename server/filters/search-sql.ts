// The search filter (`q`) as SQL: an item matches when `q` is a substring of any of its texts
// (shared/filters/search-fields.ts); when `q` has letters with case, case is ignored. Two ways to find
// them, with the same answers:
//
//   index  (a database whose ETL wrote the search index, etl/search-index.ts) the postings of the
//          query's two rarest character bigrams give candidate texts; the substring predicate itself
//          is checked on those texts only; the sets of texts holding them give the items, each once
//          (searchSets). A one-character search reads the grams that character begins. A gram no text
//          has gives no candidates.
//   scan   (older databases) the predicate over every text column of every row.
//
// The index lookup is a superset by construction: a text containing `q` contains each of its bigrams,
// and the index holds the bigrams of lower(text) — DuckDB lowers character by character, so lower()
// of a match contains lower(q) — then the exact predicate of the scan decides.
import type { Params } from '../db.ts';
import { SEARCH_FIELDS, SEARCH_INDEX_FORMAT, SEARCH_TABLES } from '../../shared/filters/search-fields.ts';
import { perFile } from '../per-file.ts';

export type SearchPath = 'index' | 'scan';

/** 'index' when the database holds the search index in the format this server reads, else 'scan'. */
export const searchPath = perFile(async (db): Promise<SearchPath> => {
  const [row] = await db.all<{ format: string | null }>(
    `SELECT (SELECT max(value) FROM meta WHERE key = 'search_index'
              AND (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'search_set_items') = 1) AS format`,
  );
  return row?.format === SEARCH_INDEX_FORMAT ? 'index' : 'scan';
});

/** `q` as the substring predicate: the column's SQL and the parameters it names. */
function matcher(q: string): { match: (column: string) => string; params: Params; caseless: boolean } {
  // lower() over long Chinese texts costs ~10x a plain contains(); only pay for it when the search
  // has letters with case.
  const caseless = q.toLowerCase() === q.toUpperCase();
  return {
    match: (column) => (caseless ? `contains(${column}, $q)` : `contains(lower(${column}), $q)`),
    params: { q: caseless ? q : q.toLowerCase() },
    caseless,
  };
}

/**
 * The ids of the text sets that hold a text `q` is found in (index path): every matching item is in
 * exactly one row of search_set_items whose set_id is one of them.
 */
export function searchSets(q: string): { sql: string; params: Params } {
  const { match, params, caseless } = matcher(q);
  // The grams are those of what the texts are compared with, lower-cased as the index's are.
  const grams = caseless ? 'lower($q)' : '$q';
  const candidates =
    [...q].length === 1
      ? // Every gram that starts with the character: U+10FFFF is the greatest second character.
        `SELECT text_id FROM search_grams WHERE gram >= ${grams} AND gram <= ${grams} || '\u{10FFFF}'`
      : `WITH query_grams AS (
           SELECT DISTINCT unnest(list_transform(range(1, len(cs)), k -> cs[k] || cs[k + 1])) AS gram
           FROM (SELECT string_split(${grams}, '') AS cs)
         ),
         rarest AS (
           SELECT list(g.gram ORDER BY c.texts NULLS FIRST, g.gram) AS grams
           FROM query_grams g LEFT JOIN search_gram_counts c USING (gram)
         )
         SELECT text_id FROM search_grams WHERE gram = (SELECT grams[1] FROM rarest)
         INTERSECT
         SELECT text_id FROM search_grams WHERE gram = (SELECT grams[2 - (len(grams) = 1)::INTEGER] FROM rarest)`;
  return {
    sql: `SELECT DISTINCT st.set_id FROM search_set_texts st WHERE st.text_id IN (
        SELECT t.text_id FROM search_texts t WHERE ${match('t.text')} AND t.text_id IN (${candidates}))`,
    params,
  };
}

/** The SQL condition over `items` aliased as `i` for the search `q`, and its parameter. */
export function searchCondition(q: string, path: SearchPath): { sql: string; params: Params } {
  if (path === 'index') {
    const sets = searchSets(q);
    return {
      sql: `i.item_id IN (SELECT unnest(m.item_ids) FROM search_set_items m WHERE m.set_id IN (${sets.sql}))`,
      params: sets.params,
    };
  }
  const { match, params } = matcher(q);
  const any = (columns: readonly string[]) => columns.map(match).join(' OR ');
  // One scan per table into a set of ids: DuckDB cannot decorrelate EXISTS subqueries joined by OR.
  const union = SEARCH_TABLES.map(
    (table) => `SELECT item_id FROM ${table} WHERE ${any(SEARCH_FIELDS[table])}`,
  );
  return { sql: `i.item_id IN (\n      ${union.join('\n      UNION ')})`, params };
}
