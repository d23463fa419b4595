// Keeps the roll-ups (etl/rollups.sql, etl/rollup-penalty-lists.sql) equal to the base tables after a
// load, at a cost that follows the load rather than the database. Only the rows of the towns this load
// changed (the temp table changed_towns, etl/changed-towns.ts) are deleted and recomputed in the per-town
// tables; the whole-database tables follow by the difference those towns made, as each declares in its
// marker: sums gain the changed towns' new rows and lose their old ones, a list is recomputed for the
// keys whose rows changed, and ranks are rewritten only where they changed. (Rebuilding the whole-database
// tables from the per-town ones took 1.6 s of a one-town load at national, 38,600 towns.)
//
// A full build (every town) runs instead when the database has no roll-ups of this version yet, when the
// load changed more than a quarter of its towns (one pass over everything is then cheaper and leaves the
// tables in perfect storage order), when asked to, or when a new town finds no free rank between its
// neighbours. A full build goes through the towns in batches of FULL_BUILD_BATCH_TOWNS, in rank order,
// so that its memory follows a batch and not the database: built in one statement, the national
// roll-ups ran out of the load's 1 GB (their ordered list aggregates hold their whole input). Tables in
// town order stay in perfect order; rollup_link_facts is in department order within each batch.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { MAX_LISTED_DEPARTMENTS, RANKED_KEPT_ITEMS, ROLLUP_CAP_KEYS } from '../shared/list-limits.ts';
import { ROLLUP_SQL_FRAGMENTS, STORED_LISTS } from '../shared/penalty-answer-sql.ts';
import { ROLLUPS_VERSION } from '../shared/rollups-version.ts';
import { TOWNS_PER_KIND } from '../shared/towns-per-kind.ts';
import { KIND_PAIRS, kindBitSql, kindsMask } from '../shared/kind-bits.ts';
import { ETL_DIR } from './etl-dir.ts';
import { storeEncodedAnswer } from './stored-answer.ts';

const SQL_FILES = [join(ETL_DIR, 'rollups.sql'), join(ETL_DIR, 'rollup-penalty-lists.sql')];

/** A full build numbers the towns RANK_STEP apart, leaving room for towns added later. */
export const RANK_STEP = 1024;
/** Towns per statement of a full build (about 900,000 items, within the 1 GB memory limit). */
export const FULL_BUILD_BATCH_TOWNS = 5_000;

export type RollupStatement =
  | { kind: 'towns'; table: string; sql: string }
  | { kind: 'whole'; table: string; sql: string; by: WholeByDifference | null }
  | { kind: 'rank'; table: string; sql: string; keys: string[] };

/**
 * How a @whole table follows the changed towns (`from SOURCE by KEYS [sum COLUMNS | first]`): by the
 * difference of its sums, by picking again from its picked rows and the new ones (`first`), or (neither)
 * by recomputing the keys whose rows of SOURCE changed.
 */
export interface WholeByDifference {
  source: string;
  keys: string[];
  sums: string[];
  first: boolean;
}

const NAME = String.raw`[a-z_][a-z0-9_]*`;
const NAMES = String.raw`${NAME}(?:\s*,\s*${NAME})*`;
const WHOLE_HEAD = new RegExp(
  String.raw`^whole\s+(${NAME})(?:\s+from\s+(${NAME})\s+by\s+(${NAMES})(?:\s+sum\s+(${NAMES})|\s+(first))?)?$`,
);
const RANK_HEAD = new RegExp(String.raw`^rank\s+(${NAME})\s+by\s+(${NAMES})$`);
const names = (list: string) => list.split(',').map((name) => name.trim());

/**
 * How far the roll-ups rank departments (`ranked_departments`), list bureaus (`stored_bureaus`; both the
 * longest list the API gives) and number the kept items for paging (`ranked_kept`), shared/list-limits.ts.
 * Tests set them lower, so that a few towns move departments, bureaus and kept items across them; the
 * server reads roll-ups written for other bureaus than the API's not at all (server/queries/plan.ts,
 * hasRollups), and sorts a page of departments or kept items beyond the ranked ones.
 */
export interface RollupCaps {
  rankedDepartments: number;
  storedBureaus: number;
  rankedKept: number;
}

const API_CAPS: RollupCaps = {
  rankedDepartments: MAX_LISTED_DEPARTMENTS,
  storedBureaus: STORED_LISTS.bureaus,
  rankedKept: RANKED_KEPT_ITEMS,
};

/** The caps a file's roll-ups were built with, as its meta records them (those recorded). */
export async function readRollupCaps(connection: DuckDBConnection): Promise<Partial<RollupCaps>> {
  const recorded = new Map(
    (await rows<{ key: string; value: string }>(connection, 'SELECT key, value FROM meta')).map((row) => [
      row.key,
      Number(row.value),
    ]),
  );
  return Object.fromEntries(
    (Object.keys(ROLLUP_CAP_KEYS) as (keyof RollupCaps)[]).flatMap((cap) => {
      const value = recorded.get(ROLLUP_CAP_KEYS[cap]);
      return value === undefined ? [] : [[cap, value]];
    }),
  );
}

/** Fragments a roll-up file may name besides shared/penalty-answer-sql.ts's. */
function fragmentsFor(caps: RollupCaps): Readonly<Record<string, string>> {
  return {
    ...ROLLUP_SQL_FRAGMENTS,
    towns_per_kind: String(TOWNS_PER_KIND),
    kind_bit: kindBitSql('kind'),
    ...Object.fromEntries(KIND_PAIRS.map((pair) => [`mask_${pair.join('_')}`, String(kindsMask(pair))])),
    ranked_departments: String(caps.rankedDepartments),
    stored_bureaus: String(caps.storedBureaus),
    ranked_kept: String(caps.rankedKept),
  };
}

/** The text with each `{{name}}` replaced by that fragment. */
function expandFragments(text: string, file: string, fragments: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const fragment = fragments[name];
    if (fragment === undefined)
      throw new Error(
        `${file}: {{${name}}} is not a fragment of shared/penalty-answer-sql.ts nor a cap (RollupCaps) nor towns_per_kind, kind_bit or mask_A_B`,
      );
    return fragment;
  });
}

/**
 * The marked statements of a roll-up SQL file, in order (the markers are explained in rollups.sql), its
 * `{{name}}` fragments written out.
 */
export function parseRollupSql(text: string, file: string, caps: RollupCaps = API_CAPS): RollupStatement[] {
  const statements: RollupStatement[] = [];
  const parts = expandFragments(text, file, fragmentsFor(caps)).split(/^-- @/m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const head = part.slice(0, newline).trim().replace(/\s+/g, ' ');
    const [kind, table] = head.split(' ');
    const sql = part
      .slice(newline + 1)
      .trim()
      .replace(/;$/, '');
    if (sql.includes(';\n')) throw new Error(`${file}: @${head} holds more than one statement`);
    const whole = WHOLE_HEAD.exec(head);
    const rank = RANK_HEAD.exec(head);
    if (kind === 'towns' && table !== undefined && head === `towns ${table}`) {
      statements.push({ kind, table, sql });
    } else if (whole) {
      const [, name = '', source, keys, sums, first] = whole;
      const by =
        source === undefined
          ? null
          : {
              source,
              keys: names(keys ?? ''),
              sums: sums === undefined ? [] : names(sums),
              first: first !== undefined,
            };
      if (by && !new RegExp(String.raw`\b${by.source}\b`).test(sql))
        throw new Error(`${file}: @${head} does not read its source ${by.source}`);
      statements.push({ kind: 'whole', table: name, sql, by });
    } else if (rank) {
      statements.push({ kind: 'rank', table: rank[1] ?? '', sql, keys: names(rank[2] ?? '') });
    } else {
      throw new Error(
        `${file}: unknown marker "@${head}"; expected @towns T, @whole T [from S by KEYS [sum COLUMNS | first]] or @rank T by KEYS`,
      );
    }
  }
  return statements;
}

/**
 * `{{batch T}}` in a @towns statement: the rows of the @towns table T, written above it, of the towns being
 * computed (their town_rank in new_town_ranks). A full build reads them from T (the batch's rows were just
 * appended, and the row groups of other batches are skipped by their town ranks); an incremental load from
 * the rows it has just computed, kept aside: read from T, one town's rows at national were a scan of every
 * row's rank (rollup_item_facts, 7 million rows: 73 ms for rollup_link_facts against 29 before it read them).
 */
const BATCH_READ = /\{\{batch (\w+)\}\}/g;

/** The @towns tables a statement reads as `{{batch T}}`. */
export function batchReads(sql: string): string[] {
  return [...sql.matchAll(BATCH_READ)].map((match) => match[1] ?? '');
}

/** A statement with each `{{batch T}}` read from `rowsOf(T)`. */
const withBatchRows = (sql: string, rowsOf: (table: string) => string) =>
  sql.replace(BATCH_READ, (_, table: string) => rowsOf(table));

/** A full build's rows of a @towns table for the batch being computed. */
const batchRowsOf = (table: string) =>
  `(SELECT * FROM ${table} WHERE town_rank IN (SELECT town_rank FROM new_town_ranks))`;

/**
 * A @whole table follows a @towns table written above it; a sum cannot follow rows a @rank rewrites
 * (their old values are not kept), and a list follows them only below that @rank (it reads the keys the
 * @rank rewrote); the same for the ranks of any other table a @whole reads, which only a list may, ranked
 * by its own keys; a @rank ranks a table written above it.
 */
export function checkRollupOrder(statements: readonly RollupStatement[], file: string): void {
  const written = new Set<string>();
  const rankedAbove = new Set<string>();
  const ranked = new Set(statements.flatMap((s) => (s.kind === 'rank' ? [s.table] : [])));
  for (const statement of statements) {
    const name = `@${statement.kind} ${statement.table}`;
    if (statement.kind === 'whole' && statement.by) {
      const { source, sums, first } = statement.by;
      if (!statements.some((s) => s.kind === 'towns' && s.table === source) || !written.has(source))
        throw new Error(`${file}: ${name} follows ${source}, which is not a @towns table above it`);
      if (sums.length > 0 && ranked.has(source))
        throw new Error(`${file}: ${name} sums ${source}, whose rows a @rank rewrites`);
      if (first && ranked.has(source))
        throw new Error(`${file}: ${name} picks rows of ${source}, whose rows a @rank rewrites`);
      if (ranked.has(source) && !rankedAbove.has(source))
        throw new Error(`${file}: ${name} follows ${source} above the @rank that rewrites its rows`);
      for (const other of rankedReads(statement, statements)) {
        if (other === source) continue;
        if (sums.length > 0 || first)
          throw new Error(`${file}: ${name} reads ${other}, whose ranks a @rank rewrites; only a list can`);
        if (!rankedAbove.has(other))
          throw new Error(`${file}: ${name} reads ${other} above the @rank that rewrites its ranks`);
        const rank = statements.find((s) => s.kind === 'rank' && s.table === other);
        const keys = rank?.kind === 'rank' ? rank.keys : [];
        if (keys.join() !== statement.by.keys.join())
          throw new Error(`${file}: ${name} reads ${other}, ranked by other keys than its own`);
      }
    }
    for (const read of batchReads(statement.sql)) {
      if (statement.kind !== 'towns')
        throw new Error(`${file}: ${name} reads {{batch ${read}}}; only a @towns statement can`);
      if (!statements.some((s) => s.kind === 'towns' && s.table === read) || !written.has(read))
        throw new Error(`${file}: ${name} reads {{batch ${read}}}, which is not a @towns table above it`);
    }
    if (statement.kind === 'rank') {
      if (!written.has(statement.table))
        throw new Error(`${file}: ${name} ranks a table no statement above it writes`);
      rankedAbove.add(statement.table);
    }
    written.add(statement.table);
  }
}

/** A statement's SQL without its comments: what it reads, not what its comments name. */
const codeOf = (sql: string) => sql.replace(/--.*$/gm, '');

/**
 * The tables a @rank rewrites that a @whole statement reads (its source among them, not itself, and not
 * what its comments name): an incremental load recomputes a list's rows for the keys those @ranks
 * rewrote too.
 */
export function rankedReads(
  statement: Extract<RollupStatement, { kind: 'whole' }>,
  statements: readonly RollupStatement[],
): string[] {
  const code = codeOf(statement.sql);
  return statements.flatMap((s) =>
    s.kind === 'rank' && s.table !== statement.table && new RegExp(String.raw`\b${s.table}\b`).test(code)
      ? [s.table]
      : [],
  );
}

/**
 * The second connection of a refresh may start once this table's statement has run on the first: every
 * later table reads the rows of the towns' items and links it and rollup_item_facts hold.
 */
const LANE_AFTER = 'rollup_link_facts';
/**
 * It takes the statements from this table's on (the penalty and duty tables: ~0.6 s of an add at national,
 * against ~1.2 s for the department, support and type tables before them, which the first keeps).
 */
const LANE_FROM = 'rollup_kept';

/**
 * How a refresh splits the statements between the load's two connections: an incremental one, and a full
 * build made in one batch (up to FULL_BUILD_BATCH_TOWNS towns; a larger build's statements each keep both
 * cores busy, and its memory is bounded by one statement at a time). The load builds the search index on
 * the second beside the clustering and the roll-ups (etl/load.ts); at national the index is done in
 * 0.8–1.4 s while the roll-ups run on for 2.0–2.3 s, one statement after another, and for one town
 * loaded afresh in ~0.15 s against ~0.35 s. From LANE_FROM on, a statement that reads nothing the first
 * connection writes after LANE_AFTER runs on the second once the index is done; the first one that does
 * (the stored by-bureau answer reads the departments' ranks), and every statement after it, runs on the
 * first after both. Checked on the statements' text, so that a table added later cannot run before what
 * it reads.
 */
export interface RollupLanes {
  /** Statements the first connection runs, in order: the first `prefix` of them before the second starts. */
  main: number[];
  prefix: number;
  /** Statements the second connection runs, in order, beside the first's after the prefix. */
  lane: number[];
  /** Statements the first connection runs once both are done, in order. */
  tail: number[];
  /** The prefix's temp tables the lane's statements read (copied to the second connection). */
  shared: string[];
}

/** The temp tables every refresh's @towns statements read: the towns and their ranks (rankChangedTowns, selectBatch). */
const TOWN_TEMPS = ['refresh_towns', 'new_town_ranks', 'old_town_ranks'];

/** The roll-up tables a statement reads: those its code names, comments aside, and its `{{batch T}}`. */
function rollupReads(statement: RollupStatement, tables: ReadonlySet<string>): string[] {
  const named = [...codeOf(statement.sql).matchAll(/\b[a-z_][a-z0-9_]*\b/g)].map((match) => match[0]);
  return [...named.filter((name) => tables.has(name)), ...batchReads(statement.sql)];
}

/**
 * The split of a refresh (RollupLanes), or null when nothing can run on the second connection. A full
 * build's statements read the tables themselves where an incremental one reads the rows it kept aside
 * (`{{batch T}}`, a @whole's source), so only the towns' temp tables are handed over then.
 */
export function rollupLanes(
  statements: readonly RollupStatement[],
  mode: 'full' | 'incremental' = 'incremental',
): RollupLanes | null {
  const tables = new Set(statements.map((statement) => statement.table));
  const reads = statements.map((statement) => rollupReads(statement, tables));
  const prefix = statements.findLastIndex((statement) => statement.table === LANE_AFTER) + 1;
  const from = statements.findIndex((statement) => statement.table === LANE_FROM);
  if (prefix === 0 || from < prefix) return null;
  const main: number[] = [];
  const lane: number[] = [];
  const tail: number[] = [];
  // Tables the first connection writes after the prefix, and the @ranks it runs (their reranked keys, which
  // a list reads, are a temp table of that connection).
  const mainWritten = new Set<string>();
  const mainRanked = new Set<string>();
  statements.forEach((statement, index) => {
    const ranked = statement.kind === 'whole' ? rankedReads(statement, statements) : [];
    const laneMay =
      index >= from &&
      tail.length === 0 &&
      !reads[index]?.some((table) => mainWritten.has(table)) &&
      !ranked.some((table) => mainRanked.has(table)) &&
      !mainWritten.has(statement.table);
    if (laneMay) {
      lane.push(index);
      return;
    }
    (index < from ? main : tail).push(index);
    if (index >= prefix) mainWritten.add(statement.table);
    if (statement.kind === 'rank') mainRanked.add(statement.table);
  });
  // The first connection must not read, beside the lane, what the lane is rewriting (a table below it in
  // the files, which a serial refresh would have read before its rewrite).
  const laneTables = new Set(lane.map((index) => statements[index]?.table));
  const besideLane = main.slice(prefix).flatMap((index) => reads[index] ?? []);
  if (lane.length === 0 || besideLane.some((table) => laneTables.has(table))) return null;
  // The prefix's rows kept aside that the lane's statements read: as `{{batch T}}`, and a @whole's source.
  const prefixTables = new Set(statements.slice(0, prefix).map((statement) => statement.table));
  const shared = new Set(TOWN_TEMPS);
  if (mode === 'full') return { main, prefix, lane, tail, shared: [...shared] };
  for (const statement of lane.map((index) => statements[index])) {
    for (const table of batchReads(statement?.sql ?? ''))
      if (prefixTables.has(table)) shared.add(newRows(table));
    if (statement?.kind === 'whole' && statement.by !== null && prefixTables.has(statement.by.source))
      shared.add(oldRows(statement.by.source)).add(newRows(statement.by.source));
  }
  return { main, prefix, lane, tail, shared: [...shared] };
}

/** Every marked statement of the roll-up files, in the order a refresh runs them. */
export async function readRollupStatements(caps: RollupCaps = API_CAPS): Promise<RollupStatement[]> {
  const statements: RollupStatement[] = [];
  for (const file of SQL_FILES) statements.push(...parseRollupSql(await readFile(file, 'utf8'), file, caps));
  checkRollupOrder(statements, SQL_FILES.join(' + '));
  return statements;
}

export interface RollupRefresh {
  mode: 'full' | 'incremental';
  /** Towns whose rows were recomputed. */
  towns: number;
  /** Statements per per-town table: the batches of a full build, 1 for an incremental one. */
  batches: number;
  ms: number;
  /** Wall time per marked statement (`@towns rollup_towns` …), in the order they ran. */
  steps: { step: string; ms: number }[];
}

/**
 * Brings every roll-up up to date with the base tables, given the towns the load changed in the temp
 * table changed_towns (etl/changed-towns.ts). `full` forces a full build.
 */
export async function refreshRollups(
  connection: DuckDBConnection,
  options: { full?: boolean; batchTowns?: number; caps?: Partial<RollupCaps>; lane?: RollupLane } = {},
): Promise<RollupRefresh> {
  const started = performance.now();
  const caps = { ...API_CAPS, ...options.caps };
  const statements = await readRollupStatements(caps);
  const tables = statements.flatMap((s) => (s.kind === 'towns' || s.kind === 'whole' ? [s.table] : []));
  let full = options.full === true || !(await upToDate(connection, tables));
  if (!full) {
    const [counts] = await rows<{ changed: number; towns: number }>(
      connection,
      `SELECT (SELECT count(*) FROM changed_towns)::INTEGER AS changed, (SELECT count(*) FROM towns)::INTEGER AS towns`,
    );
    full = counts === undefined || counts.changed * 4 > counts.towns;
  }
  if (!full) full = !(await rankChangedTowns(connection));
  const batches = full ? await rankAllTowns(connection, options.batchTowns ?? FULL_BUILD_BATCH_TOWNS) : 1;
  // The @towns tables a @whole table follows: their changed towns' old and new rows are kept aside.
  // So are the new rows of those a later @towns statement reads as {{batch T}}.
  const sources = new Set(statements.flatMap((s) => (s.kind === 'whole' && s.by ? [s.by.source] : [])));
  const keptNew = new Set([...sources, ...statements.flatMap((s) => batchReads(s.sql))]);
  const temps = [...TOWN_TEMPS, 'all_town_ranks'];
  const steps: RollupRefresh['steps'] = [];
  // @whole tables created afresh by this refresh: their @rank adds the rank columns.
  const rebuilt = new Set<string>();
  // The batch of a full build whose towns new_town_ranks holds: selected again only when it changes (a
  // build in one batch, any database up to 5,000 towns, selects it once, not twice per @towns table).
  let selected: number | null = null;
  // One statement on a connection (the second one as RollupLanes splits them); returns the temp tables it
  // made there.
  const run = async (on: DuckDBConnection, statement: RollupStatement, label = '') => {
    const stepStarted = performance.now();
    const made: string[] = [];
    if (statement.kind === 'rank') {
      made.push(...(await rank(on, statement, rebuilt.has(statement.table))));
    } else if (statement.kind === 'whole') {
      const { table, sql, by } = statement;
      if (full || by === null) {
        await on.run(`CREATE OR REPLACE TABLE ${table} AS ${sql}`);
        rebuilt.add(table);
      } else if (by.sums.length > 0) {
        made.push(...(await addDifference(on, table, sql, by)));
      } else if (by.first) {
        made.push(...(await pickAgain(on, table, sql, by)));
      } else {
        made.push(...(await recomputeKeys(on, table, sql, by, rankedReads(statement, statements))));
      }
    } else if (full) {
      const sql = withBatchRows(statement.sql, batchRowsOf);
      for (let batch = 0; batch < batches; batch++) {
        if (batch !== selected) await selectBatch(on, batch);
        selected = batch;
        await on.run(
          batch === 0
            ? `CREATE OR REPLACE TABLE ${statement.table} AS ${sql}`
            : `INSERT INTO ${statement.table} ${sql}`,
        );
      }
    } else {
      const { table } = statement;
      const sql = withBatchRows(statement.sql, newRows);
      const changedRanks = 'town_rank IN (SELECT town_rank FROM old_town_ranks)';
      if (sources.has(table)) {
        await on.run(
          `CREATE OR REPLACE TEMP TABLE ${oldRows(table)} AS SELECT * FROM ${table} WHERE ${changedRanks}`,
        );
        made.push(oldRows(table));
      }
      if (keptNew.has(table)) {
        await on.run(`CREATE OR REPLACE TEMP TABLE ${newRows(table)} AS ${sql}`);
        made.push(newRows(table));
      }
      await on.run(`DELETE FROM ${table} WHERE ${changedRanks}`);
      await on.run(`INSERT INTO ${table} ${keptNew.has(table) ? `SELECT * FROM ${newRows(table)}` : sql}`);
    }
    steps.push({
      step: `${label}@${statement.kind} ${statement.table}`,
      ms: performance.now() - stepStarted,
    });
    return made;
  };
  // A full build in several batches stays on one connection: its batch (selected, above) is the first's.
  const lane = full && batches > 1 ? undefined : options.lane;
  const lanes = lane === undefined ? null : rollupLanes(statements, full ? 'full' : 'incremental');
  if (lane === undefined || lanes === null) {
    for (const statement of statements) temps.push(...(await run(connection, statement)));
  } else {
    temps.push(...(await runLanes(connection, lane, statements, lanes, run)));
  }
  // The default by-bureau answer, just rebuilt whole, stored again encoded for sending.
  const encodeStarted = performance.now();
  await storeEncodedAnswer(connection);
  steps.push({ step: 'encode rollup_penalty_answer', ms: performance.now() - encodeStarted });
  const [built] = await rows<{ n: number }>(
    connection,
    `SELECT count(*)::INTEGER AS n FROM ${full ? 'all_town_ranks' : 'new_town_ranks'}`,
  );
  for (const temp of new Set(temps)) await connection.run(`DROP TABLE IF EXISTS ${temp}`);
  // And how far departments are ranked, bureaus listed and kept items numbered (RollupCaps), for the server.
  const recorded: [string, string][] = [
    ['rollups_version', ROLLUPS_VERSION],
    ...(Object.keys(ROLLUP_CAP_KEYS) as (keyof RollupCaps)[]).map((cap): [string, string] => [
      ROLLUP_CAP_KEYS[cap],
      String(caps[cap]),
    ]),
  ];
  // One statement: each upsert costs 2–3 ms however small.
  await connection.run(
    `INSERT INTO meta SELECT unnest($keys::VARCHAR[]), unnest($values::VARCHAR[])
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    { keys: listValue(recorded.map(([key]) => key)), values: listValue(recorded.map(([, value]) => value)) },
  );
  return {
    mode: full ? 'full' : 'incremental',
    towns: built?.n ?? 0,
    batches,
    ms: performance.now() - started,
    steps,
  };
}

/**
 * The load's second connection for a refresh (RollupLanes), and what runs on it first (the search index):
 * the lane's statements start once that has settled (either way: a failed index fails the load by itself).
 */
export interface RollupLane {
  connection: DuckDBConnection;
  after: Promise<unknown>;
}

/**
 * Runs a refresh's statements on both connections as `lanes` splits them; `run` runs one and
 * returns the temp tables it made. Returns the first connection's temp tables (the lane drops its own).
 * Whatever fails, both connections are idle when it returns or throws.
 */
async function runLanes(
  connection: DuckDBConnection,
  lane: RollupLane,
  statements: readonly RollupStatement[],
  lanes: RollupLanes,
  run: (on: DuckDBConnection, statement: RollupStatement, label?: string) => Promise<string[]>,
): Promise<string[]> {
  const at = (index: number) => statements[index] as RollupStatement;
  const temps: string[] = [];
  for (const index of lanes.main.slice(0, lanes.prefix)) temps.push(...(await run(connection, at(index))));
  // Temp tables belong to their connection: the lane reads copies, handed over as tables of the database.
  const handed = lanes.shared.map((table) => [table, `lane_${table}`] as const);
  await connection.run(
    handed.map(([table, copy]) => `CREATE OR REPLACE TABLE ${copy} AS SELECT * FROM ${table};`).join('\n'),
  );
  const onLane = (async () => {
    await lane.after.catch(() => {});
    await lane.connection.run(
      handed
        .map(
          ([table, copy]) =>
            `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM ${copy}; DROP TABLE ${copy};`,
        )
        .join('\n'),
    );
    const made = handed.map(([table]) => table);
    for (const index of lanes.lane) made.push(...(await run(lane.connection, at(index), 'lane ')));
    for (const temp of new Set(made)) await lane.connection.run(`DROP TABLE IF EXISTS ${temp}`);
  })();
  let failed: { error: unknown } | null = null;
  try {
    for (const index of lanes.main.slice(lanes.prefix)) temps.push(...(await run(connection, at(index))));
  } catch (error) {
    failed = { error };
  }
  // The lane is waited for even when the first connection failed: the load closes both after this.
  const laneFailed = await onLane.then(
    () => null,
    (error: unknown) => ({ error }),
  );
  failed ??= laneFailed;
  if (failed !== null) throw failed.error;
  for (const index of lanes.tail) temps.push(...(await run(connection, at(index))));
  return temps;
}

const oldRows = (table: string) => `old_rows_${table}`;
const newRows = (table: string) => `new_rows_${table}`;
/** `a.k = b.k AND …` over the key columns, NULL equal to NULL. */
const sameKeys = (keys: readonly string[], a: string, b: string) =>
  keys.map((key) => `${a}.${key} IS NOT DISTINCT FROM ${b}.${key}`).join(' AND ');

/** Whether the row `alias` has the keys of a row of keysTable. */
const keyIn = (keys: readonly string[], alias: string, keysTable: string) =>
  `EXISTS (SELECT 1 FROM ${keysTable} k WHERE ${sameKeys(keys, alias, 'k')})`;

/**
 * The columns of a temp table, in order. By the table's own entry: duckdb_columns() lists every table's
 * columns first (2–5 ms in a load, against ~1 ms).
 */
async function columnsOf(connection: DuckDBConnection, table: string): Promise<string[]> {
  const found = await rows<{ name: string }>(
    connection,
    `SELECT name FROM pragma_table_info('temp.main.${table}') ORDER BY cid`,
  );
  return found.map((row) => row.name);
}

/**
 * Updates a @whole table by the changed towns' difference: its statement run over their new rows of the
 * source and over their old ones gives, per key, the sums to add and to take away; other columns (a
 * department's type) are taken from the new rows. A key new to the table is inserted, and a key whose
 * sums all come to 0 has no rows left in the source and is deleted. Returns the temp tables it made.
 */
async function addDifference(
  connection: DuckDBConnection,
  table: string,
  sql: string,
  by: WholeByDifference,
): Promise<string[]> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE whole_new AS SELECT *, true AS present FROM (${over(sql, by.source, newRows(by.source))})`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE whole_old AS ${over(sql, by.source, oldRows(by.source))}`,
  );
  const others = (await columnsOf(connection, 'whole_new')).filter(
    (column) => column !== 'present' && !by.keys.includes(column) && !by.sums.includes(column),
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE whole_delta AS
     SELECT ${by.keys.map((key) => `coalesce(n.${key}, o.${key}) AS ${key}`).join(', ')},
            ${by.sums.map((sum) => `coalesce(n.${sum}, 0) - coalesce(o.${sum}, 0) AS ${sum}`).join(', ')},
            ${others.map((column) => `n.${column}, `).join('')}coalesce(n.present, false) AS present
     FROM whole_new n FULL JOIN whole_old o ON ${sameKeys(by.keys, 'n', 'o')}`,
  );
  await connection.run(
    `UPDATE ${table} SET ${[
      ...by.sums.map((sum) => `${sum} = ${table}.${sum} + d.${sum}`),
      ...others.map(
        (column) => `${column} = CASE WHEN d.present THEN d.${column} ELSE ${table}.${column} END`,
      ),
    ].join(', ')}
     FROM whole_delta d WHERE ${sameKeys(by.keys, table, 'd')}`,
  );
  await connection.run(
    `INSERT INTO ${table} BY NAME
     SELECT * EXCLUDE (present) FROM whole_delta d
     WHERE present AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${sameKeys(by.keys, 't', 'd')})`,
  );
  await connection.run(
    `DELETE FROM ${table} WHERE ${by.sums.map((sum) => `${sum} = 0`).join(' AND ')}
       AND EXISTS (SELECT 1 FROM whole_delta d WHERE ${sameKeys(by.keys, table, 'd')})`,
  );
  return ['whole_new', 'whole_old', 'whole_delta'];
}

/**
 * The keys of a @whole table that the changed towns' old and new rows of its source hold, and those of the
 * tables `also` (keys their @ranks rewrote), into the temp table whole_touched.
 */
async function touchKeys(connection: DuckDBConnection, by: WholeByDifference, also: readonly string[] = []) {
  const keys = by.keys.join(', ');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE whole_touched AS
     SELECT ${keys} FROM ${oldRows(by.source)} UNION SELECT ${keys} FROM ${newRows(by.source)}
     ${also.map((table) => `UNION SELECT ${keys} FROM ${table}`).join(' ')}`,
  );
}

/**
 * Recomputes the rows of a @whole table for the keys whose rows of its source changed: the changed
 * towns' old and new rows, and the keys the @ranks of the ranked tables it reads (`ranked`, its source or
 * others: etl/rollup-penalty-lists.sql reads its bureaus' ranks) rewrote. Returns the temp tables it made.
 */
async function recomputeKeys(
  connection: DuckDBConnection,
  table: string,
  sql: string,
  by: WholeByDifference,
  ranked: readonly string[],
): Promise<string[]> {
  const present = await rows<{ table_name: string }>(
    connection,
    `SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'
       AND table_name IN (${ranked.map((t) => `'reranked_${t}'`).join(', ') || 'NULL'})`,
  );
  await touchKeys(
    connection,
    by,
    present.map((row) => row.table_name),
  );
  const touched = (alias: string) => keyIn(by.keys, alias, 'whole_touched');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE whole_source AS SELECT * FROM ${by.source} s WHERE ${touched('s')}`,
  );
  await connection.run(`DELETE FROM ${table} WHERE ${touched(table)}`);
  await connection.run(`INSERT INTO ${table} BY NAME ${over(sql, by.source, 'whole_source')}`);
  return ['whole_touched', 'whole_source'];
}

/**
 * Re-picks the rows of a `first` @whole table for the keys the changed towns touched. A key none of whose
 * picked rows went away picks from its picked rows and the changed towns' new ones (a one-town add reads
 * a few rows per key, not every town holding it); a key that lost a picked row picks from all of the
 * source's rows of that key. Returns the temp tables it made.
 */
async function pickAgain(
  connection: DuckDBConnection,
  table: string,
  sql: string,
  by: WholeByDifference,
): Promise<string[]> {
  const keys = by.keys.join(', ');
  const within = (alias: string, keysTable: string) => keyIn(by.keys, alias, keysTable);
  await touchKeys(connection, by);
  // Picked rows are rows of the source, so an old row that was picked is found among them whole.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE whole_lost AS
     SELECT DISTINCT ${keys} FROM (SELECT * FROM ${table} INTERSECT SELECT * FROM ${oldRows(by.source)})`,
  );
  const [lost] = await rows<{ n: number }>(connection, 'SELECT count(*)::INTEGER AS n FROM whole_lost');
  const kept = (alias: string) => `${within(alias, 'whole_touched')} AND NOT ${within(alias, 'whole_lost')}`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE whole_source AS
     SELECT * FROM ${table} t WHERE ${kept('t')}
     UNION ALL SELECT * FROM ${newRows(by.source)} n WHERE NOT ${within('n', 'whole_lost')}
     ${lost?.n ? `UNION ALL SELECT * FROM ${by.source} s WHERE ${within('s', 'whole_lost')}` : ''}`,
  );
  await connection.run(`DELETE FROM ${table} WHERE ${within(table, 'whole_touched')}`);
  await connection.run(`INSERT INTO ${table} BY NAME ${over(sql, by.source, 'whole_source')}`);
  return ['whole_touched', 'whole_lost', 'whole_source'];
}

/** The statement with its source table replaced by another. */
const over = (sql: string, source: string, rows: string) =>
  sql.replace(new RegExp(String.raw`\b${source}\b`, 'g'), rows);

/**
 * Runs a @rank: on a @whole table just built, adds the rank columns and stores the table in rank order;
 * otherwise rewrites only the rows whose ranks changed. Either way the keys written, with their ranks,
 * are left in the temp table reranked_TABLE. Returns the temp tables it made.
 */
async function rank(
  connection: DuckDBConnection,
  statement: Extract<RollupStatement, { kind: 'rank' }>,
  full: boolean,
): Promise<string[]> {
  const { table, keys } = statement;
  const reranked = `reranked_${table}`;
  if (full) {
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${reranked} AS ${statement.sql}`);
    const ranks = (await columnsOf(connection, reranked)).filter((column) => !keys.includes(column));
    await connection.run(
      `CREATE OR REPLACE TABLE ${table} AS
       SELECT t.*, ${ranks.map((column) => `r.${column}`).join(', ')}
       FROM ${table} t JOIN ${reranked} r ON ${sameKeys(keys, 't', 'r')}
       ORDER BY ${[...ranks.map((column) => `r.${column}`), ...keys.map((key) => `t.${key}`)].join(', ')}`,
    );
    return [reranked];
  }
  // Only the keys whose ranks changed, in one statement (not every key, then those unchanged deleted:
  // 25–60 ms more per @rank at national).
  const prepared = await connection.prepare(statement.sql);
  const ranks = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i)).filter(
    (column) => !keys.includes(column),
  );
  prepared.destroySync();
  const changed = ranks.map((column) => `t.${column} IS DISTINCT FROM r.${column}`).join(' OR ');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${reranked} AS
     SELECT r.* FROM (${statement.sql}) r JOIN ${table} t ON ${sameKeys(keys, 't', 'r')}
     WHERE ${changed}`,
  );
  await connection.run(
    `UPDATE ${table} SET ${ranks.map((column) => `${column} = r.${column}`).join(', ')}
     FROM ${reranked} r WHERE ${sameKeys(keys, table, 'r')}`,
  );
  return [reranked];
}

async function rows<T>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as unknown as T[];
}

/** Whether the file holds every roll-up table, built by this version. */
async function upToDate(connection: DuckDBConnection, tables: readonly string[]): Promise<boolean> {
  const [state] = await rows<{ present: number; version: string | null }>(
    connection,
    `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name IN (${tables.map((t) => `'${t}'`).join(', ')}))::INTEGER AS present,
            (SELECT value FROM meta WHERE key = 'rollups_version') AS version`,
  );
  return state?.present === tables.length && state.version === ROLLUPS_VERSION;
}

// Region order: every province, city and county a contiguous run (as the server's rank ranges assume).
const REGION_ORDER = 'province NULLS FIRST, city NULLS FIRST, county NULLS FIRST, name, town_id';

/** Ranks every town for a full build, in batches of batchTowns in rank order; returns the batches. */
async function rankAllTowns(connection: DuckDBConnection, batchTowns: number): Promise<number> {
  await connection.run(
    'CREATE OR REPLACE TEMP TABLE old_town_ranks AS SELECT town_rank FROM (SELECT 0 AS town_rank) WHERE false',
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE all_town_ranks AS
     SELECT town_id, town_rank, (town_rank // ${RANK_STEP} - 1) // ${batchTowns} AS batch
     FROM (SELECT town_id, (row_number() OVER (ORDER BY ${REGION_ORDER}) * ${RANK_STEP})::INTEGER AS town_rank
           FROM towns)`,
  );
  const [count] = await rows<{ batches: number }>(
    connection,
    'SELECT (coalesce(max(batch), -1) + 1)::INTEGER AS batches FROM all_town_ranks',
  );
  // An empty database still builds every table (empty), from one batch of no towns.
  return Math.max(1, count?.batches ?? 0);
}

/** Points refresh_towns and new_town_ranks, which the @towns statements read, at one batch. */
async function selectBatch(connection: DuckDBConnection, batch: number): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE new_town_ranks AS
     SELECT town_id, town_rank FROM all_town_ranks WHERE batch = ${batch} ORDER BY town_rank`,
  );
  await connection.run('CREATE OR REPLACE TEMP TABLE refresh_towns AS SELECT town_id FROM new_town_ranks');
}

/**
 * Takes the changed towns out of rollup_towns (remembering their ranks) and gives each changed town
 * still in the database a free rank between its unchanged neighbours in region order, spread evenly
 * when several share a gap. False (nothing changed yet) when a gap is too narrow: then a full build.
 */
async function rankChangedTowns(connection: DuckDBConnection): Promise<boolean> {
  await connection.run(
    'CREATE OR REPLACE TEMP TABLE refresh_towns AS SELECT DISTINCT town_id FROM changed_towns',
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE new_town_ranks AS
     WITH ordered AS (
       SELECT t.town_id, t.town_id IN (SELECT town_id FROM refresh_towns) AS changed,
              CASE WHEN t.town_id IN (SELECT town_id FROM refresh_towns) THEN NULL ELSE r.town_rank END AS rank,
              row_number() OVER (ORDER BY ${REGION_ORDER}) AS pos
       FROM towns t LEFT JOIN rollup_towns r USING (town_id)
     ),
     gaps AS (
       SELECT town_id, changed, rank, pos,
              coalesce(last_value(rank IGNORE NULLS) OVER (ORDER BY pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS lo,
              first_value(rank IGNORE NULLS) OVER (ORDER BY pos ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS hi
       FROM ordered
     ),
     placed AS (
       SELECT town_id, changed, rank, lo, hi,
              row_number() OVER (PARTITION BY changed, lo ORDER BY pos) AS k,
              count(*) OVER (PARTITION BY changed, lo) AS n
       FROM gaps
     )
     SELECT town_id, changed, rank IS NULL AND NOT changed AS missing, lo, hi, n,
            CASE WHEN hi IS NULL THEN lo + k * ${RANK_STEP} ELSE lo + (hi - lo)::BIGINT * k // (n + 1) END::BIGINT AS town_rank
     FROM placed WHERE changed OR rank IS NULL`,
  );
  const [check] = await rows<{ missing: number; narrow: number; overflow: number }>(
    connection,
    `SELECT count(*) FILTER (WHERE missing)::INTEGER AS missing,
            count(*) FILTER (WHERE changed AND hi IS NOT NULL AND hi - lo < n + 1)::INTEGER AS narrow,
            count(*) FILTER (WHERE town_rank > 2000000000)::INTEGER AS overflow
     FROM new_town_ranks`,
  );
  // An unchanged town without a rank means the roll-ups do not match the towns: rebuild them.
  if (!check || check.missing + check.narrow + check.overflow > 0) return false;
  await connection.run(
    'CREATE OR REPLACE TEMP TABLE new_town_ranks AS SELECT town_id, town_rank::INTEGER AS town_rank FROM new_town_ranks',
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE old_town_ranks AS
     SELECT town_rank FROM rollup_towns WHERE town_id IN (SELECT town_id FROM refresh_towns)`,
  );
  return true;
}
