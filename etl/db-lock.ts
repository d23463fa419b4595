// One ETL run per database at a time, the temporary files a killed run left behind, and putting the new
// database in place.

import { spawn } from 'node:child_process';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Another live run holds the lock; a caller that can wait (the dashboard's import) retries. */
export class LockBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockBusyError';
  }
}

/** Takes `<db>.lock`; a lock left by a killed run (dead pid) is taken over. Returns the release. */
export function acquireLock(dbPath: string): () => void {
  const lockPath = `${dbPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new LockBusyError(
          `another ETL run (pid ${pid}) is loading ${dbPath}; wait for it or remove ${lockPath}`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`cannot lock ${dbPath}`);
}

/** A replaced database at least this large is freed after the run, by a process of its own (replaceDatabase). */
export const FREE_AFTER_RUN_BYTES = 256 * 1_048_576;

/**
 * Renames the new database over the old one. The rename frees the old file (unless a server holds it open),
 * and that is the kernel's work inside the rename, growing with the file: 0.46–0.52 s for the 1.7 GB
 * national database here (ext4). So an old file of freeAfterRunBytes or more is first linked as
 * `<db>.tmp-<pid>.old`, and once the new one is in place a detached process removes that link: the run ends
 * without waiting for the old blocks to be freed. If that process never runs, the next run's
 * removeStaleTemps removes the link. Where the file system has no hard links, the rename frees it as before.
 */
export async function replaceDatabase(
  tmpPath: string,
  dbPath: string,
  freeAfterRunBytes = FREE_AFTER_RUN_BYTES,
): Promise<void> {
  const size = statSync(dbPath, { throwIfNoEntry: false })?.size ?? 0;
  const old = `${dbPath}.tmp-${process.pid}.old`;
  let linked = false;
  if (size > 0 && size >= freeAfterRunBytes) {
    try {
      rmSync(old, { force: true });
      linkSync(dbPath, old);
      linked = true;
    } catch {
      // no hard links here: the rename frees the old file
    }
  }
  try {
    await rename(tmpPath, dbPath);
  } catch (error) {
    if (linked) rmSync(old, { force: true });
    throw error;
  }
  if (!linked) return;
  const remover = spawn(
    process.execPath,
    ['-e', "require('node:fs').rmSync(process.argv[1], { force: true })", old],
    { detached: true, stdio: 'ignore' },
  );
  remover.on('error', () => rmSync(old, { force: true }));
  remover.unref();
}

/**
 * Removes `<db>.tmp-<pid>` files, their .wal and .rows folder, and replaced databases waiting to be freed
 * (`<db>.tmp-<pid>.old`), of runs no longer alive.
 */
export function removeStaleTemps(dbPath: string): void {
  const prefix = `${basename(dbPath)}.tmp-`;
  for (const name of readdirSync(dirname(dbPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (pid === process.pid || !isAlive(pid))
      rmSync(join(dirname(dbPath), name), { recursive: true, force: true });
  }
}

/** Whether a process is running (EPERM: it is, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
