// Warms a serving process once it listens. Each process opens its own DuckDB instance, and its first
// query of a roll-up reads and decodes that table's blocks: at national scale the first
// penalties/by-bureau miss of a process took 50–120 ms against ~10 ms after it. The requests every
// dashboard asks first are made here, through the app itself (validation, queries, the response cache
// and its compression all run once), in the background after the port is open: health and the first
// requests are never held up by it (a request arriving meanwhile shares the CPU with it).

/** The paths requested: the by-bureau answer at the API's defaults. */
export const WARM_PATHS = ['/api/penalties/by-bureau'] as const;

/** Requests each path in turn from `fetch` (the app's); resolves with the time taken (ms). */
export async function warmUp(fetch: (request: Request) => Response | Promise<Response>): Promise<number> {
  const started = performance.now();
  for (const path of WARM_PATHS) {
    const response = await fetch(
      new Request(`http://localhost${path}`, { headers: { 'Accept-Encoding': 'gzip' } }),
    );
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  }
  return performance.now() - started;
}
