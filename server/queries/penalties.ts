// Penalty powers (行政处罚): reclaimed penalty items per receiving bureau, and the clauses the town
// kept inside its basic items, for GET /api/penalties/by-bureau. Both lists are capped (bureaus, items
// listed per bureau, kept items) and come with their full sizes.
//
// Each list is written as JSON by DuckDB (to_json) and handed over as UTF-8 bytes: the route sends them
// as they are. At national scale the answer is ~400 KB, and turning DuckDB's values into JavaScript
// objects, the item lists' JSON into objects, then all of it back into JSON text and UTF-8 took more of
// a request's time than its queries did. The list* functions parse the same text for the callers that
// need objects (the report, the charts, the tests), so there is one query per list, whichever the caller.
import type { Db, Params } from '../db.ts';
import { parseJsonBytes } from '../json-bytes.ts';
import type { BureauRow, KeptPenaltyRow } from '../responses.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';
import { perFile } from '../per-file.ts';
import {
  BUREAU_ITEMS_TYPE,
  bureauItemsJson,
  bureausAnswerJson,
  keptAnswerJson,
  STORED_LISTS,
} from '../../shared/penalty-answer-sql.ts';
import {
  includesKind,
  kindCondition,
  linkedItems,
  planFor,
  withClause,
  type Plan,
  type PlanKind,
  fromFacts,
  rollupFrom,
  rankedKept,
} from './plan.ts';

export interface BureauLimits {
  /** Bureaus to return, most penalty items first. */
  limit: number;
  /** Items listed per bureau; `count` is always the full number. */
  itemsLimit: number;
}

// Databases built before the stored lists existed are still served, through the aggregate below.
const hasStoredLists = perFile(async (db) => {
  const [row] = await db.all<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'rollup_penalty_lists'`,
  );
  return row?.n === 1;
});

/** What rollup_penalty_answer holds besides the answer: the limits it was written for, and the totals. */
interface StoredAnswer {
  bureaus_limit: number;
  items_limit: number;
  kept_limit: number;
  bureaus_total: number;
  items_total: number;
}

// The whole database's answer at the API's default limits, stored by the load
// (etl/rollup-penalty-lists.sql); null for a database built before it was.
const storedAnswer = perFile(async (db): Promise<StoredAnswer | null> => {
  const [table] = await db.all<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'rollup_penalty_answer'`,
  );
  if (table?.n !== 1) return null;
  const [row] = await db.all<StoredAnswer>(
    'SELECT bureaus_limit, items_limit, kept_limit, bureaus_total, items_total FROM rollup_penalty_answer',
  );
  return row ?? null;
});

// Where the stored answer (rollup_penalty_answer) is the answer, part by part: the whole database, with
// the kinds the part lists, at the limits the load wrote it for. The encoded answer is both parts.
const bureausStored = (plan: Plan, stored: StoredAnswer | null, limits: BureauLimits) =>
  plan.kind === 'rollup' &&
  !plan.narrowed &&
  plan.kinds.includes('reclaimed') &&
  stored !== null &&
  limits.limit === stored.bureaus_limit &&
  limits.itemsLimit === stored.items_limit;
const keptStored = (plan: Plan, stored: StoredAnswer | null, page: { limit: number; offset: number }) =>
  plan.kind === 'rollup' &&
  !plan.narrowed &&
  plan.kinds.includes('basic') &&
  stored !== null &&
  page.offset === 0 &&
  page.limit === stored.kept_limit;

/** The whole answer at the API's defaults as the load stored it: gzipped, and the plain answer's ETag. */
export interface EncodedAnswer {
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
}

// Whether the file holds the encoded answer (etl/rollup-penalty-lists.sql, filled in by
// etl/stored-answer.ts), and its ETag; null for a file loaded before it was stored, or by a duty-map that
// does not store it (the table then lacks the columns, or their values).
const storedEncoding = perFile(async (db): Promise<{ etag: string } | null> => {
  const [columns] = await db.all<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM duckdb_columns()
     WHERE table_name = 'rollup_penalty_answer' AND column_name IN ('answer_gzip', 'answer_etag')`,
  );
  if (columns?.n !== 2) return null;
  const [row] = await db.all<{ etag: string | null }>(
    'SELECT answer_etag AS etag FROM rollup_penalty_answer WHERE answer_gzip IS NOT NULL',
  );
  return row?.etag ? { etag: row.etag } : null;
});

/**
 * The whole by-bureau answer (both lists) when these filters and limits are the ones the load stored it
 * for — the whole database, the API's default limits, the first page of kept items — read as the gzipped
 * bytes the load wrote, to be sent as they are; null otherwise (the two lists are then queried).
 */
export async function encodedPenaltyAnswer(
  db: Db,
  filters: Filters,
  limits: BureauLimits & { keptLimit: number; keptOffset: number },
): Promise<EncodedAnswer | null> {
  const plan = await planFor(db, filters);
  if (plan.kind !== 'rollup' || plan.narrowed) return null;
  const stored = await storedAnswer(db);
  if (!bureausStored(plan, stored, limits)) return null;
  if (!keptStored(plan, stored, { limit: limits.keptLimit, offset: limits.keptOffset })) return null;
  const encoding = await storedEncoding(db);
  if (!encoding) return null;
  const gzip = await db.blob('SELECT answer_gzip FROM rollup_penalty_answer');
  // A BLOB's bytes come in a plain ArrayBuffer of their own (never a shared one), as a body needs.
  return { gzip: gzip as Uint8Array<ArrayBuffer>, etag: encoding.etag };
}

/** What penaltyBureausJson writes, as objects. */
export interface PenaltyBureaus {
  bureaus: BureauRow[];
  bureausTotal: number;
  itemsTotal: number;
}

/** The top bureaus by reclaimed penalty items, each with its first items, as objects (see below). */
export async function listPenaltyBureaus(
  db: Db,
  filters: Filters,
  limits?: BureauLimits,
  force?: PlanKind,
): Promise<{ total: number; itemsTotal: number; bureaus: BureauRow[] }> {
  const answer = parseJsonBytes<PenaltyBureaus>(await penaltyBureausJson(db, filters, limits, force));
  return { total: answer.bureausTotal, itemsTotal: answer.itemsTotal, bureaus: answer.bureaus };
}

/**
 * The top bureaus by reclaimed penalty items, each with its first items, as the JSON text of
 * `{bureaus, bureausTotal}`. Every plan defines the same CTEs — `top(department, type, count,
 * bureau_rank, total)` and `items(department, item_id, seq, name, town_id)` — and one query writes the
 * answer; the whole database without narrowing reads its lists stored, and at the API's default limits
 * the answer itself.
 */
export async function penaltyBureausJson(
  db: Db,
  filters: Filters,
  limits: BureauLimits = { limit: LIST_DEFAULTS.bureaus, itemsLimit: LIST_DEFAULTS.itemsPerBureau },
  force?: PlanKind,
): Promise<Uint8Array> {
  const plan = await planFor(db, filters, force);
  const reclaimed = includesKind(plan, 'reclaimed');
  const whole = plan.kind === 'rollup' && !plan.narrowed;
  const stored = whole ? await storedAnswer(db) : null;
  if (bureausStored(plan, stored, limits)) {
    // The whole database at the limits the load wrote it for: the answer is stored whole.
    return db.json('SELECT answer FROM rollup_penalty_answer');
  }
  if (
    whole &&
    limits.limit <= STORED_LISTS.bureaus &&
    limits.itemsLimit <= STORED_LISTS.items &&
    (await hasStoredLists(db))
  ) {
    // The whole database: bureaus by rank with their items stored as JSON, and their totals; fewer items
    // than stored are cut from the stored list.
    const totals = stored
      ? '$bureausTotal AS total, $itemsTotal AS items_total'
      : `(SELECT count(*) FROM rollup_departments_all WHERE penalties > 0) AS total,
         (SELECT sum(penalties) FROM rollup_departments_all) AS items_total`;
    return db.json(
      bureausAnswerJson(
        `(SELECT d.penalty_rank AS bureau_rank, ${totals},
                d.department, d.type, d.penalties AS count,
                CASE WHEN $itemsLimit >= ${STORED_LISTS.items} THEN l.items
                     ELSE to_json(from_json(l.items, '${BUREAU_ITEMS_TYPE}')[1:$itemsLimit]) END AS items
         FROM rollup_departments_all d
         -- Ranked like the bureaus: only the lists asked for are read.
         LEFT JOIN (SELECT bureau_rank, items FROM rollup_penalty_lists WHERE bureau_rank <= $limit) l
           ON l.bureau_rank = d.penalty_rank
         WHERE d.penalty_rank <= $limit AND d.penalties > 0 AND ${reclaimed})`,
      ),
      {
        ...plan.params,
        limit: limits.limit,
        itemsLimit: limits.itemsLimit,
        ...(stored ? { bureausTotal: stored.bureaus_total, itemsTotal: stored.items_total } : {}),
      },
    );
  }
  // `top` of a `counts(department, count)` CTE, the bureau's type joined.
  const topOfCounts = `top AS (
       SELECT c.department, coalesce(d.type, 'other') AS type, c.count,
              row_number() OVER (ORDER BY c.count DESC, c.department) AS bureau_rank,
              (SELECT count(*) FROM counts) AS total,
              (SELECT sum(count) FROM counts) AS items_total
       FROM counts c LEFT JOIN departments d ON d.name = c.department
       ORDER BY c.count DESC, c.department LIMIT $limit
     )`;
  let ctes: string;
  let params: Params = plan.params;
  if (plan.kind === 'items') {
    const filtered = filteredItems(filters, await searchPath(db));
    params = filtered.params;
    ctes = `${filtered.sql},
     penalties AS (
       SELECT d.department, f.item_id, f.seq, f.name, f.town_id
       FROM f JOIN item_departments d ON d.item_id = f.item_id AND d.role = 'receiving'
       WHERE f.kind = 'reclaimed' AND f.is_penalty
     ),
     counts AS (SELECT department, count(*) AS count FROM penalties GROUP BY department),
     ${topOfCounts},
     items AS (SELECT * FROM penalties WHERE department IN (SELECT department FROM top))`;
  } else if (plan.kind === 'typed') {
    // The department types' penalty links per bureau, and their items (stored with their types).
    ctes = `counts AS (
       SELECT department, sum(penalties) AS count FROM ${rollupFrom(plan, 'links')}
       WHERE ${reclaimed} GROUP BY department HAVING sum(penalties) > 0
     ),
     ${topOfCounts},
     items AS (
       SELECT department, item_id, seq, name, town_id FROM rollup_penalty_items
       WHERE ${plan.towns} AND ${plan.types} AND department IN (SELECT department FROM top)
     )`;
  } else if (fromFacts(plan)) {
    // The departments of a reclaimed item are the bureaus receiving it.
    ctes = `${linkedItems(plan)},
     penalties AS (
       SELECT unnest(departments) AS department, item_id, seq, name, town_id
       FROM s WHERE kind = 'reclaimed' AND is_penalty
     ),
     counts AS (SELECT department, count(*) AS count FROM penalties GROUP BY department),
     ${topOfCounts},
     items AS (SELECT * FROM penalties WHERE department IN (SELECT department FROM top))`;
  } else if (plan.narrowed) {
    // Penalty items are stored in town order: the towns' rank range is read, nothing else.
    ctes = `counts AS (
       SELECT department, sum(penalties) AS count FROM rollup_links_town
       WHERE ${plan.towns} AND ${reclaimed} GROUP BY department HAVING sum(penalties) > 0
     ),
     ${topOfCounts},
     items AS (
       SELECT department, item_id, seq, name, town_id FROM rollup_penalty_items
       WHERE ${plan.towns} AND department IN (SELECT department FROM top)
     )`;
  } else {
    // The whole database: bureaus are stored with their rank, so the top ones are a rank range.
    ctes = `top AS (
       SELECT department, type, penalties AS count, penalty_rank AS bureau_rank,
              (SELECT count(*) FROM rollup_departments_all WHERE penalties > 0) AS total,
              (SELECT sum(penalties) FROM rollup_departments_all) AS items_total
       FROM rollup_departments_all
       WHERE penalty_rank <= $limit AND penalties > 0 AND ${reclaimed}
     ),
     items AS (
       SELECT department, item_id, seq, name, town_id FROM rollup_penalty_items
       WHERE department IN (SELECT department FROM top)
     )`;
  }
  // Each bureau's first items are picked (a top-n aggregate, no window over every penalty item).
  // DuckDB's top-n aggregate refuses n = 0: no items asked, none listed.
  // Each item is named with its town.
  const listed =
    limits.itemsLimit > 0
      ? `SELECT department, ${bureauItemsJson('$itemsLimit')} AS items
         FROM (SELECT i.department, i.item_id, i.town_id, w.name AS town_name, i.seq, i.name
               FROM items i JOIN towns w USING (town_id))
         GROUP BY department`
      : 'SELECT NULL::VARCHAR AS department, NULL::JSON AS items WHERE false';
  return db.json(
    `WITH ${ctes},
     listed AS (${listed})
     ${bureausAnswerJson(
       `(SELECT t.bureau_rank, t.total, t.items_total, t.department, t.type, t.count, l.items
         FROM top t LEFT JOIN listed l USING (department))`,
     )}`,
    { ...params, limit: limits.limit, itemsLimit: limits.itemsLimit },
  );
}

/** What keptPenaltiesJson writes, as objects. */
export interface KeptPenalties {
  kept: KeptPenaltyRow[];
  keptTotal: number;
}

/** A page of the basic items with kept penalty clauses and how many there are, as objects (see below). */
export async function listKeptPenalties(
  db: Db,
  filters: Filters,
  page?: { limit: number; offset: number },
  force?: PlanKind,
): Promise<{ total: number; kept: KeptPenaltyRow[] }> {
  const answer = parseJsonBytes<KeptPenalties>(await keptPenaltiesJson(db, filters, page, force));
  return { total: answer.keptTotal, kept: answer.kept };
}

/**
 * A page of the basic items with kept penalty clauses (by town, then number) and how many there are, as
 * the JSON text of `{kept, keptTotal}`.
 */
export async function keptPenaltiesJson(
  db: Db,
  filters: Filters,
  page: { limit: number; offset: number } = { limit: LIST_DEFAULTS.kept, offset: 0 },
  force?: PlanKind,
): Promise<Uint8Array> {
  const plan = await planFor(db, filters, force);
  // The whole database's first page at the default size is stored whole, beside the bureaus' answer.
  if (keptStored(plan, plan.kind === 'rollup' && !plan.narrowed ? await storedAnswer(db) : null, page))
    return db.json('SELECT kept_answer FROM rollup_penalty_answer');
  let sql: string;
  let params: Params = plan.params;
  if (plan.kind === 'items') {
    const items = filteredItems(filters, await searchPath(db));
    params = items.params;
    sql = `WITH ${items.sql},
     kept AS (SELECT f.item_id, f.town_id, f.seq, f.category, f.name FROM f
              WHERE f.item_id IN (SELECT item_id FROM penalty_clauses)),
     page AS (SELECT * FROM kept ORDER BY town_id, seq, item_id LIMIT $limit OFFSET $offset),
     clauses AS (
       SELECT k.item_id, k.town_id, k.seq, k.category, k.name,
              list({'clauseNo': p.clause_no, 'text': p.text} ORDER BY p.clause_no) AS clauses
       FROM page k JOIN penalty_clauses p ON p.item_id = k.item_id
       GROUP BY k.item_id, k.town_id, k.seq, k.category, k.name
     )`;
  } else {
    // The kept items are stored with their clauses, and numbered in paging order over the whole database
    // (rollup_kept_order.kept_rank); the links plan keeps those of `s`. Without a town filter a page is a
    // rank range. A typed plan keeps them by their stored department types.
    const facts = fromFacts(plan) && plan.kind !== 'typed';
    const linked = facts && linkedItems(plan);
    const inLinked = facts ? 'AND item_id IN (SELECT item_id FROM s WHERE kept_clauses > 0)' : '';
    // Past the numbered kept items (RANKED_KEPT_ITEMS, 100 pages of 50) a page of the whole list is sorted
    // from the narrow order table (30 ms at national at offset 150,000, against 1.5 ms by rank).
    const whole = plan.kind === 'rollup' && !plan.narrowed;
    const pageOf = !whole
      ? 'SELECT * FROM kept ORDER BY town_id, seq, item_id LIMIT $limit OFFSET $offset'
      : page.offset + page.limit <= (await rankedKept(db))
        ? `SELECT * FROM kept WHERE item_id IN (
             SELECT item_id FROM rollup_kept_order WHERE kept_rank BETWEEN $offset + 1 AND $offset + $limit)`
        : `SELECT * FROM kept WHERE item_id IN (
             SELECT item_id FROM rollup_kept_order ORDER BY town_id, seq, item_id LIMIT $limit OFFSET $offset)`;
    sql = `${withClause(
      linked,
      `kept AS NOT MATERIALIZED (
         SELECT item_id, town_id, seq, category, name, clauses FROM rollup_kept
         WHERE ${plan.towns} AND ${kindCondition(plan)} AND ${plan.types} ${inLinked}
       )`,
    )},
     clauses AS (${pageOf})`;
  }
  return db.json(
    `${sql},
     -- Each kept item named with its town: a page of a national list holds many towns' items.
     named AS (SELECT c.item_id, c.town_id, w.name AS town_name, c.seq, c.category, c.name, c.clauses
               FROM clauses c JOIN towns w USING (town_id))
     SELECT ${keptAnswerJson('named', 'SELECT count(*) FROM kept')}`,
    { ...params, limit: page.limit, offset: page.offset },
  );
}
