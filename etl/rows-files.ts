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
  // Encoded into one reused buffer (at most 3 bytes a UTF-16 unit), faster than Buffer.from,
  // which allocates every time; the rows of an outsized file get a buffer of their own, not kept.
  const needed = text.length * 3;
  if (buffer.length < needed) {
    const own = new Uint8Array(needed);
    if (needed <= MAX_KEPT_BUFFER) buffer = own;
    return writeAll(fd, own, encoder.encodeInto(text, own).written);
  }
  writeAll(fd, buffer, encoder.encodeInto(text, buffer).written);
}

const encoder = new TextEncoder();
let buffer = new Uint8Array(0);
const MAX_KEPT_BUFFER = 16 * 1_048_576;

function writeAll(fd: number, bytes: Uint8Array, length: number): void {
  for (let written = 0; written < length;) written += writeSync(fd, bytes, written, length - written);
}

/** Closes this thread's files in `dir` (before the load reads them, and before the thread ends). */
export function closeRowsFiles(dir: string): void {
  for (const fd of open.get(dir)?.values() ?? []) closeSync(fd);
  open.delete(dir);
}
