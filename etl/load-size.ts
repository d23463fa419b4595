// How big a load is, and how DuckDB is set for it.
//
// A small load (a town, a county: its files and the database it loads into both under
// SMALL_LOAD_BYTES) has statements too small to split across threads: with a second thread the
// calling thread mostly polls for the other's result (a third of the seed's load CPU went to that),
// so each statement runs on one (its two connections side by side, etl/load.ts). Its checkpoints are
// mostly fixed costs, FSST's symbol tables above all (per string column segment, ~60% of a checkpoint
// of the seed's database), so its strings are stored without FSST (dictionary or plain: a bigger file,
// by kilobytes at this size; every answer is the same).
//
// A large input (files of SMALL_LOAD_BYTES or more: many towns at once, up to the nation) is set to
// keep the peak RSS down (≤ 2 GB at national, issue 13): DuckDB's allocator purges freed memory in
// the background and flushes its thread caches past 64 MB instead of 128 (a 10,000-town load's
// roll-ups raised the peak by 440 MB instead of 721), and a full clustering, which holds a batch of
// items in JavaScript while DuckDB does little, runs with CLUSTERING_MEMORY_LIMIT so that DuckDB's
// cache of the roll-ups' blocks makes room (etl/build-duties.ts collects each batch's garbage).

import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Files plus database under this (in bytes) is a small load; files this large, a large input. */
export const SMALL_LOAD_BYTES = 64 * 1_048_576;

/**
 * The block size of a database that a small load creates (DuckDB's default is 256 KiB). A small table
 * still fills a block of its own per segment, so the seed's database was 71 blocks, 18.6 MB, for 181
 * items. Filling those blocks in fresh memory (page faults) and writing them out took most of the load's
 * time after the roll-ups. With 64 KiB blocks the file is 5.9 MB and the seed's load in-process took
 * 447–546 ms against 615–750 ms (5 alternated runs each). The file keeps its block size as later loads
 * grow it. At 1,000 towns in one load, 64 KiB was as fast as the default (12.8–13.7 s against
 * 13.0–18.8 s), with a smaller file (53–56 MB against 60–61 MB) and the same query times. 32 KiB gave
 * 89–90 MB there, and 16 KiB gave 158 MB. A large load keeps DuckDB's default: the 38,600-town corpus
 * loaded into 64 KiB blocks took 10 min 14 s against 8 min 1 s (its write phase 206 against 84 s, the
 * system's CPU time 410 against 185 s), with a peak RSS of 1,571 against 1,380 MiB and a larger file (1.88
 * against 1.84 GB).
 */
export const SMALL_DATABASE_BLOCK_BYTES = 65_536;

/** DuckDB's memory limit while a large input's duties are assigned. */
export const CLUSTERING_MEMORY_LIMIT = '256MB';

export interface LoadSize {
  /** Files and database together under SMALL_LOAD_BYTES. */
  small: boolean;
  /** The files alone SMALL_LOAD_BYTES or more. */
  largeInput: boolean;
}

/** The size of a load of `files` (those that exist) into the database at dbPath (if any). */
export function loadSize(files: readonly string[], dbPath: string): LoadSize {
  let fileBytes = 0;
  for (const path of files) {
    fileBytes += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (fileBytes >= SMALL_LOAD_BYTES) return { small: false, largeInput: true };
  }
  const databaseBytes = statSync(dbPath, { throwIfNoEntry: false })?.size ?? 0;
  return { small: fileBytes + databaseBytes < SMALL_LOAD_BYTES, largeInput: false };
}

/**
 * Sets DuckDB (instance-wide) for a load of this size. By SET: as an option of DuckDBInstance.create,
 * disabled_compression_methods is ignored.
 */
export async function setLoadSize(connection: DuckDBConnection, size: LoadSize): Promise<void> {
  if (size.small) await connection.run(`SET threads = 1; SET disabled_compression_methods = 'fsst'`);
  if (size.largeInput)
    await connection.run(`SET allocator_background_threads = true; SET allocator_flush_threshold = '64MB'`);
}
