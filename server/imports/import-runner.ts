// The load of one import, run as a child process of the serving process that took the commit:
// `node --import tsx server/imports/import-runner.ts <import folder> <database>`. It runs the ETL's own
// loadFiles (a new database file built beside the old one and renamed into place; the serving processes
// swap it in), records its state in the import's folder, and waits its turn: the ETL's lock lets one
// load run at a time, and a commit arriving meanwhile waits for it rather than failing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockBusyError } from '../../etl/db-lock.ts';
import { loadFiles } from '../../etl/load.ts';
import { readImport, updateImport } from './import-store.ts';

/** The longest an import waits for other loads before giving up. */
const MAX_WAIT_MS = 30 * 60_000;
const POLL_MS = 250;

async function run(dir: string, dbPath: string): Promise<void> {
  const stored = readImport(dir);
  if (stored === null) throw new Error(`no import in ${dir}`);
  updateImport(dir, { runnerPid: process.pid, message: 'Starting the load' });
  const files = stored.paths.map((path) => join(dir, path));
  const started = Date.now();
  let waiting = false;
  for (;;) {
    try {
      const report = await loadFiles({ dbPath, files });
      if (report.ok) {
        // The rows are in the database now; the uploads are not needed again.
        rmSync(join(dir, 'files'), { recursive: true, force: true });
        updateImport(dir, {
          state: 'done',
          message: `Loaded ${report.files.length} file(s), ${report.items} items`,
          runnerPid: null,
          towns: report.files.map((file) => ({
            townId: file.townId ?? '',
            name: file.town ?? '',
            edition: file.edition,
            latest: file.latest,
          })),
        });
      } else {
        const errors = report.files.flatMap((file) => (file.error === null ? [] : [file.error]));
        const reason = [report.error, ...errors].filter((text) => text !== null).join('; ');
        updateImport(dir, {
          state: 'failed',
          message: `Nothing was loaded; the database is unchanged. ${reason}`,
          runnerPid: null,
        });
      }
      return;
    } catch (error) {
      if (!(error instanceof LockBusyError) || Date.now() - started > MAX_WAIT_MS) throw error;
      if (!waiting) updateImport(dir, { message: 'Waiting for another load to finish' });
      waiting = true;
      await sleep(POLL_MS);
    }
  }
}

const [dir, dbPath] = process.argv.slice(2);
if (dir === undefined || dbPath === undefined) {
  console.error('usage: import-runner.ts <import folder> <database>');
  process.exit(2);
}
run(dir, dbPath).then(
  () => process.exit(0),
  (error: unknown) => {
    updateImport(dir, {
      state: 'failed',
      message: `Nothing was loaded; the database is unchanged. ${(error as Error).message}`,
      runnerPid: null,
    });
    process.exit(1);
  },
);
