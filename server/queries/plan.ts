// Which tables answer an aggregate query. Grouping millions of items per request is too slow for a
// national database, so the ETL stores roll-ups (etl/rollups.sql) and the aggregate queries read them
// whenever the filters allow:
//
//   rollup  no filter, or only town / region / kind: the counts tables (*_all, or *_town narrowed to
//           the towns' rank range, which DuckDB reads row group by row group);
//   typed   a department-type filter, with or without town / region / kind: the same counts split by
//           each item's set of department types (rollup_typed_*: few sets, so a filter keeps the sets
//           holding any of its types, exactly and without counting an item twice);
//   facts   a category, department-type or support-type filter or a search, with or without town /
//           region / kind: the item facts, one row per item stored in category order, so a category's
//           query reads only its own rows; a department or support type is kept by each row's own list
//           of them (a scan of one small column), a search by the ids of the items it finds (the search
//           index's sets, or the scan: server/filters/search-sql.ts);
//   links   a department filter, with or without town / region / kind / category / support type /
//           search: the link facts, stored in department order, so only the department's own rows are
//           read;
//   items   any other filter (edition, a department type beside a department): the base tables.
//
// facts and links give the same rows (`s`, see linkedItems), so the queries read them alike (fromFacts).
// A query without its own reading of the typed counts treats a typed plan as a facts one (fromFacts is
// true for it, and linkedItems reads the item facts): slower, never wrong.
//
// The choice is an allow-list: a fast path answers only when every active filter declares in the
// filter registry (shared/filters/filter-dimensions.ts, `fastPaths`) that it can narrow that path's
// tables, and FAST_NARROWING below says how. A filter that declares nothing — or that the registry does
// not know — sends the query to the base tables, which every filter narrows (server/filters/filter-sql.ts).
//
// The three answer the same question the same way; tests/server/rollups.test.ts holds them equal.
import { listValue } from '@duckdb/node-api';
import type { Db, Params } from '../db.ts';
import {
  FAST_PATHS,
  FILTER_DIMENSIONS,
  type FastPath,
  type FilterDimension,
  type FilterDimensions,
} from '../../shared/filters/filter-dimensions.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import { ROLLUPS_VERSION } from '../../shared/rollups-version.ts';
import { ROLLUP_CAP_KEYS } from '../../shared/list-limits.ts';
import { STORED_LISTS } from '../../shared/penalty-answer-sql.ts';
import type { Filters } from '../filters/filter-schemas.ts';
import { perFile } from '../per-file.ts';
import { searchCondition, searchPath, type SearchPath } from '../filters/search-sql.ts';

export type PlanKind = FastPath | 'items';

export interface Plan {
  kind: PlanKind;
  /** SQL condition over a `town_rank` column for the town and region filters; 'TRUE' without them. */
  towns: string;
  /** True when a town or region filter is set. */
  narrowed: boolean;
  /**
   * SQL condition over the facts' columns (rollup_item_facts, rollup_link_facts) for the filters that keep
   * items by a value of their own (category, department type, support type); 'TRUE' without them.
   */
  facts: string;
  /**
   * SQL condition over a `department_types` column (the typed counts, rollup_kept, rollup_penalty_items)
   * for the department-type filter; 'TRUE' without it.
   */
  types: string;
  /** The kinds asked for; every kind when not filtered. */
  kinds: readonly Kind[];
  params: Params;
}

/**
 * The fast path for these filters: the first of FAST_PATHS that every active filter (a key with a value)
 * declares in `dimensions`, or 'items'. `dimensions` is the registry; tests pass it with more entries.
 */
export function fastPathFor(
  filters: Readonly<Record<string, unknown>>,
  dimensions: Readonly<Record<string, FilterDimension>> = FILTER_DIMENSIONS,
): PlanKind {
  const active = Object.keys(filters).filter((name) => filters[name] !== undefined && filters[name] !== '');
  const allows = (path: FastPath) =>
    active.every((name) => Object.hasOwn(dimensions, name) && dimensions[name]?.fastPaths.includes(path));
  return FAST_PATHS.find(allows) ?? 'items';
}

/** The dimensions that declare a fast path: FAST_NARROWING must say how each narrows it. */
type FastDimension = {
  [N in keyof FilterDimensions]: FilterDimensions[N]['fastPaths'] extends readonly [] ? never : N;
}[keyof FilterDimensions];

/** What one dimension adds to a plan (FAST_NARROWING). */
interface Narrowing {
  params: Params;
  towns?: string;
  facts?: string;
  types?: string;
}

/**
 * How each dimension that declares a fast path narrows its tables: the parameters it binds (the
 * queries read $kind through kindCondition/includesKind, $department through linkedItems) and either a
 * condition on `town_rank` (the dimensions that pick towns) or one over the facts' columns (`facts`, the
 * dimensions that keep items by a value of their own, and the search by the ids of the items it finds;
 * `search` says how it finds them: searchPath).
 */
const FAST_NARROWING: {
  [N in FastDimension]: (value: NonNullable<Filters[N]>, search: SearchPath) => Narrowing;
} = {
  town: (values) => ({
    params: { town: listValue(values) },
    towns: `town_rank IN (SELECT r.town_rank FROM rollup_towns r JOIN towns t USING (town_id)
        WHERE t.town_id = ANY($town) OR t.name = ANY($town) OR t.full_name = ANY($town))`,
  }),
  region: (values) => ({
    params: { region: listValue(values) },
    towns: 'town_rank IN (SELECT town_rank FROM rollup_region_keys WHERE key = ANY($region))',
  }),
  kind: (values) => ({ params: { kind: listValue(values) } }),
  category: (values) => ({ params: { category: listValue(values) }, facts: 'category = ANY($category)' }),
  department: (values) => ({ params: { department: listValue(values) } }),
  // The item facts only (the link facts do not store department types), and the typed counts.
  departmentType: (values) => ({
    params: { departmentType: listValue(values) },
    facts: 'list_has_any(department_types, $departmentType)',
    types: 'list_has_any(department_types, $departmentType)',
  }),
  supportType: (values) => ({
    params: { supportType: listValue(values) },
    facts: 'list_has_any(support_types, $supportType)',
  }),
  // The items the search finds, by their ids (both facts tables carry item_id): the texts are found as
  // on the general path (the index's sets, or the scan), but the counts come from the facts' rows
  // instead of the base tables joined.
  q: (q, search) => {
    const found = searchCondition(q, search, 'item_id');
    return { params: found.params, facts: found.sql };
  },
};

/**
 * Whether the database holds the roll-ups of this version. Databases built before they existed do not;
 * one built by an older version holds them in another shape: both are answered from the base tables
 * until their next load rebuilds them. So are roll-ups listing other bureaus than the API lists (a test's
 * small caps, etl/refresh-rollups.ts RollupCaps; none recorded: the API's).
 */
export const hasRollups = perFile(async (db) => {
  const [row] = await db.all<{ n: number; version: string | null; bureaus: string | null }>(
    `SELECT (SELECT count(*) FROM duckdb_tables()
             WHERE table_name IN ('rollup_towns', 'rollup_link_facts', 'rollup_item_facts'))::INTEGER AS n,
            (SELECT value FROM meta WHERE key = 'rollups_version') AS version,
            (SELECT value FROM meta WHERE key = '${ROLLUP_CAP_KEYS.storedBureaus}') AS bureaus`,
  );
  const bureaus = row?.bureaus ?? String(STORED_LISTS.bureaus);
  return row?.n === 3 && row.version === ROLLUPS_VERSION && bureaus === String(STORED_LISTS.bureaus);
});

/**
 * How far the file's roll-ups rank (etl/refresh-rollups.ts RollupCaps, in its meta): a list reaching beyond
 * is sorted instead. A file written before the ranks were capped ranks everything.
 */
const rankedIn = (key: string) =>
  perFile(async (db) => {
    const [row] = await db.all<{ value: string | null }>(
      `SELECT (SELECT value FROM meta WHERE key = $key) AS value`,
      {
        key,
      },
    );
    const ranked = Number(row?.value ?? Number.NaN);
    return Number.isInteger(ranked) ? ranked : Number.POSITIVE_INFINITY;
  });

/** Departments ranked in rollup_departments_all and rollup_cells_all. */
export const rankedDepartments = rankedIn(ROLLUP_CAP_KEYS.rankedDepartments);
/** Kept items numbered in rollup_kept_order. */
export const rankedKept = rankedIn(ROLLUP_CAP_KEYS.rankedKept);

// The towns a town/region filter keeps, remembered per database file: the dashboard asks for the same
// region once per chart. Bounded, in selections and in the ranks they hold (most regions' hold none);
// the oldest go first.
const SELECTIONS_KEPT = 500;
const RANKS_KEPT = 100_000;

/**
 * A town/region filter's towns: the range of their ranks and, when other towns rank within that range too
 * (a town name found in several counties, two regions apart), the ranks themselves. Towns are ranked in
 * region order, so a region's towns are the whole of their range unless its name recurs elsewhere (at
 * national 57,838 of 67,872 region names are; 10,026 of 22,341 town names recur).
 */
interface TownSelection {
  lo: number;
  hi: number;
  ranks: number[] | null;
}

/** The selection as found: its ranks, and how many towns the range of them holds in all. */
interface TownSelectionRow {
  lo: number | null;
  hi: number | null;
  ranks: number[] | null;
  within: number;
}

const selectionsOf = perFile(async () => ({
  byKey: new Map<string, Promise<TownSelection>>(),
  /** How many ranks each kept selection holds, of those that hold any (oldest first). */
  ranksOf: new Map<string, number>(),
}));

async function townSelection(
  db: Db,
  key: string,
  query: () => Promise<TownSelectionRow[]>,
): Promise<TownSelection> {
  const kept = await selectionsOf(db);
  const known = kept.byKey.get(key);
  if (known) return known;
  const forget = (old: string) => {
    kept.byKey.delete(old);
    kept.ranksOf.delete(old);
  };
  // An empty selection (no town matches) is the empty range 1..0.
  const selection = query().then(([row]): TownSelection => {
    const lo = row?.lo ?? 1;
    const hi = row?.hi ?? 0;
    const ranks = row?.ranks ?? [];
    if (ranks.length === (row?.within ?? 0)) return { lo, hi, ranks: null };
    // Counted while it is kept (it may have been forgotten, and the key asked again, meanwhile).
    if (kept.byKey.get(key) === selection) {
      kept.ranksOf.set(key, ranks.length);
      let held = [...kept.ranksOf.values()].reduce((sum, n) => sum + n, 0);
      for (const [old, n] of kept.ranksOf) {
        if (held <= RANKS_KEPT || old === key) break;
        forget(old);
        held -= n;
      }
    }
    return { lo, hi, ranks };
  });
  kept.byKey.set(key, selection);
  selection.catch(() => forget(key));
  if (kept.byKey.size > SELECTIONS_KEPT) forget(kept.byKey.keys().next().value ?? '');
  return selection;
}

/**
 * The plan for these filters; `force` picks one (tests compare the three). `dimensions` is the filter
 * registry (tests add to it).
 */
export async function planFor(
  db: Db,
  filters: Filters,
  force?: PlanKind,
  dimensions: Readonly<Record<string, FilterDimension>> = FILTER_DIMENSIONS,
): Promise<Plan> {
  const kinds = filters.kind ?? KINDS;
  const plain: Plan = {
    kind: 'items',
    towns: 'TRUE',
    narrowed: false,
    facts: 'TRUE',
    types: 'TRUE',
    kinds,
    params: {},
  };
  if (force === 'items') return plain;
  // The typed counts hold only items with a typed department: they answer a department-type filter only.
  const path =
    force === 'typed' && filters.departmentType === undefined
      ? 'facts'
      : (force ?? fastPathFor(filters, dimensions));
  if (path === 'items' || (force === undefined && !(await hasRollups(db)))) return plain;
  const params: Params = {};
  const townParams: Params = {};
  const inTowns: string[] = [];
  const inFacts: string[] = [];
  const inTypes: string[] = [];
  const search = filters.q ? await searchPath(db) : 'scan';
  for (const name of Object.keys(FAST_NARROWING) as FastDimension[]) {
    const value = filters[name];
    if (value === undefined || value === '') continue;
    const narrowing = (FAST_NARROWING[name] as (value: unknown, search: SearchPath) => Narrowing)(
      value,
      search,
    );
    Object.assign(narrowing.towns ? townParams : params, narrowing.params);
    if (narrowing.towns) inTowns.push(narrowing.towns);
    if (narrowing.facts) inFacts.push(narrowing.facts);
    if (narrowing.types) inTypes.push(narrowing.types);
  }
  let towns = 'TRUE';
  const narrowed = inTowns.length > 0;
  if (narrowed) {
    // The towns are found once (towns by id or name, regions by key) and kept as ranks: the rank range,
    // as constants, lets DuckDB skip the row groups outside it, and the ranks themselves, where the range
    // holds other towns too (a town name can repeat across the country), keep exactly the towns asked
    // for. Each table a query reads is then narrowed without looking the towns up again (at national,
    // that look-up scanned every town's names: ~15 ms, three times in a town's summary).
    const selection = await townSelection(db, JSON.stringify([filters.town, filters.region]), () =>
      db.all<TownSelectionRow>(
        `WITH picked AS (SELECT town_rank FROM rollup_towns WHERE ${inTowns.join(' AND ')}),
              span AS (SELECT min(town_rank) AS lo, max(town_rank) AS hi FROM picked)
         SELECT lo, hi, (SELECT list(town_rank ORDER BY town_rank) FROM picked) AS ranks,
                (SELECT count(*) FROM rollup_towns, span WHERE town_rank BETWEEN lo AND hi)::INTEGER AS within
         FROM span`,
        townParams,
      ),
    );
    Object.assign(params, { lo: selection.lo, hi: selection.hi });
    towns = 'town_rank BETWEEN $lo AND $hi';
    if (selection.ranks !== null) {
      params.ranks = listValue(selection.ranks);
      towns += ' AND town_rank IN (SELECT unnest($ranks::INTEGER[]))';
    }
  }
  const facts = inFacts.length > 0 ? inFacts.join(' AND ') : 'TRUE';
  const types = inTypes.length > 0 ? inTypes.join(' AND ') : 'TRUE';
  return { kind: path, towns, narrowed, facts, types, kinds, params };
}

/**
 * A roll-up counts table, narrowed to the plan's towns (the whole-database table when not narrowed).
 * Links have no whole-database table of that shape (rollup_departments_all holds them per department),
 * so they always read the per-town table. A typed plan reads the typed counts (rollup_typed_*, the same
 * columns), of the sets of department types its filter keeps.
 */
export function rollupFrom(plan: Plan, table: 'items' | 'links' | 'support' | 'cells'): string {
  if (plan.kind === 'typed') {
    return plan.narrowed
      ? `(SELECT * FROM rollup_typed_${table}_town WHERE ${plan.towns} AND ${plan.types})`
      : `(SELECT * FROM rollup_typed_${table}_all WHERE ${plan.types})`;
  }
  return plan.narrowed || table === 'links'
    ? `(SELECT * FROM rollup_${table}_town WHERE ${plan.towns})`
    : `rollup_${table}_all`;
}

/** Whether the plan reads the counts tables (rollupFrom): the rollup and typed plans. */
export function fromCounts(plan: Plan): boolean {
  return plan.kind === 'rollup' || plan.kind === 'typed';
}

/** SQL condition on a `kind` column for the kind filter. */
export function kindCondition(plan: Plan, column = 'kind'): string {
  return 'kind' in plan.params ? `${column} = ANY($kind)` : 'TRUE';
}

/** 'TRUE' when the kind filter lets items of this kind through, else 'FALSE'. */
export function includesKind(plan: Plan, kind: Kind): string {
  return plan.kinds.includes(kind) ? 'TRUE' : 'FALSE';
}

/**
 * Whether the plan reads the per-item facts `s` (linkedItems): the facts and links plans, and a typed
 * plan in the queries that do not read the typed counts (they check for it first).
 */
export function fromFacts(plan: Plan): boolean {
  return plan.kind === 'facts' || plan.kind === 'links' || plan.kind === 'typed';
}

/**
 * `s AS (…)`: the plan's items, one row each: from the item facts (facts and typed plans) or from the link facts of
 * the filtered departments (links plan). Columns: item_id, town_id, town_rank, kind, category, seq, name,
 * is_penalty, departments (all of the item's), support_types, kept_clauses, and funded / policy_only
 * (support by funding or staff / by policy alone: stored in the item facts, read from the list otherwise);
 * the facts plan's also duty_id (the item's duty, item_duties; NULL for an item without one).
 */
export function linkedItems(plan: Plan): string {
  const narrowing = `${plan.facts} AND ${kindCondition(plan)} AND ${plan.towns}`;
  if (plan.kind !== 'links') {
    return `s AS (
    SELECT item_id, town_id, town_rank, kind, category, seq, name, is_penalty,
           departments, support_types, kept_clauses, funded, policy_only, duty_id
    FROM rollup_item_facts
    WHERE ${narrowing}
  )`;
  }
  return `s AS (
    SELECT DISTINCT ON (item_id) item_id, town_id, town_rank, kind, category, seq, name, is_penalty,
           departments, support_types, kept_clauses,
           list_has_any(support_types, ['funding', 'staff']) AS funded,
           list_distinct(support_types) = ['policy'] AS policy_only
    FROM rollup_link_facts
    WHERE department = ANY($department) AND ${narrowing}
  )`;
}

/** `WITH a, b, …` of the CTEs given (false ones left out), or '' when none is left. */
export function withClause(...ctes: Array<string | false>): string {
  const kept = ctes.filter((cte): cte is string => cte !== false);
  return kept.length > 0 ? `WITH ${kept.join(',\n')}` : '';
}

/**
 * For the whole-database departments roll-up: the count column and rank column of the links the kind
 * filter keeps (all, cooperative or reclaimed), or null when it keeps no linked kind (basic only).
 */
export function departmentMeasure(plan: Plan): { count: string; rank: string } | null {
  const cooperative = plan.kinds.includes('cooperative');
  const reclaimed = plan.kinds.includes('reclaimed');
  if (cooperative && reclaimed) return { count: 'total', rank: 'total_rank' };
  if (cooperative) return { count: 'cooperative', rank: 'cooperative_rank' };
  if (reclaimed) return { count: 'reclaimed', rank: 'reclaimed_rank' };
  return null;
}
