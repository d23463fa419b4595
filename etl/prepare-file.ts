// One list file made ready for the database: read, decoded, parsed, normalised and serialised
// as newline-delimited JSON per table. Runs on the main thread or in a parse worker; its result
// is plain data (strings), cheap to pass between threads.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildTownRecords, type TownRecords } from './build-records.ts';
import { decodeListBytes } from './decode.ts';
import { ParseError } from './parse-error.ts';
import { parseListFile, type ListKind } from './parse-list.ts';

/** The tables the loader bulk-loads, with their columns in schema order. */
export const BULK_TABLES = [
  'towns',
  'lists',
  'categories',
  'items',
  'item_departments',
  'penalty_clauses',
  'item_support',
  'procedure_stages',
  'load_issues',
  'applied_aliases',
] as const;
export type BulkTable = (typeof BULK_TABLES)[number];

export type PreparedFile =
  | {
      ok: true;
      townId: string;
      town: string;
      sourceFile: string;
      counts: Record<ListKind, number>;
      warnings: string[];
      items: number;
      /** Rows of each table as NDJSON, one line per row, ending in a new line. */
      lines: Partial<Record<BulkTable, string>>;
      departments: [name: string, type: string][];
      ms: number;
    }
  | { ok: false; error: string; ms: number };

/** Reads and parses one file; never throws: a bad file comes back as { ok: false, error }. */
export function prepareFile(
  file: string,
  aliases: ReadonlyMap<string, string>,
  loadedAt: string,
): PreparedFile {
  const started = performance.now();
  try {
    const records = parseFile(file, aliases);
    const counts: Record<ListKind, number> = { basic: 0, cooperative: 0, reclaimed: 0 };
    for (const list of records.lists) counts[list.kind] = list.item_count;
    return {
      ok: true,
      townId: records.town.town_id,
      town: records.town.full_name,
      sourceFile: records.town.source_file,
      counts,
      warnings: records.loadIssues.map((issue) => issue.message),
      items: records.items.length,
      lines: serialise(records, loadedAt),
      departments: records.departments.map((d) => [d.name, d.type]),
      ms: performance.now() - started,
    };
  } catch (error) {
    const message =
      error instanceof ParseError ? error.message : `${basename(file)}: ${(error as Error).message}`;
    return { ok: false, error: message, ms: performance.now() - started };
  }
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
