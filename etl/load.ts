// Writes parsed town lists into a DuckDB file, atomically.
//
// One rejected file rejects the run. The new database is built apart (a copy of the old one, or
// a fresh file) and renamed over the old one only when every file succeeded, so a rejected,
// failed or killed run leaves the existing database byte-for-byte unchanged, and a server
// reading it never sees half a load. Files stream in one at a time: memory stays flat. A file
// is reported as loaded only once the new database holding its rows is in place.

import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { BULK_TABLES } from './bulk-tables.ts';
import { acquireLock, removeStaleTemps } from './db-lock.ts';
import type { ListKind } from './list-kinds.ts';
import { parseAliasTable } from './normalize-departments.ts';
import { writeParquet } from './parquet-export.ts';
import { prepareInOrder } from './parse-pool.ts';
import { displayName } from './prepare-file.ts';
import { readTableColumns, schemaTables } from './table-columns.ts';
import { appendRows, TableWriter } from './table-writer.ts';

export { listFilesIn } from './list-files.ts';
export type { ParseWarning } from './parse-list.ts';

const ETL_DIR = dirname(new URL(import.meta.url).pathname);
export const SCHEMA_PATH = join(ETL_DIR, 'schema.sql');
const ROLLUPS_PATH = join(ETL_DIR, 'rollups.sql');
const PENALTY_LISTS_PATH = join(ETL_DIR, 'rollup-penalty-lists.sql');
export const DEFAULT_ALIASES_PATH = join(ETL_DIR, '..', 'data', 'reference', 'department-aliases.tsv');

export interface LoadOptions {
  dbPath: string;
  files: readonly string[];
  /** Treat warnings as rejections. */
  strict?: boolean;
  /** Also write every table as Parquet into this folder. */
  parquetDir?: string;
  aliasesPath?: string;
  /** Largest file read (bytes); default 64 MB. */
  maxFileBytes?: number;
  /** Called as each accepted file's rows are queued for the new database (progress; not yet loaded). */
  onRead?: (file: string, index: number, total: number) => void;
  /**
   * Called once per file: at once when it is rejected; when it was accepted, after the run —
   * with loaded: true only once the new database holding its rows is in place.
   */
  onFile?: (report: FileReport) => void;
}

export interface FileReport {
  file: string;
  town: string | null;
  townId: string | null;
  counts: Record<ListKind, number>;
  warnings: string[];
  error: string | null;
  /** Its rows are in the database now in place. */
  loaded: boolean;
  ms: number;
}

export interface LoadReport {
  ok: boolean;
  dbPath: string;
  files: FileReport[];
  /** A failure of the run itself (not of one file), e.g. the database refusing rows. */
  error: string | null;
  items: number;
  warnings: number;
  ms: number;
}

/** Loads the files into dbPath. Returns ok: false (database untouched) when any file is rejected. */
export async function loadFiles(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const dbPath = resolve(options.dbPath);
  const aliasesPath = options.aliasesPath ?? DEFAULT_ALIASES_PATH;
  const aliasRows = parseAliasTable(await readFile(aliasesPath, 'utf8'), aliasesPath);
  const aliases = new Map(aliasRows.map((row) => [row.alias, row.canonical]));

  await mkdir(dirname(dbPath), { recursive: true });
  const release = acquireLock(dbPath);
  const tmpPath = `${dbPath}.tmp-${process.pid}`;
  const reports: FileReport[] = [];
  let rejected = false;
  let runError: string | null = null;
  let items = 0;
  try {
    removeStaleTemps(dbPath);
    if (existsSync(dbPath)) await copyFile(dbPath, tmpPath);
    const instance = await DuckDBInstance.create(tmpPath);
    const connection = await instance.connect();
    let writer: TableWriter | null = null;
    try {
      const schemaSql = await readFile(SCHEMA_PATH, 'utf8');
      await connection.run(schemaSql);
      writer = new TableWriter(connection, await readTableColumns(connection), tmpPath);
      const existing = new Set(
        (await connection.runAndReadAll('SELECT town_id FROM towns'))
          .getRowObjectsJson()
          .map((r) => String(r.town_id)),
      );
      const loadedAt = new Date().toISOString();
      const sourceOf = new Map<string, string>();
      const prepareOptions = {
        aliases,
        loadedAt,
        ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
      };
      // Files stream into the new database one by one, so memory stays flat however many towns
      // a run loads. After the first rejection nothing more is written; the rest is still parsed
      // so that one run reports every bad file.
      for await (const prepared of prepareInOrder(options.files, prepareOptions)) {
        const file = options.files[reports.length] ?? '';
        const report = emptyReport(file);
        report.ms = prepared.ms;
        if (!prepared.ok) {
          report.error = prepared.error;
        } else {
          report.town = prepared.town;
          report.townId = prepared.townId;
          report.counts = prepared.counts;
          report.warnings = prepared.warnings;
          const earlier = sourceOf.get(prepared.townId);
          if (options.strict && report.warnings.length > 0) {
            report.error = `${displayName(file)}: ${report.warnings.length} warning(s) and --strict is set; first: ${report.warnings[0]}`;
          } else if (earlier !== undefined) {
            report.error = `${displayName(file)}: town ${prepared.town} is also in ${earlier}; expected each town once per run`;
          } else if (!rejected) {
            sourceOf.set(prepared.townId, prepared.sourceFile);
            if (existing.has(prepared.townId)) await deleteTown(connection, prepared.townId);
            writer.add(prepared);
            items += prepared.items;
            options.onRead?.(file, reports.length + 1, options.files.length);
          }
        }
        rejected ||= report.error !== null;
        reports.push(report);
        if (report.error !== null) options.onFile?.(report);
      }
      if (!rejected) {
        try {
          await writer.commit();
          await connection.run('DELETE FROM department_aliases');
          await appendRows(connection, 'department_aliases', aliasRows, ['alias', 'canonical', 'note']);
          // The roll-ups the server's aggregate queries read, rebuilt from every town now in the file.
          await connection.run(await readFile(ROLLUPS_PATH, 'utf8'));
          await connection.run(await readFile(PENALTY_LISTS_PATH, 'utf8'));
          await connection.run(
            `INSERT INTO meta VALUES ('loaded_at', $at) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
            { at: new Date().toISOString() },
          );
          await connection.run('CHECKPOINT');
          if (options.parquetDir !== undefined) {
            await writeParquet(connection, schemaTables(schemaSql), options.parquetDir);
          }
        } catch (error) {
          rejected = true;
          runError = (error as Error).message.replaceAll(tmpPath, '<new database>');
        }
      }
    } finally {
      writer?.dispose();
      connection.closeSync();
      instance.closeSync();
    }
    if (rejected) {
      await removeTemp(tmpPath);
    } else {
      await rename(tmpPath, dbPath);
    }
  } catch (error) {
    await removeTemp(tmpPath);
    // The temporary database is an implementation detail: name the database being loaded.
    throw new Error((error as Error).message.replaceAll(tmpPath, `${dbPath} (new copy)`), { cause: error });
  } finally {
    release();
  }
  for (const report of reports) {
    if (report.error !== null) continue;
    report.loaded = !rejected;
    options.onFile?.(report);
  }
  return {
    ok: !rejected,
    dbPath,
    files: reports,
    error: runError,
    items: rejected ? 0 : items,
    warnings: reports.reduce((sum, report) => sum + report.warnings.length, 0),
    ms: performance.now() - started,
  };
}

function emptyReport(file: string): FileReport {
  return {
    file,
    town: null,
    townId: null,
    counts: { basic: 0, cooperative: 0, reclaimed: 0 },
    warnings: [],
    error: null,
    loaded: false,
    ms: 0,
  };
}

async function removeTemp(tmpPath: string): Promise<void> {
  await rm(`${tmpPath}.rows`, { recursive: true, force: true });
  await rm(tmpPath, { force: true });
  await rm(`${tmpPath}.wal`, { force: true });
}

async function deleteTown(connection: DuckDBConnection, townId: string): Promise<void> {
  // towns last, after every row that names it.
  for (const table of [...BULK_TABLES.filter((t) => t !== 'towns'), 'towns']) {
    await connection.run(`DELETE FROM ${table} WHERE town_id = $town`, { town: townId });
  }
}
