// Rebuilds the duties tables: every item of the latest editions clustered into duties by meaning
// (shared/match/cluster-duties.ts, the town's own place names removed), so the server answers
// GET /api/duties/divergent with one SQL query instead of clustering on a request.

import type { DuckDBConnection } from '@duckdb/node-api';
import { clusterDuties, type TownItem } from '../shared/match/cluster-duties.ts';
import { KINDS, type Kind } from '../shared/vocabulary.ts';
import { appendRows } from './table-writer.ts';

interface ItemRow {
  item_id: string;
  town_id: string;
  kind: Kind;
  name: string;
  town: string;
  county: string | null;
  city: string | null;
}

/** Clusters every item in the database and replaces duties and item_duties. Returns the time taken. */
export async function buildDuties(
  connection: DuckDBConnection,
): Promise<{ items: number; duties: number; ms: number }> {
  const started = performance.now();
  const rows = (
    await connection.runAndReadAll(
      `SELECT i.item_id, i.town_id, i.kind, i.name, t.name AS town, t.county, t.city
         FROM items i JOIN towns t USING (town_id) ORDER BY i.item_id`,
    )
  ).getRowObjectsJson() as unknown as ItemRow[];
  const placesOf = new Map<string, string[]>();
  const items: TownItem<Kind>[] = rows.map((row) => {
    let places = placesOf.get(row.town_id);
    if (!places) placesOf.set(row.town_id, (places = [row.town, row.county ?? '', row.city ?? '']));
    return { id: row.item_id, town: row.town_id, kind: row.kind, text: row.name, places };
  });
  const clustering = clusterDuties(items, { kindOrder: KINDS });
  await connection.run('DELETE FROM item_duties');
  await connection.run('DELETE FROM duties');
  await appendRows(
    connection,
    'duties',
    clustering.duties.map((duty) => ({ duty_id: duty.dutyId, label: duty.label })),
    ['duty_id', 'label'],
  );
  await appendRows(
    connection,
    'item_duties',
    rows.map((row, i) => ({
      item_id: row.item_id,
      town_id: row.town_id,
      duty_id: clustering.dutyOfItem[i]!,
    })),
    ['item_id', 'town_id', 'duty_id'],
  );
  return { items: rows.length, duties: clustering.duties.length, ms: performance.now() - started };
}
