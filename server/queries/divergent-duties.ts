// Duties handled differently from town to town (GET /api/duties/divergent): the duties the ETL
// clustered at load time (etl/build-duties.ts, item_duties) narrowed to the filtered items, kept when
// at least two towns hold them and in at least two list kinds; most split first — the rule of
// shared/match/cluster-duties.ts divergentDuties, in SQL so no request clusters anything.
// Unfiltered, the counts come from the roll-up rollup_duties_all and the examples and town names from
// the few rows per duty and kind of rollup_duty_picks (etl/rollups.sql): at national the base tables'
// 4.6 M (duty, town, kind) and the broadest duties' items took seconds. Under two kinds the same tables
// answer (rollup_duties_all counts the towns holding each duty in either of two kinds; the picks are per
// kind): from the base tables that query ran out of memory at national. Under a town or region filter
// (with or without kinds) the rows of rollup_duty_town in the towns' rank range, one per (town, duty,
// kind). Under the other filters the item facts answer (a category, department type or support type:
// plan.ts), from the facts' rows, which carry each item's duty (1.5 s for one category at national from
// the base tables). Otherwise from the base tables.
import { kindBitSql, kindsMask } from '../../shared/kind-bits.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import type { Db } from '../db.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import type { DivergentSort } from '../filters/request-schemas.ts';
import { searchPath } from '../filters/search-sql.ts';
import { TOWNS_PER_KIND } from '../../shared/towns-per-kind.ts';
import { hasRollups, kindCondition, linkedItems, planFor, type Plan, type PlanKind } from './plan.ts';
import { kindRank } from './sql.ts';

/** The page's order, from an allow-list: the asked measure first, the other one and the id break ties. */
const ORDERS: Record<DivergentSort, Record<'asc' | 'desc', string>> = {
  split: { desc: 'split DESC, towns DESC, duty_id', asc: 'split ASC, towns DESC, duty_id' },
  towns: { desc: 'towns DESC, split DESC, duty_id', asc: 'towns ASC, split DESC, duty_id' },
};

export interface DivergentDuty {
  dutyId: number;
  label: string;
  towns: number;
  /** Towns holding the duty in each kind. */
  kinds: Record<Kind, number>;
  /** 1 − the largest kind's share of the town-kind counts. */
  split: number;
  examples: { town: string; townName: string; kind: Kind; itemId: string; text: string }[];
  /** The first towns (by name) holding the duty in each kind, at most TOWNS_PER_KIND each. */
  townsByKind: Record<Kind, string[]>;
}

export async function listDivergentDuties(
  db: Db,
  filters: Filters,
  page: { limit: number; offset: number; sort?: DivergentSort; order?: 'asc' | 'desc' },
  /** 'items' answers from the base tables even when the roll-ups could (tests compare the two). */
  force?: PlanKind,
): Promise<{ total: number; duties: DivergentDuty[] }> {
  // A divergent duty is held in two kinds at least, so a filter keeping one kind keeps none. Answered
  // without a query: at national the base tables' rows of one kind are millions, and the query ran out of
  // memory (`503 query_memory`) for an answer known to be empty. `force` runs the query (tests compare).
  if (force === undefined && new Set(filters.kind ?? KINDS).size < 2) return { total: 0, duties: [] };
  const items = filteredItems(filters, await searchPath(db));
  const order = ORDERS[page.sort ?? 'split'][page.order ?? 'desc'];
  const prefixed = order.replace(/\b(split|towns|duty_id)\b/g, 'p.$1');
  // `per`: each duty's towns and towns per kind; `holding`: rows (duty_id, kind, town_id, town_name,
  // item_id, text, seq) from which each kind's example and first town names are picked.
  let source = fromItems(items.sql);
  let params = items.params;
  if (items.all && force !== 'items' && (await hasRollups(db))) source = fromRollups(KINDS);
  else if (!items.all) {
    const plan = await planFor(db, filters, force);
    if (plan.kind === 'rollup') {
      source = plan.narrowed ? fromDutyTowns(plan) : fromRollups(plan.kinds);
      params = plan.params;
    } else if (plan.kind === 'facts' || plan.kind === 'typed') {
      // The typed counts hold no duties: a typed plan reads the item facts (linkedItems).
      source = fromFacts(linkedItems(plan));
      params = plan.params;
    }
  }
  const rows = await db.all<{ total: number; json: string | null }>(
    `WITH ${source},
     divergent AS (
       SELECT *, 1 - greatest(basic, cooperative, reclaimed) / held AS split FROM per
        WHERE towns >= 2 AND (basic > 0)::INTEGER + (cooperative > 0)::INTEGER + (reclaimed > 0)::INTEGER >= 2),
     page AS (SELECT * FROM divergent ORDER BY ${order} LIMIT $limit OFFSET $offset),
     examples AS (
       SELECT duty_id, kind,
              arg_min({'town': town_id, 'townName': town_name, 'kind': kind, 'itemId': item_id, 'text': text},
                      town_id || '-' || lpad(seq::VARCHAR, 6, '0')) AS example
         FROM holding WHERE duty_id IN (SELECT duty_id FROM page)
        GROUP BY duty_id, kind),
     holders AS (
       SELECT duty_id, kind, list(DISTINCT town_name ORDER BY town_name)[1:${TOWNS_PER_KIND}] AS names
         FROM holding WHERE duty_id IN (SELECT duty_id FROM page)
        GROUP BY duty_id, kind)
     SELECT (SELECT count(*) FROM divergent)::INTEGER AS total,
            to_json({
              'dutyId': p.duty_id, 'label': u.label, 'towns': p.towns::INTEGER,
              'kinds': {'basic': p.basic::INTEGER, 'cooperative': p.cooperative::INTEGER, 'reclaimed': p.reclaimed::INTEGER},
              'split': round(p.split, 4),
              'examples': (SELECT list(e.example ORDER BY ${kindRank('e.kind')}) FROM examples e WHERE e.duty_id = p.duty_id),
              'townsByKind': {
                'basic': coalesce((SELECT h.names FROM holders h WHERE h.duty_id = p.duty_id AND h.kind = 'basic'), []),
                'cooperative': coalesce((SELECT h.names FROM holders h WHERE h.duty_id = p.duty_id AND h.kind = 'cooperative'), []),
                'reclaimed': coalesce((SELECT h.names FROM holders h WHERE h.duty_id = p.duty_id AND h.kind = 'reclaimed'), [])
              }
            })::VARCHAR AS json
       FROM (SELECT 1) LEFT JOIN page p ON true LEFT JOIN duties u ON u.duty_id = p.duty_id
      ORDER BY ${prefixed}`,
    { ...params, limit: page.limit, offset: page.offset },
  );
  const total = rows[0]?.total ?? 0;
  return {
    total,
    duties: rows
      .filter((row) => row.json !== null && JSON.parse(row.json).dutyId !== null)
      .map((row) => JSON.parse(row.json!) as DivergentDuty),
  };
}

/**
 * `per` from `held`: one row per (duty_id, town_id, kind) holding it; `towns` counts each duty's towns
 * (by default its distinct towns).
 */
const perDuty = (towns = 'count(DISTINCT town_id)') => `per AS (
       SELECT duty_id, ${towns} AS towns,
              count(*) FILTER (WHERE kind = 'basic') AS basic,
              count(*) FILTER (WHERE kind = 'cooperative') AS cooperative,
              count(*) FILTER (WHERE kind = 'reclaimed') AS reclaimed,
              count(*) AS held
         FROM held GROUP BY duty_id)`;

/** `per` and `holding` from the filtered items (every filter narrows them). */
const fromItems = (filtered: string) => `${filtered},
     held AS (SELECT DISTINCT d.duty_id, f.town_id, f.kind FROM f JOIN item_duties d USING (item_id)),
     ${perDuty()},
     holding AS (
       SELECT d.duty_id, f.kind, f.town_id, t.name AS town_name, f.item_id, f.name AS text, f.seq
         FROM f JOIN item_duties d USING (item_id) JOIN towns t ON t.town_id = f.town_id)`;

/** `per` and `holding` from the plan's item facts (`s AS (…)`, see linkedItems), which carry each item's duty. */
const fromFacts = (facts: string) => `${facts},
     held AS (SELECT DISTINCT duty_id, town_id, kind FROM s WHERE duty_id IS NOT NULL),
     ${perDuty()},
     holding AS (
       SELECT s.duty_id, s.kind, s.town_id, t.name AS town_name, s.item_id, s.name AS text, s.seq
         FROM s JOIN towns t ON t.town_id = s.town_id WHERE s.duty_id IS NOT NULL)`;

/**
 * `per` and `holding` of the whole database, of these kinds, from the roll-ups: the towns holding a duty in
 * any of them are rollup_duties_all's `towns` (every kind), a kind's own count (one) or its count for a pair.
 */
function fromRollups(kinds: readonly Kind[]): string {
  const kept = KINDS.filter((kind) => kinds.includes(kind));
  const towns =
    kept.length === KINDS.length ? 'towns' : kept.length === 1 ? kept[0] : `towns_${kept.join('_')}`;
  const count = (kind: Kind) => (kept.includes(kind) ? kind : '0');
  return `per AS (
       SELECT duty_id, ${towns} AS towns, ${KINDS.map((kind) => `${count(kind)} AS ${kind}`).join(', ')},
              ${kept.join(' + ')} AS held
         FROM rollup_duties_all),
     holding AS (
       SELECT duty_id, kind, town_id, town_name, item_id, text, seq FROM rollup_duty_picks
        WHERE kind IN (${kept.map((kind) => `'${kind}'`).join(', ')}))`;
}

/**
 * `per` and `holding` from the rows of rollup_duty_town of the plan's towns and kinds. A row counts its
 * town when no kind asked for before its own holds the duty there too (`kinds`: shared/kind-bits.ts).
 */
function fromDutyTowns(plan: Plan): string {
  const asked = kindsMask(plan.kinds);
  return `held AS (
       SELECT duty_id, kind, town_id, town_name, item_id, text, seq,
              kinds & ${asked} & (${kindBitSql('kind')} - 1) = 0 AS first_asked
         FROM rollup_duty_town WHERE ${plan.towns} AND ${kindCondition(plan)}),
     ${perDuty('count(*) FILTER (WHERE first_asked)')},
     holding AS (SELECT duty_id, kind, town_id, town_name, item_id, text, seq FROM held)`;
}

export interface DutyItem {
  town: string;
  townName: string;
  kind: Kind;
  itemId: string;
  text: string;
  sourceFile: string;
  sourceLine: number;
}

/** One duty's items in the filtered towns, by list kind then town: the drill-down of a divergent duty. */
export async function listDutyItems(
  db: Db,
  dutyId: number,
  filters: Filters,
  page: { limit: number; offset: number },
): Promise<{ label: string | null; total: number; items: DutyItem[] }> {
  const { sql, params } = filteredItems(filters, await searchPath(db));
  const rows = await db.all<{ label: string | null; total: number; json: string | null }>(
    `WITH ${sql},
     held AS (
       SELECT f.town_id, t.name AS town_name, t.full_name, f.kind, f.item_id, f.name, f.seq, f.source_file, f.source_line
         FROM f JOIN item_duties d USING (item_id) JOIN towns t ON t.town_id = f.town_id
        WHERE d.duty_id = $duty),
     page AS (SELECT * FROM held ORDER BY ${kindRank('kind')}, full_name, seq, item_id LIMIT $limit OFFSET $offset)
     SELECT (SELECT label FROM duties WHERE duty_id = $duty) AS label,
            (SELECT count(*) FROM held)::INTEGER AS total,
            (SELECT to_json(list({
               'town': town_id, 'townName': town_name, 'kind': kind, 'itemId': item_id, 'text': name,
               'sourceFile': source_file, 'sourceLine': source_line
             } ORDER BY ${kindRank('kind')}, full_name, seq, item_id)) FROM page)::VARCHAR AS json`,
    { ...params, duty: dutyId, limit: page.limit, offset: page.offset },
  );
  const row = rows[0];
  return {
    label: row?.label ?? null,
    total: row?.total ?? 0,
    items: row?.json ? (JSON.parse(row.json) as DutyItem[]) : [],
  };
}
