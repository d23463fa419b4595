// schema.sql is the one place a column is declared: the loader reads each table's columns from
// the database schema.sql creates, and the rows the ETL builds carry exactly those columns.

import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { BULK_TABLES } from '../../etl/bulk-tables.ts';
import { SCHEMA_PATH } from '../../etl/load.ts';
import { prepareFile } from '../../etl/prepare-file.ts';
import { readTableColumns, schemaTables } from '../../etl/table-columns.ts';
import { SEED_FILE } from '../support/seed-db.ts';

describe('table columns', () => {
  it('gives every bulk table the columns schema.sql declares, and the seed rows fill exactly those', async () => {
    const schema = readFileSync(SCHEMA_PATH, 'utf8');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(schema);
      const columns = await readTableColumns(connection);
      expect([...columns.keys()].sort()).toEqual(schemaTables(schema).sort());
      expect(columns.get('items')?.slice(-3)).toEqual([
        { name: 'source_file', type: 'VARCHAR' },
        { name: 'source_line', type: 'INTEGER' },
        { name: 'source_place', type: 'VARCHAR' },
      ]);
      const prepared = await prepareFile(SEED_FILE, {
        aliases: new Map(),
        loadedAt: '2025-01-01T00:00:00.000Z',
      });
      if (!prepared.ok) throw new Error(prepared.error);
      for (const table of BULK_TABLES) {
        const first = prepared.lines[table]?.split('\n')[0];
        if (first === undefined) continue;
        expect(Object.keys(JSON.parse(first) as object).sort(), table).toEqual(
          (columns.get(table) ?? []).map((c) => c.name).sort(),
        );
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
