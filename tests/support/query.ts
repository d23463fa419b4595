// A tiny read-only query helper for tests: opens a database, runs SQL, returns JSON rows.

import { DuckDBInstance } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

/** Opens dbPath read-only and returns a function that runs SQL with bound parameters. */
export async function openReadOnly(dbPath: string) {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  return {
    async all(sql: string, params?: Record<string, string | number | boolean>): Promise<Row[]> {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJson() as Row[];
    },
    close(): void {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
