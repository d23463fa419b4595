// Writes parsed town lists into a DuckDB file, atomically.
//
// Every file is read, decoded and parsed before anything is written; one rejected file rejects
// the run. The new database is built apart (a copy of the old one, or a fresh file) and renamed
// over the old one only when everything succeeded, so a failed or killed run leaves the
// existing database byte-for-byte unchanged, and a server reading it never sees half a load.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { buildTownRecords, type TownRecords } from './build-records.ts';
import { decodeListBytes } from './decode.ts';
import { parseAliasTable } from './normalize-departments.ts';
import { ParseError } from './parse-error.ts';
import { parseListFile, type ListKind, type ParseWarning } from './parse-list.ts';

const ETL_DIR = dirname(new URL(import.meta.url).pathname);
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
  /** Called once per file when it has been parsed (or rejected). */
  onFile?: (report: FileReport) => void;
}

export interface FileReport {
  file: string;
  town: string | null;
  townId: string | null;
  counts: Record<ListKind, number>;
  warnings: string[];
  error: string | null;
  ms: number;
}

export interface LoadReport {
  ok: boolean;
  dbPath: string;
  files: FileReport[];
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

  const reports: FileReport[] = [];
  const towns: TownRecords[] = [];
  for (const file of options.files) {
    const fileStarted = performance.now();
    const report: FileReport = {
      file,
      town: null,
      townId: null,
      counts: { basic: 0, cooperative: 0, reclaimed: 0 },
      warnings: [],
      error: null,
      ms: 0,
    };
    try {
      const records = parseFile(file, aliases);
      report.town = records.town.full_name;
      report.townId = records.town.town_id;
      for (const list of records.lists) report.counts[list.kind] = list.item_count;
      report.warnings = records.loadIssues.map((issue) => issue.message);
      if (options.strict && report.warnings.length > 0) {
        report.error = `${basename(file)}: ${report.warnings.length} warning(s) and --strict is set; first: ${report.warnings[0]}`;
      } else if (towns.some((other) => other.town.town_id === records.town.town_id)) {
        const other = towns.find((t) => t.town.town_id === records.town.town_id);
        report.error = `${basename(file)}: town ${records.town.full_name} is also in ${other?.town.source_file}; expected each town once per run`;
      } else {
        towns.push(records);
      }
    } catch (error) {
      report.error =
        error instanceof ParseError ? error.message : `${basename(file)}: ${(error as Error).message}`;
    }
    report.ms = performance.now() - fileStarted;
    reports.push(report);
    options.onFile?.(report);
  }

  const rejected = reports.some((report) => report.error !== null);
  if (!rejected && towns.length > 0) {
    await writeDatabase(dbPath, towns, aliasRows, options.parquetDir);
  }
  return {
    ok: !rejected,
    dbPath,
    files: reports,
    items: towns.reduce((sum, town) => sum + town.items.length, 0),
    warnings: reports.reduce((sum, report) => sum + report.warnings.length, 0),
    ms: performance.now() - started,
  };
}

function parseFile(file: string, aliases: ReadonlyMap<string, string>): TownRecords {
  const name = basename(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ParseError(
      name,
      null,
      `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const decoded = decodeListBytes(bytes, name);
  const parsed = parseListFile(decoded.text, name);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return buildTownRecords(parsed, { file: name, sha256, encoding: decoded.encoding }, aliases);
}

/** Builds the new database next to the old one and renames it into place. */
async function writeDatabase(
  dbPath: string,
  towns: TownRecords[],
  aliasRows: { alias: string; canonical: string; note: string | null }[],
  parquetDir: string | undefined,
): Promise<void> {
  await mkdir(dirname(dbPath), { recursive: true });
  const release = acquireLock(dbPath);
  const tmpPath = `${dbPath}.tmp-${process.pid}`;
  try {
    removeStaleTemps(dbPath);
    if (existsSync(dbPath)) await copyFile(dbPath, tmpPath);
    const instance = await DuckDBInstance.create(tmpPath);
    const connection = await instance.connect();
    try {
      await connection.run(await readFile(SCHEMA_PATH, 'utf8'));
      await connection.run('BEGIN TRANSACTION');
      for (const town of towns) await replaceTown(connection, town);
      await connection.run('DELETE FROM department_aliases');
      await appendRows(connection, 'department_aliases', aliasRows, ['alias', 'canonical', 'note']);
      await connection.run(
        `INSERT INTO meta VALUES ('loaded_at', $at) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        { at: new Date().toISOString() },
      );
      await connection.run('COMMIT');
      await connection.run('CHECKPOINT');
      if (parquetDir !== undefined) await writeParquet(connection, parquetDir);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    await rename(tmpPath, dbPath);
  } catch (error) {
    await rm(tmpPath, { force: true });
    await rm(`${tmpPath}.wal`, { force: true });
    throw error;
  } finally {
    release();
  }
}

const TOWN_TABLES = [
  'lists',
  'categories',
  'items',
  'item_departments',
  'penalty_clauses',
  'item_support',
  'procedure_stages',
  'load_issues',
  'applied_aliases',
  'towns',
] as const;

async function replaceTown(connection: DuckDBConnection, town: TownRecords): Promise<void> {
  const townId = town.town.town_id;
  for (const table of TOWN_TABLES) {
    await connection.run(`DELETE FROM ${table} WHERE town_id = $town`, { town: townId });
  }
  const t = town.town;
  await connection.run(
    `INSERT INTO towns VALUES ($town_id, $full_name, $name, $province, $city, $county,
       $source_file, $source_sha256, $encoding, now()::TIMESTAMP)`,
    { ...t },
  );
  await appendRows(connection, 'lists', town.lists, [
    'town_id',
    'kind',
    'title',
    'declared_count',
    'item_count',
    'source_line',
  ]);
  await appendRows(connection, 'categories', town.categories, [
    'town_id',
    'kind',
    'ordinal',
    'name',
    'declared_count',
    'item_count',
    'source_line',
  ]);
  await appendRows(connection, 'items', town.items, [
    'item_id',
    'town_id',
    'kind',
    'seq',
    'category',
    'category_ordinal',
    'name',
    'departments_raw',
    'department_duties',
    'department_duty_steps',
    'support_raw',
    'town_duties',
    'town_duty_steps',
    'method',
    'method_steps',
    'is_penalty',
    'source_file',
    'source_line',
  ]);
  await appendRows(connection, 'item_departments', town.itemDepartments, [
    'item_id',
    'town_id',
    'kind',
    'department',
    'role',
    'position',
    'raw_name',
    'note',
    'duties',
    'duty_steps',
    'source_line',
  ]);
  await appendRows(connection, 'penalty_clauses', town.penaltyClauses, [
    'item_id',
    'town_id',
    'clause_no',
    'text',
    'source_line',
  ]);
  await appendRows(connection, 'item_support', town.itemSupport, [
    'item_id',
    'town_id',
    'support_type',
    'phrases',
  ]);
  await appendRows(connection, 'procedure_stages', town.procedureStages, [
    'item_id',
    'town_id',
    'stage_no',
    'stage',
    'text',
  ]);
  await appendRows(connection, 'load_issues', town.loadIssues, [
    'town_id',
    'source_file',
    'source_line',
    'severity',
    'code',
    'message',
    'list_kind',
    'category',
    'declared',
    'found',
  ]);
  await appendRows(connection, 'applied_aliases', town.appliedAliases, [
    'town_id',
    'item_id',
    'source_line',
    'raw_name',
    'canonical',
    'rule',
  ]);
  for (const department of town.departments) {
    await connection.run(
      `INSERT INTO departments VALUES ($name, $type) ON CONFLICT (name) DO UPDATE SET type = excluded.type`,
      {
        ...department,
      },
    );
  }
}

/** Appends rows through DuckDB's appender; columns are given in the table's column order. */
async function appendRows<Row extends object>(
  connection: DuckDBConnection,
  table: string,
  rows: readonly Row[],
  columns: readonly (keyof Row & string)[],
): Promise<void> {
  if (rows.length === 0) return;
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    for (const column of columns) {
      const value: unknown = row[column];
      if (value === null || value === undefined) appender.appendNull();
      else if (typeof value === 'string') appender.appendVarchar(value);
      else if (typeof value === 'number') appender.appendInteger(value);
      else if (typeof value === 'boolean') appender.appendBoolean(value);
      else if (Array.isArray(value)) appender.appendList(listValue(value as string[]), LIST(VARCHAR));
      else throw new Error(`cannot append ${typeof value} to ${table}.${column}`);
    }
    appender.endRow();
  }
  appender.closeSync();
}

const ALL_TABLES = [
  'towns',
  'departments',
  'department_aliases',
  'meta',
  ...TOWN_TABLES.filter((t) => t !== 'towns'),
];

async function writeParquet(connection: DuckDBConnection, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const table of ALL_TABLES) {
    const target = resolve(dir, `${table}.parquet`).replaceAll("'", "''");
    await connection.run(`COPY ${table} TO '${target}' (FORMAT parquet)`);
  }
}

/** One ETL run per database at a time; a lock left by a killed run (dead pid) is taken over. */
function acquireLock(dbPath: string): () => void {
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
        throw new Error(
          `another ETL run (pid ${pid}) is loading ${dbPath}; wait for it or remove ${lockPath}`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`cannot lock ${dbPath}`);
}

function removeStaleTemps(dbPath: string): void {
  const prefix = `${basename(dbPath)}.tmp-`;
  for (const name of readdirSync(dirname(dbPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).replace(/\.wal$/, ''));
    if (!isAlive(pid) || pid === process.pid) rmSync(join(dirname(dbPath), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The list files of a folder (every .txt), sorted, for `npm run etl` without arguments. */
export function listFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.txt'))
    .sort()
    .map((name) => join(dir, name));
}

export type { ParseWarning };
