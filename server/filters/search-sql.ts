// The search filter (`q`) as SQL: an item matches when `q` is a substring of any of its texts
// (shared/filters/search-fields.ts); when `q` has letters with case, case is ignored. Two ways to find
// them, with the same answers:
//
//   index  (a database whose ETL wrote the search index, etl/search-index.ts) the postings of a few
//          of the query's character bigrams give candidate texts; the substring predicate itself
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

/** `q` as the substring predicate on a column (`value`: SQL holding `$q`) and the parameters it names. */
function matcher(q: string): {
  match: (column: string, value?: string) => string;
  params: Params;
  caseless: boolean;
} {
  // lower() over long Chinese texts costs ~10x a plain contains(); only pay for it when the search
  // has letters with case.
  const caseless = q.toLowerCase() === q.toUpperCase();
  return {
    match: (column, value = '$q') =>
      caseless ? `contains(${column}, ${value})` : `contains(lower(${column}), ${value})`,
    params: { q: caseless ? q : q.toLowerCase() },
    caseless,
  };
}

/**
 * The ids of the text sets that hold a text `q` is found in (index path): every matching item is in
 * exactly one row of search_set_items whose set_id is one of them. Each once, unless `repeats` (a set
 * is then named once per matched text it holds): enough for `IN`, and it saves a broad search
 * grouping a million ids.
 */
export function searchSets(q: string, { repeats = false } = {}): { sql: string; params: Params } {
  const { match, params } = matcher(q);
  const candidates = candidateTexts(q);
  // The predicate names a column of the candidates (`c.q`, the search itself), so that DuckDB cannot
  // push it into the scan of every text: it is checked on the candidates only.
  const predicate = match('t.text', 'c.q');
  const texts = gramsAreExact(q)
    ? candidates.sql
    : `SELECT t.text_id FROM (SELECT text_id, $q AS q FROM (${candidates.sql})) c
          JOIN search_texts t ON t.text_id = c.text_id AND ${predicate}`;
  return {
    sql: `SELECT ${repeats ? '' : 'DISTINCT '}st.set_id FROM search_set_texts st WHERE st.text_id IN (
        ${texts})`,
    params: { ...params, ...candidates.params },
  };
}

/**
 * Whether the texts holding the grams looked up are exactly the texts holding `q`, so that the texts
 * themselves need not be read (at national the candidates of 林 are 42,000 texts, and reading them for
 * the check took ~40 % of the search): one or two Han characters. One character: the grams it begins
 * are the texts whose lowered form holds it; two: their one bigram. Han characters have no case, and no
 * other character lowers to one, so a text's lowered form holds them exactly when the text does. Three
 * or more are not: the texts holding each of a search's bigrams need not hold the whole search.
 */
export function gramsAreExact(q: string): boolean {
  return /^\p{Script=Han}{1,2}$/u.test(q);
}

/** Bigrams a search looks up at most: enough to narrow, few enough to read quickly. */
const MAX_GRAMS = 4;

/**
 * The texts holding bigrams of what the texts are compared with (`$q`): one character, the grams it
 * begins; else up to MAX_GRAMS of its bigrams, spread from its first to its last, intersected. The
 * grams are split here, by code point as string_split splits them in the ETL, and lower-cased by DuckDB
 * as the index's are: lower() maps each code point to one, so the bigrams of lower(q) are the lowered
 * bigrams of q. A parameter's value is folded into the plan, so each lookup reads only the row groups
 * of its gram (the ETL keeps the postings sorted).
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
  const all = [...new Set(chars.slice(1).map((char, k) => `${chars[k]}${char}`))];
  const grams =
    all.length <= MAX_GRAMS
      ? all
      : Array.from(
          { length: MAX_GRAMS },
          (_, k) => all[Math.round((k * (all.length - 1)) / (MAX_GRAMS - 1))] ?? '',
        );
  return {
    sql: grams
      .map((_, k) => `SELECT text_id FROM search_grams WHERE gram = ${asIndexed(`$g${k}`)}`)
      .join(' INTERSECT '),
    params: Object.fromEntries(grams.map((gram, k) => [`g${k}`, gram])),
  };
}

/**
 * The SQL condition on an item id column (`itemId`: `items` aliased as `i` unless given) for the search
 * `q`, and its parameters.
 */
export function searchCondition(
  q: string,
  path: SearchPath,
  itemId = 'i.item_id',
): { sql: string; params: Params } {
  if (path === 'index') {
    const sets = searchSets(q);
    return {
      sql: `${itemId} IN (SELECT unnest(m.item_ids) FROM search_set_items m WHERE m.set_id IN (${sets.sql}))`,
      params: sets.params,
    };
  }
  return scanCondition(q, 'TRUE', itemId);
}

/**
 * The substring scan's condition on an item id column (`itemId`: `items` aliased as `i` unless given);
 * `within`, a condition on `town_id`, keeps each table's scan to those towns (the tables are stored in
 * item order, which begins with the town, so DuckDB reads only their row groups).
 */
export function scanCondition(
  q: string,
  within = 'TRUE',
  itemId = 'i.item_id',
): { sql: string; params: Params } {
  const { match, params } = matcher(q);
  const any = (columns: readonly string[]) => columns.map((column) => match(column)).join(' OR ');
  // One scan per table into a set of ids: DuckDB cannot decorrelate EXISTS subqueries joined by OR.
  const union = SEARCH_TABLES.map(
    (table) => `SELECT item_id FROM ${table} WHERE ${within} AND (${any(SEARCH_FIELDS[table])})`,
  );
  return { sql: `${itemId} IN (\n      ${union.join('\n      UNION ')})`, params };
}
