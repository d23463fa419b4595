// Bulk-loads the rows of every town. The threads that parse the files append each table's rows as
// newline-delimited JSON to a file of their own in the rows folder (etl/prepare-file.ts), closed in
// chunks (etl/rows-files.ts); while the parse goes on, stage reads the closed chunks into staging
// tables (DuckDB working beside the parse threads instead of after them), and commit fills each
// table from its staged rows and the rest of its files in one statement. Crossing from JS to DuckDB once per table
// instead of once per value, and never passing the rows between threads, is what makes the ETL
// fast; the files live next to the temporary database and never appear in a message (a failure
// names the table, not the file).

import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LIST, VARCHAR, listValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { BULK_TABLES, rowsGlobOf, SEPARATE_LANE, tableOfRowsFile, type BulkTable } from './bulk-tables.ts';
import type { PreparedFile } from './prepare-file.ts';
import type { Column } from './table-columns.ts';

/**
 * read_json's maximum_object_size. DuckDB sizes its read buffers at twice this, inside the load's 1 GB
 * memory limit: at 128 MiB each buffer took 256 MiB and the national load ran out of memory. A longer
 * row still loads (newline-delimited rows may outgrow it; tests/etl/load.test.ts loads a 4 MB one), so
 * the limit only sizes the buffers.
 */
const MAX_JSON_OBJECT_BYTES = 1_048_576;

/**
 * Rows staged during the parse, at most (bytes of NDJSON; a chunk more at most): DuckDB holds them
 * (spilling past its memory limit) until commit, beside what the commit's sort holds, so a large
 * load stages its first rows and reads the rest at commit as before, with its peak bounded.
 */
export const STAGE_MAX_BYTES = 256 * 1_048_576;

/**
 * Where staged rows wait: an in-memory database attached to the load's instance, which every
 * connection sees (the items are written on a lane of their own), or, for a load without a lane
 * (a small load is one transaction, which may write one database only), the connection's
 * temporary tables. Neither is in the database file: a failed load leaves none behind.
 */
const STAGE_DATABASE = 'duty_stage';

export class TableWriter {
  private readonly departments = new Map<string, string>();
  /** The rows folder: prepareFile's rowsDir. */
  readonly dir: string;
  private readonly stageCatalog: string;
  private readonly staged = new Set<BulkTable>();
  /** Bytes of rows files read into staging tables during the parse. */
  stagedBytes = 0;
  private staging: Promise<void> = Promise.resolve();
  private stagingBusy = false;
  private stageError: unknown = null;
  /**
   * `lane`, a second connection to the same database, writes the items table while `connection`
   * writes the others (etl/bulk-tables.ts: SEPARATE_LANE); null writes every table on `connection`.
   */
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly columns: ReadonlyMap<string, Column[]>,
    tmpPath: string,
    private readonly lane: DuckDBConnection | null = null,
  ) {
    this.dir = `${tmpPath}.rows`;
    this.stageCatalog = lane === null ? 'temp' : STAGE_DATABASE;
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir);
  }

  /**
   * Starts reading the rows files closed so far into staging tables, and returns at once; nothing
   * when a read is under way, the staging budget is spent or a read failed (commit reports it).
   */
  stage(): void {
    if (this.stagingBusy || this.stageError !== null || this.stagedBytes >= STAGE_MAX_BYTES) return;
    const ready = this.closedFiles();
    if (ready.size === 0) return;
    this.stagingBusy = true;
    this.staging = this.stageFiles(ready)
      .catch((error: unknown) => {
        this.stageError = error;
      })
      .finally(() => {
        this.stagingBusy = false;
      });
  }

  /** Waits for a staging read under way (never throws: commit reports its failure). */
  async settle(): Promise<void> {
    await this.staging;
  }

  /** Drops the staging tables (after commit and the editions' items have read them). */
  async dropStaged(): Promise<void> {
    await this.settle();
    for (const table of this.staged) await this.connection.run(`DROP TABLE ${this.stagedTable(table)}`);
    this.staged.clear();
  }

  private stagedTable(table: BulkTable): string {
    return `${this.stageCatalog}.main.stage_${table}`;
  }

  /** The closed rows files not yet staged, by table, with their bytes. */
  private closedFiles(): Map<BulkTable, { files: string[]; bytes: number }> {
    const ready = new Map<BulkTable, { files: string[]; bytes: number }>();
    for (const name of readdirSync(this.dir)) {
      const table = tableOfRowsFile(name);
      if (table === null) continue;
      const path = join(this.dir, name);
      const entry = ready.get(table) ?? { files: [], bytes: 0 };
      entry.files.push(path);
      entry.bytes += statSync(path).size;
      ready.set(table, entry);
    }
    return ready;
  }

  private async stageFiles(ready: Map<BulkTable, { files: string[]; bytes: number }>): Promise<void> {
    if (this.stageCatalog === STAGE_DATABASE && this.staged.size === 0)
      await this.connection.run(`ATTACH IF NOT EXISTS ':memory:' AS ${STAGE_DATABASE}`);
    for (const [table, { files, bytes }] of ready) {
      const names = this.names(table);
      try {
        if (!this.staged.has(table)) {
          // A temporary table is created by a name without its catalog (which it then shadows).
          const created =
            this.stageCatalog === 'temp' ? `TEMP TABLE stage_${table}` : `TABLE ${this.stagedTable(table)}`;
          await this.connection.run(`CREATE ${created} AS SELECT ${names} FROM ${table} LIMIT 0`);
          this.staged.add(table);
        }
        await this.connection.run(
          `INSERT INTO ${this.stagedTable(table)} SELECT ${names} FROM ${this.readJson(table, files)}`,
        );
      } catch (error) {
        throw this.refused(table, error);
      }
      for (const file of files) rmSync(file);
      this.stagedBytes += bytes;
    }
  }

  /** Takes a town for the database (its rows are in the rows folder already). */
  add(prepared: Extract<PreparedFile, { ok: true }>): void {
    for (const [name, type] of prepared.departments) this.departments.set(name, type);
  }

  /**
   * The rows of a table in the rows folder as a SQL source (read_json over every thread's file),
   * or null when there are none.
   */
  source(table: BulkTable): string | null {
    const names = this.names(table);
    const parts: string[] = [];
    if (this.staged.has(table)) parts.push(`SELECT ${names} FROM ${this.stagedTable(table)}`);
    if (readdirSync(this.dir).some((name) => tableOfRowsFile(name) === table))
      parts.push(`SELECT ${names} FROM ${this.readJson(table, [rowsGlobOf(this.dir, table)])}`);
    return parts.length === 0 ? null : `(${parts.join(' UNION ALL ')})`;
  }

  private names(table: BulkTable): string {
    return (this.columns.get(table) ?? []).map((c) => `"${c.name}"`).join(', ');
  }

  /** read_json over rows files (paths or globs) with the table's columns and types. */
  private readJson(table: BulkTable, paths: readonly string[]): string {
    const columns = this.columns.get(table) ?? [];
    const types = columns.map((c) => `'${c.name}': '${c.type}'`).join(', ');
    const list = paths.map((path) => `'${path.replaceAll("'", "''")}'`).join(', ');
    return `read_json([${list}], format = 'newline_delimited',
      maximum_object_size = ${MAX_JSON_OBJECT_BYTES}, columns = {${types}})`;
  }

  /** A failure to take a table's rows, naming the table and never the temporary file. */
  private refused(table: BulkTable, error: unknown): Error {
    const reason = (error as Error).message.replaceAll(this.dir, '<rows>');
    return new Error(`the database refused the rows of table ${table}: ${reason.slice(0, 300)}`);
  }

  /**
   * Bulk-loads every table's files but the rows of `skipTowns` (files that are not their towns'
   * latest edition). A failure names the table and never the temporary file.
   */
  async commit(skipTowns: readonly string[] = []): Promise<void> {
    await this.settle();
    if (this.stageError !== null) throw this.stageError;
    // Each INSERT … ORDER BY runs mostly on one thread (a 1,000-town load's write: 3.6 s wall, 3.7 s
    // CPU), so the items table, about half of the rows, is written on a lane of its own beside the
    // rest. A failure on one lane waits for the other before it is reported.
    const lanes =
      this.lane === null
        ? [{ connection: this.connection, tables: BULK_TABLES }]
        : [
            { connection: this.lane, tables: BULK_TABLES.filter((t) => t === SEPARATE_LANE) },
            { connection: this.connection, tables: BULK_TABLES.filter((t) => t !== SEPARATE_LANE) },
          ];
    const results = await Promise.allSettled(
      lanes.map(({ connection, tables }) => this.insertTables(connection, tables, skipTowns)),
    );
    for (const result of results) if (result.status === 'rejected') throw result.reason;
    await this.upsertDepartments();
  }

  private async insertTables(
    connection: DuckDBConnection,
    tables: readonly BulkTable[],
    skipTowns: readonly string[],
  ): Promise<void> {
    // A temporary table belongs to the connection that made it: each lane makes its own.
    if (skipTowns.length > 0) {
      await connection.run('CREATE OR REPLACE TEMP TABLE skipped_towns (town_id VARCHAR)');
      await appendRows(
        connection,
        'skipped_towns',
        skipTowns.map((town_id) => ({ town_id })),
        ['town_id'],
      );
    }
    const where = skipTowns.length > 0 ? 'WHERE town_id NOT IN (SELECT town_id FROM skipped_towns)' : '';
    for (const table of tables) {
      const source = this.source(table);
      if (source === null) continue;
      const columns = this.columns.get(table) ?? [];
      const names = this.names(table);
      // An item's rows are stored in item id order (ids begin with their town's): a request for a page
      // of items then reads the few row groups whose id range holds them (DuckDB keeps min/max per row
      // group), not the whole table — at 7 million items, ~6 ms instead of ~70 ms per table read.
      const order = columns.some((c) => c.name === 'item_id') ? 'ORDER BY item_id' : '';
      try {
        await connection.run(
          `INSERT INTO ${table} (${names}) SELECT ${names} FROM ${source} ${where} ${order}`,
        );
      } catch (error) {
        throw this.refused(table, error);
      }
    }
    if (skipTowns.length > 0) await connection.run('DROP TABLE skipped_towns');
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async upsertDepartments(): Promise<void> {
    if (this.departments.size === 0) return;
    await this.connection.run('CREATE TEMP TABLE new_departments AS SELECT * FROM departments LIMIT 0');
    const rows = [...this.departments].map(([name, type]) => ({ name, type }));
    await appendRows(this.connection, 'new_departments', rows, ['name', 'type']);
    await this.connection.run('INSERT OR REPLACE INTO departments SELECT * FROM new_departments');
    await this.connection.run('DROP TABLE new_departments');
  }
}

/** Appends one row's values (the row is ended by the caller). */
export function appendValues(
  appender: DuckDBAppender,
  row: Record<string, unknown>,
  columns: readonly string[],
  table: string,
): void {
  for (const column of columns) {
    const value = row[column];
    if (value === null || value === undefined) appender.appendNull();
    else if (typeof value === 'string') appender.appendVarchar(value);
    else if (typeof value === 'number') appender.appendInteger(value);
    else if (typeof value === 'boolean') appender.appendBoolean(value);
    else if (Array.isArray(value)) appender.appendList(listValue(value as string[]), LIST(VARCHAR));
    else throw new Error(`cannot append ${typeof value} to ${table}.${column}`);
  }
}

/** Appends rows through DuckDB's appender; columns are given in the table's column order. */
export async function appendRows<Row extends object>(
  connection: DuckDBConnection,
  table: string,
  rows: readonly Row[],
  columns: readonly (keyof Row & string)[],
): Promise<void> {
  if (rows.length === 0) return;
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    appendValues(appender, row as Record<string, unknown>, columns, table);
    appender.endRow();
  }
  appender.closeSync();
}
