// Keeps the roll-ups (etl/rollups.sql, etl/rollup-penalty-lists.sql) equal to the base tables after a
// load, at a cost that follows the load rather than the database: only the rows of the towns this load
// changed (the temp table changed_towns, etl/changed-towns.ts) are deleted and recomputed; the
// whole-database tables are recomputed from the per-town ones, which are small. A full build (every
// town) runs instead when the database has no roll-ups of this version yet, when the load changed more
// than a quarter of its towns (one pass over everything is then cheaper and leaves the tables in
// perfect storage order), when asked to, or when a new town finds no free rank between its neighbours.
// A full build goes through the towns in batches of FULL_BUILD_BATCH_TOWNS, in rank order, so that its
// memory follows a batch and not the database: built in one statement, the national roll-ups ran out of
// the load's 1 GB (their ordered list aggregates hold their whole input). Tables in town order stay in
// perfect order; rollup_link_facts is in department order within each batch.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ETL_DIR } from './etl-dir.ts';

const SQL_FILES = [join(ETL_DIR, 'rollups.sql'), join(ETL_DIR, 'rollup-penalty-lists.sql')];

/** Bumped whenever the roll-ups' shape or rank scheme changes: older files get a full build. */
export const ROLLUPS_VERSION = '2';
/** A full build numbers the towns RANK_STEP apart, leaving room for towns added later. */
export const RANK_STEP = 1024;
/** Towns per statement of a full build (about 900,000 items, within the 1 GB memory limit). */
export const FULL_BUILD_BATCH_TOWNS = 5_000;

export type RollupStatement =
  | { kind: 'towns'; table: string; sql: string }
  | { kind: 'whole'; table: string; sql: string }
  | { kind: 'fix'; sql: string };

/** The marked statements of a roll-up SQL file, in order (the markers are explained in rollups.sql). */
export function parseRollupSql(text: string, file: string): RollupStatement[] {
  const statements: RollupStatement[] = [];
  const parts = text.split(/^-- @/m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const [kind, table] = part.slice(0, newline).trim().split(/\s+/);
    const sql = part
      .slice(newline + 1)
      .trim()
      .replace(/;$/, '');
    if (sql.includes(';\n'))
      throw new Error(`${file}: @${kind} ${table ?? ''} holds more than one statement`);
    if ((kind === 'towns' || kind === 'whole') && table !== undefined) statements.push({ kind, table, sql });
    else if (kind === 'fix' && table === undefined) statements.push({ kind, sql });
    else
      throw new Error(
        `${file}: unknown marker "@${part.slice(0, newline)}"; expected @towns T, @whole T or @fix`,
      );
  }
  return statements;
}

async function readStatements(): Promise<RollupStatement[]> {
  const statements: RollupStatement[] = [];
  for (const file of SQL_FILES) statements.push(...parseRollupSql(await readFile(file, 'utf8'), file));
  return statements;
}

export interface RollupRefresh {
  mode: 'full' | 'incremental';
  /** Towns whose rows were recomputed. */
  towns: number;
  /** Statements per per-town table: the batches of a full build, 1 for an incremental one. */
  batches: number;
  ms: number;
}

/**
 * Brings every roll-up up to date with the base tables, given the towns the load changed in the temp
 * table changed_towns (etl/changed-towns.ts). `full` forces a full build.
 */
export async function refreshRollups(
  connection: DuckDBConnection,
  options: { full?: boolean; batchTowns?: number } = {},
): Promise<RollupRefresh> {
  const started = performance.now();
  const statements = await readStatements();
  const tables = statements.flatMap((s) => (s.kind === 'fix' ? [] : [s.table]));
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
  for (const statement of statements) {
    if (statement.kind === 'fix') {
      await connection.run(statement.sql);
    } else if (statement.kind === 'whole') {
      await connection.run(`CREATE OR REPLACE TABLE ${statement.table} AS ${statement.sql}`);
    } else if (full) {
      for (let batch = 0; batch < batches; batch++) {
        await selectBatch(connection, batch);
        await connection.run(
          batch === 0
            ? `CREATE OR REPLACE TABLE ${statement.table} AS ${statement.sql}`
            : `INSERT INTO ${statement.table} ${statement.sql}`,
        );
      }
    } else {
      await connection.run(
        `DELETE FROM ${statement.table} WHERE town_rank IN (SELECT town_rank FROM old_town_ranks)`,
      );
      await connection.run(`INSERT INTO ${statement.table} ${statement.sql}`);
    }
  }
  const [built] = await rows<{ n: number }>(
    connection,
    `SELECT count(*)::INTEGER AS n FROM ${full ? 'all_town_ranks' : 'new_town_ranks'}`,
  );
  for (const temp of ['refresh_towns', 'old_town_ranks', 'new_town_ranks', 'all_town_ranks'])
    await connection.run(`DROP TABLE IF EXISTS ${temp}`);
  await connection.run(
    `INSERT INTO meta VALUES ('rollups_version', $version) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    { version: ROLLUPS_VERSION },
  );
  return {
    mode: full ? 'full' : 'incremental',
    towns: built?.n ?? 0,
    batches,
    ms: performance.now() - started,
  };
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
