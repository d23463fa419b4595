// The files a thread appends a load's rows to: one per table in the rows folder (etl/bulk-tables.ts),
// opened at the thread's first town and held open until its last. Opening, appending and closing
// ten files per town (appendFileSync) was a tenth of the parse threads' time.

import { closeSync, openSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { rowsFileOf, type BulkTable } from './bulk-tables.ts';

/** Open descriptors of this thread, by rows folder and table. */
const open = new Map<string, Map<BulkTable, number>>();

/** Appends rows (NDJSON, ending in a new line) to this thread's file of `table` in `dir`. */
export function appendTableRows(dir: string, table: BulkTable, text: string): void {
  let files = open.get(dir);
  if (files === undefined) {
    files = new Map();
    open.set(dir, files);
  }
  let fd = files.get(table);
  if (fd === undefined) {
    fd = openSync(rowsFileOf(dir, table, threadId), 'a');
    files.set(table, fd);
  }
  const bytes = Buffer.from(text, 'utf8');
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
}

/** Closes this thread's files in `dir` (before the load reads them, and before the thread ends). */
export function closeRowsFiles(dir: string): void {
  for (const fd of open.get(dir)?.values() ?? []) closeSync(fd);
  open.delete(dir);
}
