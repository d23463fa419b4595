// Writes parsed town lists into a DuckDB file, atomically.
//
// One rejected file rejects the run. The new database is built apart (a copy of the old one, or
// a fresh file) and renamed over the old one only when every file succeeded, so a rejected,
// failed or killed run leaves the existing database byte-for-byte unchanged, and a server
// reading it never sees half a load. Files stream in one at a time: memory stays flat.

import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DuckDBInstance,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import { parseAliasTable } from './normalize-departments.ts';
import type { ListKind, ParseWarning } from './parse-list.ts';
import { prepareInOrder } from './parse-pool.ts';
import { BULK_TABLES, type BulkTable, type PreparedFile } from './prepare-file.ts';

const ETL_DIR = dirname(new URL(import.meta.url).pathname);
export const SCHEMA_PATH = join(ETL_DIR, 'schema.sql');
const ROLLUPS_PATH = join(ETL_DIR, 'rollups.sql');
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

  await mkdir(dirname(dbPath), { recursive: true });
  const release = acquireLock(dbPath);
  const tmpPath = `${dbPath}.tmp-${process.pid}`;
  const reports: FileReport[] = [];
  let rejected = false;
  let items = 0;
  try {
    removeStaleTemps(dbPath);
    if (existsSync(dbPath)) await copyFile(dbPath, tmpPath);
    const instance = await DuckDBInstance.create(tmpPath);
    const connection = await instance.connect();
    const writer = new TableWriter(connection, tmpPath);
    try {
      await connection.run(await readFile(SCHEMA_PATH, 'utf8'));
      const existing = new Set(
        (await connection.runAndReadAll('SELECT town_id FROM towns'))
          .getRowObjectsJson()
          .map((r) => String(r.town_id)),
      );
      const loadedAt = new Date().toISOString();
      const sourceOf = new Map<string, string>();
      // Files stream into the new database one by one, so memory stays flat however many towns
      // a run loads. After the first rejection nothing more is written; the rest is still parsed
      // so that one run reports every bad file.
      for await (const prepared of prepareInOrder(options.files, aliases, loadedAt)) {
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
            report.error = `${basename(file)}: ${report.warnings.length} warning(s) and --strict is set; first: ${report.warnings[0]}`;
          } else if (earlier !== undefined) {
            report.error = `${basename(file)}: town ${prepared.town} is also in ${earlier}; expected each town once per run`;
          } else if (!rejected) {
            sourceOf.set(prepared.townId, prepared.sourceFile);
            if (existing.has(prepared.townId)) await deleteTown(connection, prepared.townId);
            writer.add(prepared);
            items += prepared.items;
          }
        }
        rejected ||= report.error !== null;
        reports.push(report);
        options.onFile?.(report);
      }
      if (!rejected) {
        await writer.commit();
        await connection.run('DELETE FROM department_aliases');
        await appendRows(connection, 'department_aliases', aliasRows, ['alias', 'canonical', 'note']);
        // The roll-ups the server's aggregate queries read, rebuilt from every town now in the file.
        await connection.run(await readFile(ROLLUPS_PATH, 'utf8'));
        await connection.run(
          `INSERT INTO meta VALUES ('loaded_at', $at) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          { at: new Date().toISOString() },
        );
        await connection.run('CHECKPOINT');
        if (options.parquetDir !== undefined) await writeParquet(connection, options.parquetDir);
      }
    } finally {
      writer.dispose();
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
    throw error;
  } finally {
    release();
  }
  return {
    ok: !rejected,
    dbPath,
    files: reports,
    items,
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
    ms: 0,
  };
}

async function removeTemp(tmpPath: string): Promise<void> {
  await rm(`${tmpPath}.rows`, { recursive: true, force: true });
  await rm(tmpPath, { force: true });
  await rm(`${tmpPath}.wal`, { force: true });
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

async function deleteTown(connection: DuckDBConnection, townId: string): Promise<void> {
  for (const table of TOWN_TABLES) {
    await connection.run(`DELETE FROM ${table} WHERE town_id = $town`, { town: townId });
  }
}

/** Column order of each bulk table, as in schema.sql. */
const COLUMNS_OF: Record<BulkTable, readonly string[]> = {
  towns: [
    'town_id',
    'full_name',
    'name',
    'province',
    'city',
    'county',
    'source_file',
    'source_sha256',
    'encoding',
    'loaded_at',
  ],
  lists: ['town_id', 'kind', 'title', 'declared_count', 'item_count', 'source_line'],
  categories: ['town_id', 'kind', 'ordinal', 'name', 'declared_count', 'item_count', 'source_line'],
  items: [
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
  ],
  item_departments: [
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
  ],
  penalty_clauses: ['item_id', 'town_id', 'clause_no', 'text', 'source_line'],
  item_support: ['item_id', 'town_id', 'support_type', 'phrases', 'source_line'],
  procedure_stages: ['item_id', 'town_id', 'stage_no', 'stage', 'text', 'source_line'],
  load_issues: [
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
  ],
  applied_aliases: ['town_id', 'item_id', 'source_line', 'raw_name', 'canonical', 'rule'],
} as const;

/**
 * Streams the rows of every town into one newline-delimited JSON file per table, then lets
 * DuckDB bulk-load each file with COPY. Crossing from JS to DuckDB once per table instead of
 * once per value is what makes the ETL fast; the files live next to the temporary database.
 */
class TableWriter {
  private readonly buffers = new Map<BulkTable, string[]>();
  private readonly sizes = new Map<BulkTable, number>();
  private readonly departments = new Map<string, string>();
  private readonly dir: string;
  constructor(
    private readonly connection: DuckDBConnection,
    tmpPath: string,
  ) {
    this.dir = `${tmpPath}.rows`;
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir);
  }

  add(prepared: Extract<PreparedFile, { ok: true }>): void {
    for (const table of BULK_TABLES) {
      const lines = prepared.lines[table];
      if (lines !== undefined) this.append(table, lines);
    }
    for (const [name, type] of prepared.departments) this.departments.set(name, type);
  }

  /** Bulk-loads every table's file. */
  async commit(): Promise<void> {
    for (const table of BULK_TABLES) {
      this.flush(table);
      const file = this.fileOf(table);
      if (!existsSync(file)) continue;
      const columns = COLUMNS_OF[table].join(', ');
      await this.connection.run(
        `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM read_json('${file.replaceAll("'", "''")}',
           format = 'newline_delimited', columns = ${jsonColumns(table)})`,
      );
    }
    await this.upsertDepartments();
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async upsertDepartments(): Promise<void> {
    if (this.departments.size === 0) return;
    await this.connection.run('CREATE TEMP TABLE new_departments AS SELECT * FROM departments LIMIT 0');
    const rows = [...this.departments].map(([name, type]) => ({ name, type }));
    await appendRows(this.connection, 'new_departments', rows, ['name', 'type']);
    await this.connection.run('INSERT OR REPLACE INTO departments SELECT * FROM new_departments');
    await this.connection.run('DROP TABLE new_departments');
  }

  private append(table: BulkTable, lines: string): void {
    const buffer = this.buffers.get(table) ?? [];
    buffer.push(lines);
    const size = (this.sizes.get(table) ?? 0) + lines.length;
    this.buffers.set(table, buffer);
    this.sizes.set(table, size);
    if (size > 8_000_000) this.flush(table);
  }

  private flush(table: BulkTable): void {
    const buffer = this.buffers.get(table);
    if (!buffer || buffer.length === 0) return;
    appendFileSync(this.fileOf(table), buffer.join(''));
    this.buffers.set(table, []);
    this.sizes.set(table, 0);
  }

  private fileOf(table: BulkTable): string {
    return join(this.dir, `${table}.ndjson`);
  }
}

/** DuckDB types of each bulk table's columns, for read_json's columns = {…}. */
const JSON_TYPES: Record<string, string> = {
  seq: 'INTEGER',
  category_ordinal: 'INTEGER',
  ordinal: 'INTEGER',
  declared_count: 'INTEGER',
  item_count: 'INTEGER',
  source_line: 'INTEGER',
  position: 'INTEGER',
  clause_no: 'INTEGER',
  stage_no: 'INTEGER',
  declared: 'INTEGER',
  found: 'INTEGER',
  is_penalty: 'BOOLEAN',
  loaded_at: 'TIMESTAMP',
  department_duty_steps: 'VARCHAR[]',
  town_duty_steps: 'VARCHAR[]',
  method_steps: 'VARCHAR[]',
  duty_steps: 'VARCHAR[]',
  phrases: 'VARCHAR[]',
};

function jsonColumns(table: BulkTable): string {
  const entries = COLUMNS_OF[table].map((column) => `'${column}': '${JSON_TYPES[column] ?? 'VARCHAR'}'`);
  return `{${entries.join(', ')}}`;
}

function appendValues(
  appender: DuckDBAppender,
  row: Record<string, unknown>,
  columns: readonly string[],
  table: string,
): void {
  for (const column of columns) {
    const value = row[column];
    if (value === null || value === undefined) appender.appendNull();
    else if (typeof value === 'string') appender.appendVarchar(value);
    else if (typeof value === 'number') appender.appendInteger(value);
    else if (typeof value === 'boolean') appender.appendBoolean(value);
    else if (Array.isArray(value)) appender.appendList(listValue(value as string[]), LIST(VARCHAR));
    else throw new Error(`cannot append ${typeof value} to ${table}.${column}`);
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
    appendValues(appender, row as Record<string, unknown>, columns, table);
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
  // Left behind by a killed run: <db>.tmp-<pid>, its .wal and its .rows folder.
  const prefix = `${basename(dbPath)}.tmp-`;
  for (const name of readdirSync(dirname(dbPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (pid === process.pid || !isAlive(pid))
      rmSync(join(dirname(dbPath), name), { recursive: true, force: true });
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
