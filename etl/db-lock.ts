// One ETL run per database at a time, and the temporary files a killed run left behind.

import { closeSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
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

/** Removes `<db>.tmp-<pid>` files, their .wal and .rows folder, of runs no longer alive. */
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
