// The JSON shapes of GET /api/penalties/by-bureau, written by DuckDB: one source for the server's queries
// (server/queries/penalties.ts) and for the parts the load stores ready to serve
// (etl/rollup-penalty-lists.sql names them `{{name}}`, see ROLLUP_SQL_FRAGMENTS). The answer's schema is
// server/responses.ts (penaltiesResponse); tests hold the stored parts equal to the server's.

import { MAX_LISTED_DEPARTMENTS } from './list-limits.ts';

/**
 * A reclaimed penalty item as its bureau lists it, named with its town (a national list holds many towns'
 * items, and numbers repeat across towns). Its town's name only: the item's id leads to the rest, and the
 * default answer (50 bureaus × 50 items) is the API's largest hot one — a town id on each item made it 26 %
 * larger and its compression 75 % slower (hex ids compress poorly). Columns: item_id, town_id (for the
 * order), town_name, seq, name.
 */
const BUREAU_ITEM = `{'itemId': item_id, 'townName': town_name, 'seq': seq, 'name': name}`;

/** A bureau's first `n` items, by town and number, as a JSON array (same columns as BUREAU_ITEM). */
export const bureauItemsJson = (n: string) =>
  `to_json(min_by(${BUREAU_ITEM}, {'town': town_id, 'seq': seq, 'item': item_id}, ${n}))`;

/** The type of a stored items array, for `from_json` (a shorter list is cut from a stored one). */
export const BUREAU_ITEMS_TYPE =
  '[{"itemId":"VARCHAR","townName":"VARCHAR","seq":"INTEGER","name":"VARCHAR"}]';

/**
 * The bureaus part of the answer, `{bureaus, bureausTotal, itemsTotal}`, as one JSON value, selected FROM
 * `from`: rows (bureau_rank, total, items_total, department, type, count, items), one per bureau listed,
 * `items` its first items as JSON text (null for none); `total` counts the bureaus and `items_total`
 * their items (every row carries both).
 */
export const bureausAnswerJson = (from: string) =>
  `SELECT to_json({
     'bureaus': coalesce(list({'department': department, 'type': type, 'count': count::INTEGER,
                               'items': coalesce(items, '[]')::JSON} ORDER BY bureau_rank), []),
     'bureausTotal': coalesce(max(total), 0)::INTEGER,
     'itemsTotal': coalesce(max(items_total), 0)::INTEGER
   }) FROM ${from}`;

/**
 * The kept part of the answer, `{kept, keptTotal}`: the basic items of the page `page` (columns item_id,
 * town_id, town_name, seq, category, name, clauses) by town and number, each named with its town, and
 * `total`, a count of the whole list.
 */
export const keptAnswerJson = (page: string, total: string) =>
  `to_json({
     'kept': coalesce((SELECT list({'itemId': item_id, 'townId': town_id, 'townName': town_name, 'seq': seq,
                                   'category': category, 'name': name, 'clauses': clauses}
                                  ORDER BY town_id, seq, item_id)
                       FROM ${page}), []),
     'keptTotal': (${total})::INTEGER
   })`;

/**
 * What etl/rollup-penalty-lists.sql stores: each bureau's first items as JSON, for bureaus up to this
 * penalty rank (the most the API lists) and up to this many items (the API's default itemsLimit).
 */
export const STORED_LISTS = { bureaus: MAX_LISTED_DEPARTMENTS, items: 50 } as const;

/**
 * The fragments a roll-up SQL file may name as `{{name}}`, written for the tables and CTEs named there
 * (etl/rollup-penalty-lists.sql): lists are stored for the first `stored_bureaus` bureaus, 50 items each
 * (the API's default itemsLimit), the stored answer reads `answer_rows`, the stored kept page `kept_page`
 * and `rollup_kept`.
 */
export const ROLLUP_SQL_FRAGMENTS: Readonly<Record<string, string>> = {
  stored_bureaus: String(STORED_LISTS.bureaus),
  bureau_items_50: bureauItemsJson('50'),
  bureaus_answer: bureausAnswerJson('answer_rows'),
  kept_answer: keptAnswerJson('kept_page', 'SELECT count(*) FROM rollup_kept'),
};
