// The files a thread appends a load's rows to: one per table in the rows folder (etl/bulk-tables.ts),
// opened at the thread's first town and held open (opening, appending and closing ten files per
// town, appendFileSync, was a tenth of the parse threads' time) until the chunk holds chunkBytes:
// then they are closed and renamed from `.part` to `.ndjson`, at a town's end, so that the load can
// read them into DuckDB while the parse goes on (etl/table-writer.ts: stage). A closed file is
// whole: the rename is the last thing done to it.

import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { BULK_TABLES, rowsFileOf, type BulkTable } from './bulk-tables.ts';

/** Rows a thread's files take before they are closed and new ones begun (bytes of NDJSON). */
export const DEFAULT_ROWS_CHUNK_BYTES = 32 * 1_048_576;

interface Chunk {
  fds: Map<BulkTable, number>;
  number: number;
  bytes: number;
}

/** This thread's chunk being written, by rows folder. */
const open = new Map<string, Chunk>();
let chunks = 0;

/**
 * Appends a town's rows (NDJSON per table, each ending in a new line) to this thread's files in
 * `dir`, then closes them if they hold chunkBytes or more.
 */
export function appendTownRows(
  dir: string,
  lines: Partial<Record<BulkTable, string>>,
  chunkBytes = DEFAULT_ROWS_CHUNK_BYTES,
): void {
  let chunk = open.get(dir);
  if (chunk === undefined) {
    chunk = { fds: new Map(), number: chunks++, bytes: 0 };
    open.set(dir, chunk);
  }
  for (const table of BULK_TABLES) {
    const text = lines[table];
    if (text === undefined) continue;
    let fd = chunk.fds.get(table);
    if (fd === undefined) {
      fd = openSync(rowsFileOf(dir, table, threadId, chunk.number, false), 'a');
      chunk.fds.set(table, fd);
    }
    chunk.bytes += appendText(fd, text);
  }
  if (chunk.bytes >= chunkBytes) closeRowsFiles(dir);
}

/** Encodes into one reused buffer and writes; returns the bytes written. */
function appendText(fd: number, text: string): number {
  // Encoded into one reused buffer (at most 3 bytes a UTF-16 unit), faster than Buffer.from,
  // which allocates every time; the rows of an outsized file get a buffer of their own, not kept.
  const needed = text.length * 3;
  if (buffer.length < needed) {
    const own = new Uint8Array(needed);
    if (needed <= MAX_KEPT_BUFFER) buffer = own;
    return writeAll(fd, own, encoder.encodeInto(text, own).written);
  }
  return writeAll(fd, buffer, encoder.encodeInto(text, buffer).written);
}

const encoder = new TextEncoder();
let buffer = new Uint8Array(0);
const MAX_KEPT_BUFFER = 16 * 1_048_576;

function writeAll(fd: number, bytes: Uint8Array, length: number): number {
  for (let written = 0; written < length;) written += writeSync(fd, bytes, written, length - written);
  return length;
}

/** Closes this thread's files in `dir` as a chunk (before the load reads them, and before the thread ends). */
export function closeRowsFiles(dir: string): void {
  const chunk = open.get(dir);
  if (chunk === undefined) return;
  open.delete(dir);
  for (const [table, fd] of chunk.fds) {
    closeSync(fd);
    renameSync(
      rowsFileOf(dir, table, threadId, chunk.number, false),
      rowsFileOf(dir, table, threadId, chunk.number, true),
    );
  }
}
