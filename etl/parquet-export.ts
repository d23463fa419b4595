// `--parquet DIR`: every table of the loaded database written as DIR/<table>.parquet.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Writes each of `tables` as Parquet into dir. */
export async function writeParquet(
  connection: DuckDBConnection,
  tables: Iterable<string>,
  dir: string,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const table of tables) {
    const target = resolve(dir, `${table}.parquet`).replaceAll("'", "''");
    await connection.run(`COPY "${table}" TO '${target}' (FORMAT parquet)`);
  }
}
