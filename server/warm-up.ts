// Warms a serving process once it listens. Each process opens its own DuckDB instance, and its first
// query of a roll-up reads and decodes that table's blocks: at national scale the first
// penalties/by-bureau miss of a process took 50–120 ms against ~10 ms after it. The requests every
// dashboard asks first are made here, through the app itself (validation, queries, the response cache
// and its compression all run once), in the background after the port is open: health and the first
// requests are never held up by it (a request arriving meanwhile shares the CPU with it). Given the
// database, it also reads the values a filter may name (server/known-values.ts): every filtered request
// checks them, and at national the first one waited ~0.5 s for them (2 s in the 城镇 view, whose two
// towns' charts asked at once beside its other requests).
import type { Db } from './db.ts';
import { loadKnownValues } from './known-values.ts';

/** The paths requested: the by-bureau answer at the API's defaults. */
export const WARM_PATHS = ['/api/penalties/by-bureau'] as const;

/**
 * Requests each path in turn from `fetch` (the app's), then reads the filter values of `db` when given;
 * resolves with the time taken (ms).
 */
export async function warmUp(
  fetch: (request: Request) => Response | Promise<Response>,
  db?: Db,
): Promise<number> {
  const started = performance.now();
  for (const path of WARM_PATHS) {
    const response = await fetch(
      new Request(`http://localhost${path}`, { headers: { 'Accept-Encoding': 'gzip' } }),
    );
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  }
  if (db) await loadKnownValues(db);
  return performance.now() - started;
}
