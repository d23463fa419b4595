// One list file made ready for the database: read (a regular file, capped), its rows read by
// the reader of its type, the records built, normalised and serialised as newline-delimited
// JSON per table. Runs on the main thread or in a parse worker. With a rows folder (a load), the
// thread appends the rows to its own file per table there (etl/rows-files.ts; etl/table-writer.ts
// loads them), so they never cross between threads; without one (a template load), they come back
// as strings.

import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { buildTownRecords, type TownRecords } from './build-records.ts';
import type { ListKind } from './list-kinds.ts';
import { ParseError } from './parse-error.ts';
import { parseListRows, type ParsedFile } from './parse-list.ts';
import { DEFAULT_MAX_FILE_BYTES, readRegularFile } from './read-file.ts';
import { readListRows, type SourceFormat } from './read-list.ts';
import { escapeControls, quote } from './source-rows.ts';
import { BULK_TABLES, type BulkTable } from './bulk-tables.ts';
import { appendTableRows } from './rows-files.ts';

export type PreparedFile =
  | {
      ok: true;
      townId: string;
      town: string;
      /** The edition the file's titles name, or null (the loader then decides: etl/edition-label.ts). */
      titleEdition: string | null;
      sourceFile: string;
      format: SourceFormat;
      counts: Record<ListKind, number>;
      warnings: string[];
      items: number;
      /**
       * Rows of each table as NDJSON, one line per row, ending in a new line; empty when they were
       * written to the rows folder.
       */
      lines: Partial<Record<BulkTable, string>>;
      departments: [name: string, type: string][];
      ms: number;
    }
  | { ok: false; error: string; ms: number };

export interface PrepareOptions {
  aliases: ReadonlyMap<string, string>;
  loadedAt: string;
  maxFileBytes?: number;
  /** Append each table's rows to this thread's file in this folder instead of returning them. */
  rowsDir?: string;
}

/** A file's name as messages and the database show it: its base name, control characters escaped. */
export function displayName(file: string): string {
  return escapeControls(basename(file));
}

/** Reads and parses one file; never throws: a bad file comes back as { ok: false, error }. */
export async function prepareFile(file: string, options: PrepareOptions): Promise<PreparedFile> {
  const started = performance.now();
  try {
    const { parsed, records, format } = await parseFile(file, options);
    const counts: Record<ListKind, number> = { basic: 0, cooperative: 0, reclaimed: 0 };
    for (const list of records.lists) counts[list.kind] = list.item_count;
    const lines = serialise(records, options.loadedAt);
    if (options.rowsDir !== undefined) {
      for (const table of BULK_TABLES) {
        const text = lines[table];
        if (text !== undefined) appendTableRows(options.rowsDir, table, text);
      }
    }
    return {
      ok: true,
      townId: records.town.town_id,
      town: records.town.full_name,
      titleEdition: parsed.edition ?? null,
      sourceFile: records.town.source_file,
      format,
      counts,
      warnings: records.loadIssues.map((issue) => issue.message),
      items: records.items.length,
      lines: options.rowsDir === undefined ? lines : {},
      departments: records.departments.map((d) => [d.name, d.type]),
      ms: performance.now() - started,
    };
  } catch (error) {
    return { ok: false, error: errorMessage(error, file), ms: performance.now() - started };
  }
}

/** A file's parse and records, for the dry run (`--check`) and the loader. */
export async function parseFile(
  file: string,
  options: PrepareOptions,
): Promise<{ parsed: ParsedFile; records: TownRecords; format: SourceFormat }> {
  const name = displayName(file);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const bytes = readRegularFile(file, name, maxBytes);
  const read = await readListRows(bytes, file, name, maxBytes);
  const parsed = parseListRows(read.rows, name);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const records = buildTownRecords(
    parsed,
    { file: name, sha256, encoding: read.encoding, format: read.format },
    options.aliases,
  );
  return { parsed, records, format: read.format };
}

/** A rejection's message: a ParseError as it is; anything else (a reader's own error) quoted short. */
export function errorMessage(error: unknown, file: string): string {
  if (error instanceof ParseError) return error.message;
  return `${displayName(file)}: cannot read (${quote((error as Error).message ?? String(error))})`;
}

function serialise(records: TownRecords, loadedAt: string): Partial<Record<BulkTable, string>> {
  const rowsOf: Record<BulkTable, readonly object[]> = {
    towns: [{ ...records.town, loaded_at: loadedAt }],
    lists: records.lists,
    categories: records.categories,
    items: records.items,
    item_departments: records.itemDepartments,
    penalty_clauses: records.penaltyClauses,
    item_support: records.itemSupport,
    procedure_stages: records.procedureStages,
    load_issues: records.loadIssues,
    applied_aliases: records.appliedAliases,
  };
  const lines: Partial<Record<BulkTable, string>> = {};
  for (const table of BULK_TABLES) {
    const rows = rowsOf[table];
    if (rows.length > 0) lines[table] = rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  }
  return lines;
}
