// The towns a load changed: those whose rows in the town tables (etl/bulk-tables.ts) it replaced or
// added — a newer edition of a town, or a town new to the database; not an older edition, which only
// goes into the edition tables. Whatever the loader keeps derived per town (roll-ups, duties, a search
// index) reads this set, as the temp table changed_towns (town_id), to redo only those towns.

import type { DuckDBConnection } from '@duckdb/node-api';
import { appendRows } from './table-writer.ts';

/** Replaces the temp table changed_towns with these towns. */
export async function writeChangedTowns(
  connection: DuckDBConnection,
  towns: ReadonlySet<string>,
): Promise<void> {
  await connection.run('CREATE OR REPLACE TEMP TABLE changed_towns (town_id VARCHAR NOT NULL)');
  await appendRows(
    connection,
    'changed_towns',
    [...towns].map((town_id) => ({ town_id })),
    ['town_id'],
  );
}
