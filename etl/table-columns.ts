// The columns of every table, read from the database that etl/schema.sql just created, so the
// loader never repeats the schema: schema.sql is the one place a column is declared.

import type { DuckDBConnection } from '@duckdb/node-api';

export interface Column {
  name: string;
  /** DuckDB type as read_json's columns = {…} takes it, e.g. INTEGER, VARCHAR[]. */
  type: string;
}

/** Every table of the main schema with its columns in declared order. */
export async function readTableColumns(connection: DuckDBConnection): Promise<Map<string, Column[]>> {
  const rows = (
    await connection.runAndReadAll(
      `SELECT table_name, column_name, data_type FROM duckdb_columns()
       WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index`,
    )
  ).getRowObjectsJson();
  const tables = new Map<string, Column[]>();
  for (const row of rows) {
    const table = String(row.table_name);
    const columns = tables.get(table) ?? [];
    columns.push({ name: String(row.column_name), type: String(row.data_type) });
    tables.set(table, columns);
  }
  return tables;
}

/** The tables schema.sql declares, in its order (rollups.sql adds derived tables after the load). */
export function schemaTables(schemaSql: string): string[] {
  return [...schemaSql.matchAll(/^CREATE TABLE IF NOT EXISTS (\w+)/gm)].map((match) => match[1] ?? '');
}
