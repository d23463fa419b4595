// Records the edition of every town a run loads (editions, edition_items), in a few statements for
// the whole run rather than several per town: per-town DELETEs each scanned edition_items, which
// made a load quadratic in its towns. The latest edition's items are copied from the items table
// once it holds them; an older edition loaded late (not latest) has its items read from the rows
// the run wrote (etl/table-writer.ts), which the items table skipped.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { PreparedFile } from './prepare-file.ts';
import { appendRows } from './table-writer.ts';

export const EDITION_ITEM_COLUMNS = [
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

interface EditionRow {
  town_id: string;
  edition: string;
  edition_year: number | null;
  loaded_at: string;
  source_file: string;
  basic: number;
  cooperative: number;
  reclaimed: number;
  is_latest: boolean;
}
const EDITION_COLUMNS = [
  'town_id',
  'edition',
  'edition_year',
  'loaded_at',
  'source_file',
  'basic',
  'cooperative',
  'reclaimed',
  'is_latest',
] as const;

export class EditionWriter {
  private readonly editions: EditionRow[] = [];

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly loadedAt: string,
  ) {}

  /** Queues one edition of a town; a later edition of the same town in the database stays latest. */
  add(
    prepared: Extract<PreparedFile, { ok: true }>,
    edition: string,
    year: number | null,
    latest: boolean,
  ): void {
    this.editions.push({
      town_id: prepared.townId,
      edition,
      edition_year: year,
      loaded_at: this.loadedAt,
      source_file: prepared.sourceFile,
      ...prepared.counts,
      is_latest: latest,
    });
  }

  /** Replaces the queued editions (before the town tables are written). */
  async writeEditions(): Promise<void> {
    if (this.editions.length === 0) return;
    const run = this.connection;
    await run.run('CREATE OR REPLACE TEMP TABLE run_editions AS SELECT * FROM editions LIMIT 0');
    await appendRows(run, 'run_editions', this.editions, EDITION_COLUMNS);
    for (const table of ['edition_items', 'editions']) {
      await run.run(
        `DELETE FROM ${table} e USING run_editions r WHERE e.town_id = r.town_id AND e.edition = r.edition`,
      );
    }
    await run.run(
      `UPDATE editions SET is_latest = false WHERE town_id IN (SELECT town_id FROM run_editions WHERE is_latest)`,
    );
    await run.run(`INSERT INTO editions SELECT * FROM run_editions`);
  }

  /** The towns whose queued edition is not their latest: the town tables skip their rows. */
  olderTowns(): string[] {
    return this.editions.filter((row) => !row.is_latest).map((row) => row.town_id);
  }

  /**
   * Writes the queued editions' items, after the items table holds the latest editions' items;
   * the items of older editions come from `runItems`, the SQL source of every item the run read.
   */
  async writeItems(runItems: string | null): Promise<void> {
    if (this.editions.length === 0) return;
    const columns = EDITION_ITEM_COLUMNS.map((column) => `i.${column}`).join(', ');
    await this.connection.run(
      `INSERT INTO edition_items
       SELECT i.town_id, r.edition, ${columns}
         FROM items i JOIN run_editions r ON r.town_id = i.town_id AND r.is_latest`,
    );
    if (runItems !== null && this.olderTowns().length > 0) {
      await this.connection.run(
        `INSERT INTO edition_items
         SELECT i.town_id, r.edition, ${columns}
           FROM ${runItems} i JOIN run_editions r ON r.town_id = i.town_id AND NOT r.is_latest`,
      );
    }
    await this.connection.run('DROP TABLE run_editions');
  }
}

/** The columns edition_items and template_items keep of each item, from the prepared NDJSON. */
export function editionItemRows(lines: string | undefined): EditionItemRow[] {
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
