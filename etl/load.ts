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
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { KINDS } from '../shared/vocabulary.ts';
import { BULK_TABLES } from './bulk-tables.ts';
import { buildDuties } from './build-duties.ts';
import { editionLabel, editionYear } from './edition-label.ts';
import { acquireLock, removeStaleTemps } from './db-lock.ts';
import type { ListKind } from './list-kinds.ts';
import { parseAliasTable } from './normalize-departments.ts';
import { writeParquet } from './parquet-export.ts';
import { updateSearchIndex, type SearchIndexReport } from './search-index.ts';
import { prepareInOrder } from './parse-pool.ts';
import { displayName, type PreparedFile } from './prepare-file.ts';
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
  /** The edition of files whose titles name none (`--edition`); else the file name's year, else 未标注. */
  edition?: string;
  /** Load the files as this template (`--template NAME`), not as towns. */
  template?: string;
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
  /** The edition the file was loaded as (null when rejected or loaded as a template). */
  edition: string | null;
  /** Whether it is now its town's latest edition, the one every view shows. */
  latest: boolean;
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
  /** Clustering every item into duties (etl/build-duties.ts), when the run loaded towns. */
  duties: { items: number; duties: number; ms: number } | null;
  /** Bringing the search index up to date (etl/search-index.ts), when the run loaded. */
  searchIndex: SearchIndexReport | null;
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
  let duties: LoadReport['duties'] = null;
  let searchIndex: SearchIndexReport | null = null;
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
      const loadedAt = new Date().toISOString();
      await backfillEditions(connection);
      const existing = new Set(
        (await connection.runAndReadAll('SELECT town_id FROM towns'))
          .getRowObjectsJson()
          .map((r) => String(r.town_id)),
      );
      const yearsOf = new Map<string, { edition: string; year: number | null }[]>();
      for (const row of (
        await connection.runAndReadAll('SELECT town_id, edition, edition_year FROM editions')
      ).getRowObjectsJson()) {
        const list = yearsOf.get(String(row.town_id)) ?? [];
        list.push({
          edition: String(row.edition),
          year: row.edition_year === null ? null : Number(row.edition_year),
        });
        yearsOf.set(String(row.town_id), list);
      }
      const template = options.template;
      if (template !== undefined) await deleteTemplate(connection, template);
      const templateCounts = { basic: 0, cooperative: 0, reclaimed: 0 };
      const templateFiles: string[] = [];
      const sourceOf = new Map<string, string>();
      const changedTowns: string[] = [];
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
          } else if (!rejected && template !== undefined) {
            sourceOf.set(prepared.townId, prepared.sourceFile);
            const rows = editionItemRows(prepared.lines.items).map((row) => ({
              ...row,
              template,
              item_id: `f${templateFiles.length + 1}-${row.item_id}`,
            }));
            await appendRows(connection, 'template_items', rows, ['template', ...EDITION_ITEM_COLUMNS]);
            for (const kind of KINDS) templateCounts[kind] += prepared.counts[kind];
            templateFiles.push(prepared.sourceFile);
            items += prepared.items;
            options.onRead?.(file, reports.length + 1, options.files.length);
          } else if (!rejected) {
            sourceOf.set(prepared.townId, prepared.sourceFile);
            const edition = editionLabel(prepared.titleEdition, options.edition, file);
            const year = editionYear(edition);
            const others = (yearsOf.get(prepared.townId) ?? []).filter((other) => other.edition !== edition);
            // Latest: the greatest year; an equal year goes to this, the later load; no year is lowest.
            const latest = others.every((other) => (year ?? -1) >= (other.year ?? -1));
            report.edition = edition;
            report.latest = latest;
            if (latest) {
              if (existing.has(prepared.townId)) await deleteTown(connection, prepared.townId);
              writer.add(prepared);
              changedTowns.push(prepared.townId);
            }
            await writeEdition(connection, prepared, edition, year, latest, loadedAt);
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
          if (template !== undefined) {
            await connection.run(
              `INSERT INTO templates VALUES ($template, $at::TIMESTAMP, $files::VARCHAR[], $basic, $cooperative, $reclaimed)`,
              { template, at: loadedAt, files: listValue(templateFiles), ...templateCounts },
            );
          }
          searchIndex = await updateSearchIndex(connection, changedTowns);
          await connection.run('DELETE FROM department_aliases');
          await appendRows(connection, 'department_aliases', aliasRows, ['alias', 'canonical', 'note']);
          // The roll-ups the server's aggregate queries read, rebuilt from every town now in the file.
          await connection.run(await readFile(ROLLUPS_PATH, 'utf8'));
          await connection.run(await readFile(PENALTY_LISTS_PATH, 'utf8'));
          if (template === undefined) duties = await buildDuties(connection);
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
    duties: rejected ? null : duties,
    searchIndex: rejected ? null : searchIndex,
    warnings: reports.reduce((sum, report) => sum + report.warnings.length, 0),
    ms: performance.now() - started,
  };
}

function emptyReport(file: string): FileReport {
  return {
    file,
    town: null,
    townId: null,
    edition: null,
    latest: false,
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

const EDITION_ITEM_COLUMNS = [
  'item_id',
  'kind',
  'seq',
  'category',
  'name',
  'source_file',
  'source_line',
  'source_place',
] as const;
type EditionItemRow = Record<(typeof EDITION_ITEM_COLUMNS)[number], unknown>;

/** The columns edition_items and template_items keep of each item, from the prepared NDJSON. */
function editionItemRows(lines: string | undefined): EditionItemRow[] {
  if (lines === undefined) return [];
  return lines
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return Object.fromEntries(
        EDITION_ITEM_COLUMNS.map((column) => [column, row[column] ?? null]),
      ) as EditionItemRow;
    });
}

/** Records one edition of a town (replacing the same edition) and, when it is the latest, marks it so. */
async function writeEdition(
  connection: DuckDBConnection,
  prepared: Extract<PreparedFile, { ok: true }>,
  edition: string,
  year: number | null,
  latest: boolean,
  loadedAt: string,
): Promise<void> {
  const key = { town: prepared.townId, edition };
  await connection.run('DELETE FROM edition_items WHERE town_id = $town AND edition = $edition', key);
  await connection.run('DELETE FROM editions WHERE town_id = $town AND edition = $edition', key);
  if (latest)
    await connection.run('UPDATE editions SET is_latest = false WHERE town_id = $town', { town: key.town });
  await connection.run(
    `INSERT INTO editions VALUES ($town, $edition, $year, $at::TIMESTAMP, $file, $basic, $cooperative, $reclaimed, $latest)`,
    { ...key, year, at: loadedAt, file: prepared.sourceFile, ...prepared.counts, latest },
  );
  const rows = editionItemRows(prepared.lines.items).map((row) => ({ ...row, town_id: key.town, edition }));
  await appendRows(connection, 'edition_items', rows, ['town_id', 'edition', ...EDITION_ITEM_COLUMNS]);
}

/**
 * Towns loaded before editions were recorded become one edition each, labelled as a load would label
 * their file (its name's year, else 未标注), with their items.
 */
async function backfillEditions(connection: DuckDBConnection): Promise<void> {
  const towns = (
    await connection.runAndReadAll(
      `SELECT town_id, source_file FROM towns
        WHERE town_id NOT IN (SELECT town_id FROM editions)`,
    )
  ).getRowObjectsJson();
  for (const town of towns) {
    const edition = editionLabel(null, undefined, String(town.source_file));
    const params = { town: String(town.town_id), edition, year: editionYear(edition) };
    await connection.run(
      `INSERT INTO editions
       SELECT $town, $edition, $year, t.loaded_at, t.source_file,
              count(*) FILTER (WHERE i.kind = 'basic')::INTEGER, count(*) FILTER (WHERE i.kind = 'cooperative')::INTEGER,
              count(*) FILTER (WHERE i.kind = 'reclaimed')::INTEGER, true
         FROM towns t LEFT JOIN items i USING (town_id) WHERE t.town_id = $town GROUP BY t.loaded_at, t.source_file`,
      params,
    );
    await connection.run(
      `INSERT INTO edition_items SELECT town_id, $edition, item_id, kind, seq, category, name, source_file, source_line, source_place
         FROM items WHERE town_id = $town`,
      params,
    );
  }
}

async function deleteTemplate(connection: DuckDBConnection, template: string): Promise<void> {
  await connection.run('DELETE FROM template_items WHERE template = $template', { template });
  await connection.run('DELETE FROM templates WHERE template = $template', { template });
}
