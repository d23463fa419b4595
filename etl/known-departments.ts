// The department names a database already holds, for the dry run's "new departments": a name the
// alias table does not list may still be a department every earlier load has used.

import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

/** Canonical department names in dbPath (opened read-only); none when the file does not exist yet. */
export async function knownDepartments(dbPath: string): Promise<Set<string>> {
  if (!existsSync(dbPath)) return new Set();
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    try {
      const rows = (await connection.runAndReadAll('SELECT name FROM departments')).getRowObjectsJson();
      return new Set(rows.map((row) => String(row.name)));
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
