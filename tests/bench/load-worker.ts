// Runs the real ETL (`loadFiles` from etl/load.ts) in its own process for the benchmark, so its
// wall time and peak memory are measured apart from the harness. Reads the file list from a text
// file (one path per line: 38,600 paths do not fit on a command line) and prints one JSON line.
//
// usage: node --import tsx tests/bench/load-worker.ts DB_PATH LIST_FILE

import { readFileSync } from 'node:fs';
import { loadFiles } from '../../etl/load.ts';

export interface LoadWorkerResult {
  ok: boolean;
  items: number;
  warnings: number;
  files: number;
  /** loadFiles' own total time. */
  ms: number;
  /** Sum of per-file times (read, decode, parse, build records, queue for writing). */
  fileMs: number;
  /** Bringing the search index up to date (etl/search-index.ts), part of ms. */
  searchIndexMs: number;
  /** Peak resident memory of the ETL process, in bytes. */
  maxRssBytes: number;
  firstError: string | null;
  /** A failure of the run itself (LoadReport.error). */
  error: string | null;
  /** The loader's phases in ms (etl/load.ts LoadReport.phases). */
  phases: Record<string, number>;
}

const [dbPath, listFile] = process.argv.slice(2);
if (!dbPath || !listFile) {
  console.error('usage: load-worker.ts DB_PATH LIST_FILE');
  process.exit(2);
}
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
let fileMs = 0;
const report = await loadFiles({
  dbPath,
  files,
  onFile: (file) => {
    fileMs += file.ms;
  },
});
const result: LoadWorkerResult = {
  ok: report.ok,
  items: report.items,
  warnings: report.warnings,
  files: report.files.length,
  ms: report.ms,
  fileMs,
  searchIndexMs: report.searchIndex?.ms ?? 0,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  firstError: report.files.find((file) => file.error !== null)?.error ?? null,
  error: report.error,
  phases: report.phases,
};
console.log(JSON.stringify(result));
