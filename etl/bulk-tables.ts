// The tables a town's rows are bulk-loaded into, in load order, and the files their rows wait
// in (one per table and thread). Their columns and types are not repeated here: the loader reads
// them from the database that schema.sql created.

import { join } from 'node:path';

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

/** The table a large load writes on a connection of its own, beside the others (etl/table-writer.ts). */
export const SEPARATE_LANE: BulkTable = 'items';

/** The NDJSON file a thread appends a table's rows to in a load's rows folder. */
export function rowsFileOf(dir: string, table: BulkTable, thread: number): string {
  return join(dir, `${table}.${thread}.ndjson`);
}

/** Every thread's file of a table (a glob read_json expands). */
export function rowsGlobOf(dir: string, table: BulkTable): string {
  return join(dir, `${table}.*.ndjson`);
}
