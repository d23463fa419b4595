// Warms a serving process once it listens. Each process opens its own DuckDB instance, and its first
// query of a roll-up reads and decodes that table's blocks: at national scale the first
// penalties/by-bureau miss of a process took 50–120 ms against ~10 ms after it. The queries of the
// answers every dashboard asks first run here in the background, after the port is open, so health and
// the first requests are never held up by it (a request arriving meanwhile shares the CPU with it).
import type { Db } from './db.ts';
import { keptPenaltiesJson, penaltyBureausJson } from './queries/penalties.ts';

/** Runs the warming queries one after another; resolves with the time they took (ms). */
export async function warmUp(db: Db): Promise<number> {
  const started = performance.now();
  // The route's two queries with the API's defaults (server/routes/penalties.ts).
  await penaltyBureausJson(db, {});
  await keptPenaltiesJson(db, {});
  return performance.now() - started;
}
