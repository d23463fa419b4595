// Opens the database a load writes: the copy (or new file) that is renamed over the old one only after
// its final checkpoint (etl/load.ts).
//
// It is attached with RECOVERY_MODE no_wal_writes: its commits write no log. A log lets a database
// recover the commits made since its last checkpoint after a crash, but this file is never used before
// that checkpoint: a rejected, failed or killed run deletes it (etl/db-lock.ts removes what a killed
// run left). The log only cost time: each statement of a large load is a commit, and each commit wrote
// and synced it; at national the first sync after the copy waited for the copy's write-back. One town
// added at national, 3 alternated runs each: the write phase 1.09–1.30 → 0.20–0.27 s, `npm run etl`
// 6.25–7.04 → 4.87–6.43 s; 1,000 towns loaded afresh 19.0–22.2 → 15.4–21.4 s.
//
// The instance itself is in memory; the file is attached as NEW_DATABASE and every connection uses it,
// so the statements name its tables as before. The file does not keep the name: opened by path, it is
// named after the file as before.

import { open } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** What the load's connections call the database they write. */
const NEW_DATABASE = 'new_database';

export interface NewDatabase {
  instance: DuckDBInstance;
  /** A connection whose statements go to the new database. */
  connect: () => Promise<DuckDBConnection>;
}

/**
 * DuckDB's instance for a load, in memory, with DuckDB's options. Started before the file is ready: in a
 * new process it takes 35–50 ms, spent beside the aliases' parse, the lock and the copy.
 */
export function startInstance(options: Record<string, string>): Promise<DuckDBInstance> {
  return DuckDBInstance.create(':memory:', options);
}

/**
 * Attaches the database file at path (created if missing) to the load's instance. blockBytes sets a new
 * file's block size; an existing file keeps its own (DuckDB refuses any other). A failed attach closes
 * the instance.
 */
export async function attachNewDatabase(
  instance: DuckDBInstance,
  path: string,
  blockBytes?: number,
): Promise<NewDatabase> {
  const connect = async () => {
    const connection = await instance.connect();
    try {
      await connection.run(`USE ${NEW_DATABASE}`);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
    return connection;
  };
  try {
    const attach = await instance.connect();
    try {
      const blockSize = blockBytes === undefined ? '' : `, BLOCK_SIZE ${blockBytes}`;
      await attach.run(
        `ATTACH '${path.replaceAll("'", "''")}' AS ${NEW_DATABASE} (RECOVERY_MODE no_wal_writes${blockSize})`,
      );
    } finally {
      attach.closeSync();
    }
  } catch (error) {
    instance.closeSync();
    throw error;
  }
  return { instance, connect };
}

/**
 * Starts writing the file at path to the disk, beside whatever runs meanwhile: the promise settles when it
 * is written (rejections are observed here: a load that fails first never awaits it). For the copy a load
 * starts from: the kernel keeps most of a national copy (1.8 GB) in memory, and the final checkpoint's sync
 * of the file waited for all of it. One town added at national, 3 alternated runs each: the checkpoint
 * 0.61–1.61 s without, 0.58–0.74 s with the copy written beside the roll-ups (`npm run etl` 5.86–6.63 s
 * against 4.97–6.08 s on a noisy machine). The sync takes none of the load's CPU.
 */
export function writeToDisk(path: string): Promise<void> {
  const written = (async () => {
    const handle = await open(path, 'r+');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  })();
  written.catch(() => {});
  return written;
}
