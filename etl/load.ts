// Writes parsed town lists into a DuckDB file, atomically.
//
// One rejected file rejects the run. The new database is built apart (a copy of the old one, or
// a fresh file) and renamed over the old one only when every file succeeded, so a rejected,
// failed or killed run leaves the existing database byte-for-byte unchanged, and a server
// reading it never sees half a load. Files stream in one at a time: memory stays flat. A file
// is reported as loaded only once the new database holding its rows is in place.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { KINDS } from '../shared/vocabulary.ts';
import { BULK_TABLES } from './bulk-tables.ts';
import { buildDuties, type DutiesReport } from './build-duties.ts';
import { copyDatabase } from './copy-database.ts';
import { writeChangedTowns } from './changed-towns.ts';
import { editionLabel, editionYear } from './edition-label.ts';
import { ETL_DIR } from './etl-dir.ts';
import { EDITION_ITEM_COLUMNS, EditionWriter, editionItemRows } from './edition-writer.ts';
import { acquireLock, removeStaleTemps, replaceDatabase } from './db-lock.ts';
import type { ListKind } from './list-kinds.ts';
import { parseAliasTable, type DepartmentAlias } from './normalize-departments.ts';
import { writeParquet } from './parquet-export.ts';
import { PhaseTimer, type Phases } from './phase-timer.ts';
import { refreshSearchTownSets, updateSearchIndex, type SearchIndexReport } from './search-index.ts';
import { startPreparing, type Preparing } from './parse-pool.ts';
import { refreshRollups, type RollupCaps, type RollupRefresh } from './refresh-rollups.ts';
import {
  CLUSTERING_MEMORY_LIMIT,
  loadSize,
  setLoadSize,
  SMALL_DATABASE_BLOCK_BYTES,
  type LoadSize,
} from './load-size.ts';
import { attachNewDatabase, startInstance, writeToDisk } from './new-database.ts';
import { displayName } from './prepare-file.ts';
import { heldTowns } from './held-towns.ts';
import { readTableColumns, schemaTables } from './table-columns.ts';
import { appendRows, makeRowsDir, TableWriter } from './table-writer.ts';

export { listFilesIn } from './list-files.ts';
export type { ParseWarning } from './parse-list.ts';

export const SCHEMA_PATH = join(ETL_DIR, 'schema.sql');
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
  /** Rebuild every roll-up and re-cluster every duty, not only the changed towns' (`--rebuild`). */
  rebuild?: boolean;
  /** Towns per statement of a full roll-up build (etl/refresh-rollups.ts); tests set it small. */
  rollupBatchTowns?: number;
  /** How far the roll-ups rank departments and list bureaus (etl/refresh-rollups.ts); tests set them small. */
  rollupCaps?: Partial<RollupCaps>;
  /** The (text, set) pairs from which a search key's counts are kept (etl/search-keys.ts); tests set it small. */
  searchKeyPairs?: number;
  /** Below how many items a kept key's list kind has its rows listed (etl/search-keys.ts); tests set it. */
  searchKeyListedItems?: number;
  /** Overrides the load's size as measured (etl/load-size.ts), which sets DuckDB for it; tests set it. */
  size?: Partial<LoadSize>;
  /** DuckDB's memory limit for the load (it spills to disk beyond it); default DEFAULT_MEMORY_LIMIT. */
  memoryLimit?: string;
  /** A replaced database this large is freed after the run (etl/db-lock.ts); tests set it small. */
  freeAfterRunBytes?: number;
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
  /** Assigning the changed towns' items to duties (etl/build-duties.ts), when the run loaded towns. */
  duties: DutiesReport | null;
  /** Bringing the roll-ups up to date (etl/refresh-rollups.ts). */
  rollups: RollupRefresh | null;
  /** Towns whose town-table rows this run added or replaced (etl/changed-towns.ts). */
  changedTowns: number;
  /** Bringing the search index up to date (etl/search-index.ts), when the run loaded. */
  searchIndex: SearchIndexReport | null;
  warnings: number;
  ms: number;
  /** Wall time of each phase (etl/phase-timer.ts), in the order they ran, and its CPU time. */
  phases: Phases;
  phaseCpu: Phases;
  /** How far each phase raised the process's peak RSS (etl/phase-timer.ts). */
  phasePeakRiseMb: Phases;
}

/**
 * DuckDB's memory for a load. Without a limit it may take up to 80% of the machine's memory for the
 * roll-ups' sorts, joins and aggregates (a national build went from ~2 GB to 5.2 GB there); with one
 * it spills them to a folder beside the new file.
 */
export const DEFAULT_MEMORY_LIMIT = '1GB';

/** Items a load writes beyond which its rows are checkpointed before the roll-ups (about 275 towns). */
export const CHECKPOINT_BEFORE_ROLLUPS_ITEMS = 50_000;

/** Loads the files into dbPath. Returns ok: false (database untouched) when any file is rejected. */
export async function loadFiles(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const timer = new PhaseTimer();
  const dbPath = resolve(options.dbPath);
  const tmpPath = `${dbPath}.tmp-${process.pid}`;
  const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  // DuckDB starts while the aliases are read, the lock taken and the old file copied (etl/new-database.ts).
  const starting = startInstance({ memory_limit: memoryLimit, temp_directory: `${tmpPath}.spill` });
  // Until it is attached, the instance is closed here when the load stops (attachNewDatabase closes it after).
  let attaching = false;
  const closeUnattached = async () => {
    if (!attaching) (await starting.catch(() => null))?.closeSync();
  };
  let aliasRows: DepartmentAlias[];
  let release: () => void;
  try {
    const aliasesPath = options.aliasesPath ?? DEFAULT_ALIASES_PATH;
    aliasRows = parseAliasTable(await readFile(aliasesPath, 'utf8'), aliasesPath);
    await mkdir(dirname(dbPath), { recursive: true });
    release = acquireLock(dbPath);
  } catch (error) {
    await closeUnattached();
    throw error;
  }
  const aliases = new Map(aliasRows.map((row) => [row.alias, row.canonical]));
  const reports: FileReport[] = [];
  let rejected = false;
  let runError: string | null = null;
  let items = 0;
  let duties: LoadReport['duties'] = null;
  let rollups: LoadReport['rollups'] = null;
  const changedTowns = new Set<string>();
  let searchIndex: SearchIndexReport | null = null;
  let preparing: Preparing | null = null;
  try {
    removeStaleTemps(dbPath);
    // A copy, not the file itself: a server may hold the old file open (DuckDB then refuses a writer),
    // and the old file must stay whole until the rename. A clone where the file system can, else a copy
    // that ext4 does not write back as it is closed (etl/copy-database.ts).
    const fresh = !existsSync(dbPath);
    if (!fresh) await copyDatabase(dbPath, tmpPath);
    timer.mark('copy');
    const size = { ...loadSize(options.files, tmpPath), ...options.size };
    const small = size.small;
    const loadedAt = new Date().toISOString();
    const template = options.template;
    // Files stream into the new database one by one, so memory stays flat however many towns a run
    // loads. The first is read and parsed while the database is attached and its schema made; after the
    // copy, not beside it (creating the rows files waited for its write-back then: see writeToDisk below).
    const rowsDir = makeRowsDir(tmpPath);
    preparing = startPreparing(options.files, {
      aliases,
      loadedAt,
      // A template load keeps the rows in memory (template_items is built from them).
      ...(template === undefined ? { rowsDir } : {}),
      ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
    });
    const instanceStarted = await starting;
    attaching = true;
    const { instance, connect } = await attachNewDatabase(
      instanceStarted,
      tmpPath,
      fresh && small ? SMALL_DATABASE_BLOCK_BYTES : undefined,
    );
    let connection: DuckDBConnection;
    try {
      connection = await connect();
    } catch (error) {
      instance.closeSync();
      throw error;
    }
    let writer: TableWriter | null = null;
    let lane: DuckDBConnection | null = null;
    const replaced: string[] = [];
    try {
      await setLoadSize(connection, size);
      const schemaSql = await readFile(SCHEMA_PATH, 'utf8');
      await connection.run(schemaSql);
      // A second connection writes the items beside the other tables, and the search index beside the
      // roll-ups. A small load was one transaction, which another connection cannot see into, while each
      // commit wrote and synced a log (0.2 s of the seed's 0.6 s load then); the new database keeps no log
      // (etl/new-database.ts), and the seed's load on two connections took 0.81–0.86 s against 0.95–1.04 s
      // as one transaction on one (6 alternated runs each).
      lane = await connect();
      writer = new TableWriter(connection, await readTableColumns(connection), rowsDir, lane);
      const editions = new EditionWriter(connection, loadedAt);
      await backfillEditions(connection);
      const heldOf = await heldTowns(connection, options.files.length, fresh);
      if (template !== undefined) await deleteTemplate(connection, template);
      const templateCounts = { basic: 0, cooperative: 0, reclaimed: 0 };
      const templateFiles: string[] = [];
      const sourceOf = new Map<string, string>();
      timer.mark('open');
      // After the first rejection nothing more is written; the rest is still parsed so that one run
      // reports every bad file.
      for await (const prepared of preparing) {
        timer.mark('read+parse');
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
            const held = await heldOf(prepared.townId);
            const others = held.editions.filter((other) => other.edition !== edition);
            // Latest: the greatest year; an equal year goes to this, the later load; no year is lowest.
            const latest = others.every((other) => (year ?? -1) >= (other.year ?? -1));
            report.edition = edition;
            report.latest = latest;
            if (latest) {
              if (held.loaded) replaced.push(prepared.townId);
              writer.add(prepared);
              changedTowns.add(prepared.townId);
            }
            editions.add(prepared, edition, year, latest);
            items += prepared.items;
            options.onRead?.(file, reports.length + 1, options.files.length);
          }
        }
        rejected ||= report.error !== null;
        reports.push(report);
        if (report.error !== null) options.onFile?.(report);
        timer.mark('queue rows');
      }
      if (!rejected) {
        // What the load was doing, for its error: "writing the rows: Out of Memory Error: …".
        let doing = '';
        try {
          doing = 'removing the replaced towns';
          await deleteTowns(connection, replaced);
          doing = 'writing the editions';
          await editions.writeEditions();
          doing = 'writing the rows';
          await writer.commit(editions.olderTowns());
          doing = 'writing the items of each edition';
          await editions.writeItems(writer.source('items'));
          if (template !== undefined) {
            await connection.run(
              `INSERT INTO templates VALUES ($template, $at::TIMESTAMP, $files::VARCHAR[], $basic, $cooperative, $reclaimed)`,
              { template, at: loadedAt, files: listValue(templateFiles), ...templateCounts },
            );
          }
          doing = 'writing the department aliases';
          await connection.run('DELETE FROM department_aliases');
          await appendRows(connection, 'department_aliases', aliasRows, ['alias', 'canonical', 'note']);
          // What is derived per town is redone for the towns this run changed (all of them when asked).
          await writeChangedTowns(connection, changedTowns);
          // A large load's rows go to the file first, so that under the memory limit the roll-ups'
          // sorts and joins can evict them instead of running out of memory beside them. A small
          // load's rows fit beside them, and that checkpoint only cost it time: at national, adding
          // one town spent 0.3–0.6 s in it, and 0.4–0.6 s more in the roll-ups and search index that
          // read back what it had just written (4.0–5.0 s end to end without it, 5.5–7.3 s with it).
          doing = 'checkpointing the rows';
          if (!small && items > CHECKPOINT_BEFORE_ROLLUPS_ITEMS) await connection.run('CHECKPOINT');
          timer.mark('write');
          // The copy reaches the disk beside the CPU-bound steps that follow (etl/new-database.ts), not all
          // inside the final checkpoint's sync. Not sooner: while it is written, creating a file waits for it
          // (ext4 commits its journal after the data), and the parse creates the rows files (read+parse of
          // one town 0.03 → 0.7 s when it began right after the copy).
          const copyWritten = fresh ? Promise.resolve() : writeToDisk(tmpPath);
          const indexOptions = {
            fresh,
            ...(options.searchKeyPairs === undefined ? {} : { keyPairs: options.searchKeyPairs }),
            ...(options.searchKeyListedItems === undefined
              ? {}
              : { keyListedItems: options.searchKeyListedItems }),
          };
          // etl/load-size.ts: while a large input's duties are assigned, DuckDB's cache makes room.
          const lowered = size.largeInput && options.memoryLimit === undefined;
          // Each runs on about one core: the search index is built on the second connection beside the
          // clustering and the roll-ups (it reads neither's tables, nor they its), as the write does its
          // items; once it is done, the roll-ups that may run there (etl/refresh-rollups.ts, RollupLanes).
          // After the clustering when the memory limit is lowered for it, so that it makes room for that.
          const second = lane;
          const startIndex = () => {
            const done = updateSearchIndex(second, [...changedTowns], indexOptions);
            // Observed here: a failure while the clustering runs is awaited (and reported) after it.
            done.catch(() => {});
            return done;
          };
          let indexDone = lowered ? null : startIndex();
          doing = 'assigning duties';
          try {
            if (lowered) await connection.run(`SET memory_limit = '${CLUSTERING_MEMORY_LIMIT}'`);
            if (template === undefined)
              duties = await buildDuties(connection, { full: options.rebuild === true });
            if (lowered) await connection.run(`SET memory_limit = '${memoryLimit}'`);
          } catch (error) {
            // Both connections are idle before the load closes them.
            await indexDone?.catch(() => {});
            throw error;
          }
          indexDone ??= startIndex();
          timer.mark('clustering');
          // After the duties: the duty roll-ups read item_duties. Duties assigned afresh moved every
          // town's items, so the roll-ups are built afresh too.
          doing = 'refreshing the roll-ups';
          const rollupsDone = refreshRollups(connection, {
            full: options.rebuild === true || duties?.mode === 'full',
            ...(options.rollupBatchTowns === undefined ? {} : { batchTowns: options.rollupBatchTowns }),
            ...(options.rollupCaps === undefined ? {} : { caps: options.rollupCaps }),
            lane: { connection: second, after: indexDone },
          });
          const [rolled, indexed] = await Promise.allSettled([rollupsDone, indexDone]);
          if (rolled.status === 'rejected') throw rolled.reason;
          doing = 'updating the search index';
          if (indexed.status === 'rejected') throw indexed.reason;
          rollups = rolled.value;
          searchIndex = indexed.value;
          timer.mark('roll-ups+search index');
          // After both: it reads the roll-ups' town ranks and the index's sets.
          doing = 'listing the search index’s sets by town';
          const byTown = await refreshSearchTownSets(
            connection,
            [...changedTowns],
            rollups.mode === 'full' || searchIndex.rebuilt,
          );
          searchIndex = { ...searchIndex, byTown };
          timer.mark('search sets by town');
          doing = 'writing the final checkpoint';
          await connection.run(
            `INSERT INTO meta VALUES ('loaded_at', $at) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
            { at: new Date().toISOString() },
          );
          await copyWritten;
          timer.mark('copy written');
          await connection.run('CHECKPOINT');
          timer.mark('checkpoint');
          doing = 'writing Parquet';
          if (options.parquetDir !== undefined) {
            await writeParquet(connection, schemaTables(schemaSql), options.parquetDir);
            timer.mark('parquet');
          }
        } catch (error) {
          rejected = true;
          runError = `${doing}: ${(error as Error).message.replaceAll(tmpPath, '<new database>')}`;
        }
      }
    } finally {
      await preparing.close();
      writer?.dispose();
      lane?.closeSync();
      connection.closeSync();
      instance.closeSync();
    }
    if (rejected) {
      await removeTemp(tmpPath);
    } else {
      await replaceDatabase(tmpPath, dbPath, options.freeAfterRunBytes);
    }
    timer.mark(rejected ? 'clean up' : 'close+rename');
  } catch (error) {
    // Its rows files closed before their folder goes.
    await preparing?.close();
    await removeTemp(tmpPath);
    // The temporary database is an implementation detail: name the database being loaded.
    throw new Error((error as Error).message.replaceAll(tmpPath, `${dbPath} (new copy)`), { cause: error });
  } finally {
    await closeUnattached();
    release();
  }
  await rm(`${tmpPath}.spill`, { recursive: true, force: true });
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
    rollups: rejected ? null : rollups,
    changedTowns: rejected ? 0 : changedTowns.size,
    searchIndex: rejected ? null : searchIndex,
    warnings: reports.reduce((sum, report) => sum + report.warnings.length, 0),
    ms: performance.now() - started,
    phases: timer.ms,
    phaseCpu: timer.cpuMs,
    phasePeakRiseMb: timer.peakRiseMb,
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
  await rm(`${tmpPath}.spill`, { recursive: true, force: true });
  await rm(tmpPath, { force: true });
  await rm(`${tmpPath}.wal`, { force: true });
}

/** Removes the rows of towns a run replaces (towns last, after every row that names it). */
async function deleteTowns(connection: DuckDBConnection, townIds: readonly string[]): Promise<void> {
  if (townIds.length === 0) return;
  await connection.run('CREATE OR REPLACE TEMP TABLE replaced_towns (town_id VARCHAR)');
  await appendRows(
    connection,
    'replaced_towns',
    townIds.map((town_id) => ({ town_id })),
    ['town_id'],
  );
  for (const table of [...BULK_TABLES.filter((t) => t !== 'towns'), 'towns']) {
    await connection.run(`DELETE FROM ${table} WHERE town_id IN (SELECT town_id FROM replaced_towns)`);
  }
  await connection.run('DROP TABLE replaced_towns');
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
  if (towns.length === 0) return;
  // Set-based: one statement per table, not per town (each would scan the items table).
  await connection.run(
    'CREATE OR REPLACE TEMP TABLE backfill (town_id VARCHAR, edition VARCHAR, edition_year INTEGER)',
  );
  const labelled = towns.map((town) => {
    const edition = editionLabel(null, undefined, String(town.source_file));
    return { town_id: String(town.town_id), edition, edition_year: editionYear(edition) };
  });
  await appendRows(connection, 'backfill', labelled, ['town_id', 'edition', 'edition_year']);
  await connection.run(
    `INSERT INTO editions
     SELECT b.town_id, b.edition, b.edition_year, t.loaded_at, t.source_file,
            coalesce(c.basic, 0), coalesce(c.cooperative, 0), coalesce(c.reclaimed, 0), true
       FROM backfill b JOIN towns t USING (town_id)
       LEFT JOIN (SELECT town_id, count(*) FILTER (WHERE kind = 'basic')::INTEGER AS basic,
                         count(*) FILTER (WHERE kind = 'cooperative')::INTEGER AS cooperative,
                         count(*) FILTER (WHERE kind = 'reclaimed')::INTEGER AS reclaimed
                    FROM items WHERE town_id IN (SELECT town_id FROM backfill) GROUP BY town_id) c USING (town_id)`,
  );
  await connection.run(
    `INSERT INTO edition_items
     SELECT i.town_id, b.edition, i.item_id, i.kind, i.seq, i.category, i.name, i.source_file, i.source_line, i.source_place
       FROM items i JOIN backfill b USING (town_id)`,
  );
  await connection.run('DROP TABLE backfill');
}

async function deleteTemplate(connection: DuckDBConnection, template: string): Promise<void> {
  await connection.run('DELETE FROM template_items WHERE template = $template', { template });
  await connection.run('DELETE FROM templates WHERE template = $template', { template });
}
