// The tables a town's rows are bulk-loaded into, in load order. Their columns and types are
// not repeated here: the loader reads them from the database that schema.sql created.

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
