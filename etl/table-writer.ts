// Streams the rows of every town into one newline-delimited JSON file per table, then lets
// DuckDB bulk-load each file. Crossing from JS to DuckDB once per table instead of once per
// value is what makes the ETL fast; the files live next to the temporary database and never
// appear in a message (a failure names the table, not the file).

import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LIST, VARCHAR, listValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { BULK_TABLES, type BulkTable } from './bulk-tables.ts';
import type { PreparedFile } from './prepare-file.ts';
import type { Column } from './table-columns.ts';

/** Largest JSON row read_json accepts; a row is far smaller (cells are capped in parse-list.ts). */
const MAX_JSON_OBJECT_BYTES = 128 * 1_048_576;

export class TableWriter {
  private readonly buffers = new Map<BulkTable, string[]>();
  private readonly sizes = new Map<BulkTable, number>();
  private readonly departments = new Map<string, string>();
  private readonly dir: string;
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly columns: ReadonlyMap<string, Column[]>,
    tmpPath: string,
  ) {
    this.dir = `${tmpPath}.rows`;
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir);
  }

  add(prepared: Extract<PreparedFile, { ok: true }>): void {
    for (const table of BULK_TABLES) {
      const lines = prepared.lines[table];
      if (lines !== undefined) this.append(table, lines);
    }
    for (const [name, type] of prepared.departments) this.departments.set(name, type);
  }

  /** Bulk-loads every table's file. A failure names the table and never the temporary file. */
  async commit(): Promise<void> {
    for (const table of BULK_TABLES) {
      this.flush(table);
      const file = this.fileOf(table);
      if (!existsSync(file)) continue;
      const columns = this.columns.get(table) ?? [];
      const names = columns.map((c) => `"${c.name}"`).join(', ');
      const types = columns.map((c) => `'${c.name}': '${c.type}'`).join(', ');
      try {
        await this.connection.run(
          `INSERT INTO ${table} (${names}) SELECT ${names} FROM read_json('${file.replaceAll("'", "''")}',
             format = 'newline_delimited', maximum_object_size = ${MAX_JSON_OBJECT_BYTES}, columns = {${types}})`,
        );
      } catch (error) {
        const reason = (error as Error).message
          .replaceAll(file, `<${table} rows>`)
          .replaceAll(this.dir, '<rows>');
        throw new Error(`the database refused the rows of table ${table}: ${reason.slice(0, 300)}`);
      }
    }
    await this.upsertDepartments();
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

  private append(table: BulkTable, lines: string): void {
    const buffer = this.buffers.get(table) ?? [];
    buffer.push(lines);
    const size = (this.sizes.get(table) ?? 0) + lines.length;
    this.buffers.set(table, buffer);
    this.sizes.set(table, size);
    if (size > 8_000_000) this.flush(table);
  }

  private flush(table: BulkTable): void {
    const buffer = this.buffers.get(table);
    if (!buffer || buffer.length === 0) return;
    appendFileSync(this.fileOf(table), buffer.join(''));
    this.buffers.set(table, []);
    this.sizes.set(table, 0);
  }

  private fileOf(table: BulkTable): string {
    return join(this.dir, `${table}.ndjson`);
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
