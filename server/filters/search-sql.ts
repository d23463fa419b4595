// The search filter (`q`) as SQL: an item matches when `q` is a substring of any of its texts
// (shared/filters/search-fields.ts); when `q` has letters with case, case is ignored. Two ways to find
// them, with the same answers:
//
//   index  (a database whose ETL wrote the search index, etl/search-index.ts) the postings of the
//          query's two rarest character bigrams give candidate texts; the substring predicate itself
//          is checked on those texts only; the sets of texts holding them give the items, each once
//          (searchSets). A one-character search reads the grams that character begins.
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
  const { match, params } = matcher(q);
  const candidates = candidateTexts(q);
  return {
    sql: `SELECT DISTINCT st.set_id FROM search_set_texts st WHERE st.text_id IN (
        SELECT t.text_id FROM search_texts t WHERE ${match('t.text')} AND t.text_id IN (${candidates.sql}))`,
    params: { ...params, ...candidates.params },
  };
}

/**
 * The texts holding the bigrams of what the texts are compared with (`$q`): one character, the grams it
 * begins; one bigram, its postings; more, the postings of the two rarest. The grams are split here, by
 * code point as string_split splits them in the ETL, and lower-cased by DuckDB as the index's are:
 * lower() maps each code point to one, so the bigrams of lower(q) are the lowered bigrams of q. A
 * parameter's value is folded into the plan, so each lookup reads only its grams' row groups.
 */
function candidateTexts(q: string): { sql: string; params: Params } {
  const { params, caseless } = matcher(q);
  const searched = String(params.q);
  const asIndexed = (parameter: string) => (caseless ? `lower(${parameter})` : parameter);
  const chars = [...searched];
  if (chars.length === 1)
    // Every gram that starts with the character: U+10FFFF is the greatest second character.
    return {
      sql: `SELECT text_id FROM search_grams
            WHERE gram >= ${asIndexed('$q')} AND gram <= ${asIndexed('$q')} || '\u{10FFFF}'`,
      params: {},
    };
  const grams = [...new Set(chars.slice(1).map((char, k) => `${chars[k]}${char}`))];
  const gramParams = Object.fromEntries(grams.map((gram, k) => [`g${k}`, gram]));
  if (grams.length === 1)
    return { sql: `SELECT text_id FROM search_grams WHERE gram = ${asIndexed('$g0')}`, params: gramParams };
  // A gram no text has is not counted, so it is never among the rarest: the candidates are then a
  // superset (the predicate still decides), where intersecting its empty postings would have been exact.
  return {
    sql: `WITH rarest AS (
            SELECT gram FROM search_gram_counts
            WHERE gram IN (${grams.map((_, k) => asIndexed(`$g${k}`)).join(', ')})
            ORDER BY texts, gram LIMIT 2
          )
          SELECT text_id FROM search_grams WHERE gram IN (SELECT gram FROM rarest)
          GROUP BY text_id HAVING count(*) = (SELECT count(*) FROM rarest)`,
    params: gramParams,
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
