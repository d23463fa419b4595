// Bulk-loads the rows of every town. The threads that parse the files append each table's rows as
// newline-delimited JSON to a file of their own in the rows folder (etl/prepare-file.ts); commit
// lets DuckDB read each table's files in one statement. Crossing from JS to DuckDB once per table
// instead of once per value, and never passing the rows between threads, is what makes the ETL
// fast; the files live next to the temporary database and never appear in a message (a failure
// names the table, not the file).

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { LIST, VARCHAR, listValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { BULK_TABLES, rowsGlobOf, SEPARATE_LANE, type BulkTable } from './bulk-tables.ts';
import type { PreparedFile } from './prepare-file.ts';
import type { Column } from './table-columns.ts';

/**
 * read_json's maximum_object_size. DuckDB sizes its read buffers at twice this, inside the load's 1 GB
 * memory limit: at 128 MiB each buffer took 256 MiB and the national load ran out of memory. A longer
 * row still loads (newline-delimited rows may outgrow it; tests/etl/load.test.ts loads a 4 MB one), so
 * the limit only sizes the buffers.
 */
const MAX_JSON_OBJECT_BYTES = 1_048_576;

/** Makes the rows folder of the new database at tmpPath, empty, and returns its path. */
export function makeRowsDir(tmpPath: string): string {
  const dir = `${tmpPath}.rows`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  return dir;
}

export class TableWriter {
  private readonly departments = new Map<string, string>();
  /**
   * `lane`, a second connection to the same database, writes the items table while `connection`
   * writes the others (etl/bulk-tables.ts: SEPARATE_LANE); null writes every table on `connection`.
   */
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly columns: ReadonlyMap<string, Column[]>,
    /** The rows folder (prepareFile's rowsDir), made by makeRowsDir: files may be parsed into it first. */
    readonly dir: string,
    private readonly lane: DuckDBConnection | null = null,
  ) {}

  /** Takes a town for the database (its rows are in the rows folder already). */
  add(prepared: Extract<PreparedFile, { ok: true }>): void {
    for (const [name, type] of prepared.departments) this.departments.set(name, type);
  }

  /**
   * The rows of a table in the rows folder as a SQL source (read_json over every thread's file),
   * or null when there are none.
   */
  source(table: BulkTable): string | null {
    const suffix = '.ndjson';
    if (!readdirSync(this.dir).some((name) => name.startsWith(`${table}.`) && name.endsWith(suffix)))
      return null;
    const columns = this.columns.get(table) ?? [];
    const types = columns.map((c) => `'${c.name}': '${c.type}'`).join(', ');
    return `read_json('${rowsGlobOf(this.dir, table).replaceAll("'", "''")}', format = 'newline_delimited',
      maximum_object_size = ${MAX_JSON_OBJECT_BYTES}, columns = {${types}})`;
  }

  /**
   * Bulk-loads every table's files but the rows of `skipTowns` (files that are not their towns'
   * latest edition). A failure names the table and never the temporary file.
   */
  async commit(skipTowns: readonly string[] = []): Promise<void> {
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
      const names = columns.map((c) => `"${c.name}"`).join(', ');
      // An item's rows are stored in item id order (ids begin with their town's): a request for a page
      // of items then reads the few row groups whose id range holds them (DuckDB keeps min/max per row
      // group), not the whole table — at 7 million items, ~6 ms instead of ~70 ms per table read.
      const order = columns.some((c) => c.name === 'item_id') ? 'ORDER BY item_id' : '';
      try {
        await connection.run(
          `INSERT INTO ${table} (${names}) SELECT ${names} FROM ${source} ${where} ${order}`,
        );
      } catch (error) {
        const reason = (error as Error).message.replaceAll(this.dir, '<rows>');
        throw new Error(`the database refused the rows of table ${table}: ${reason.slice(0, 300)}`);
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
