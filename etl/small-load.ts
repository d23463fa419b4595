// Whether a load is small (a town, a county: its files and the database it loads into both under
// SMALL_LOAD_BYTES), and how DuckDB is set for one. A small load's statements are too small to split
// across threads: with a second thread the calling thread mostly polls for the other's result (a
// third of the seed's load CPU went to that), so it runs on one. Its checkpoints are mostly fixed
// costs, FSST's symbol tables above all (per string column segment, ~60% of a checkpoint of the
// seed's database), so its strings are stored without FSST (dictionary or plain: a bigger file, by
// kilobytes at this size; every answer is the same). A larger load keeps DuckDB's defaults.

import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Files plus database under this (in bytes): about 500 towns of lists. */
export const SMALL_LOAD_BYTES = 64 * 1_048_576;

/** Whether files (the ones that exist) and the database at dbPath (if any) total under SMALL_LOAD_BYTES. */
export function isSmallLoad(files: readonly string[], dbPath: string): boolean {
  let bytes = 0;
  for (const path of [dbPath, ...files]) {
    bytes += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (bytes >= SMALL_LOAD_BYTES) return false;
  }
  return true;
}

/**
 * Sets the database of a small load (instance-wide). By SET: as an option of DuckDBInstance.create,
 * disabled_compression_methods is ignored.
 */
export async function setSmallLoad(connection: DuckDBConnection): Promise<void> {
  await connection.run(`SET threads = 1; SET disabled_compression_methods = 'fsst'`);
}
