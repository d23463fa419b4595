// One serving process: opens the database read-only, builds the app with its bounded work queue and
// listens on HOST:PORT. `npm start` runs it in the one process (WORKERS=1) or in each cluster worker,
// where the workers share the port and each has its own DuckDB instance on the file.
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { createApp } from './app.ts';
import { openDb, type Db } from './db.ts';
import { hasRollups } from './queries/plan.ts';
import type { Env } from './env.ts';
import { createHttpServer } from './http-server.ts';
import { securityHeaders } from './security-headers.ts';
import { lowerBackgroundThreads } from './thread-priority.ts';
import { warmUp } from './warm-up.ts';
import { createWorkQueue } from './work-queue.ts';

export interface Serving {
  server: Server;
  /** Stops accepting, lets open requests finish (at most 3 s), closes the database, then exits. */
  shutdown(reason: string): void;
}

export async function serve(
  env: Env,
  hasClient: boolean,
  log: (message: string) => void,
  onListening: (server: Server) => void,
): Promise<Serving> {
  // Warms the process (below) once it listens, and again whenever the ETL has replaced the file.
  let warmReplaced = () => {};
  const db = await openDb({
    onReplaced: () => warmReplaced(),
    path: env.DUTIES_DB,
    queryTimeoutMs: env.QUERY_TIMEOUT_MS,
    memoryLimit: env.DUCKDB_MEMORY_LIMIT,
    // One connection beyond the query slots, so a light query (health, known values) never waits for one.
    poolSize: env.QUERY_CONCURRENCY + 1,
    // The serving processes share the cores: each DuckDB instance gets its part, not all of them, so the
    // processes' event loops (health, cached answers) are not crowded out by scans.
    threads: Math.max(1, Math.floor(availableParallelism() / env.WORKERS)),
  });
  // Opening the database started libuv's thread pool (where queries run) and DuckDB's threads.
  if (env.QUERY_NICE > 0) lowerBackgroundThreads(env.QUERY_NICE);
  // Said once (by the first worker): the answers stay right, but at scale they are slow.
  if ((cluster.worker?.id ?? 1) === 1 && !(await hasRollups(db)))
    log(
      `duty-map: ${env.DUTIES_DB} has no roll-ups of this version (built before them, or by an older duty-map): ` +
        'charts are answered from the base tables, slowly beyond a few hundred towns, until the next load ' +
        '(npm run etl) builds them',
    );
  const app = createApp({
    db,
    ...(hasClient ? { staticRoot: env.CLIENT_DIR } : {}),
    ...(env.CORS_ORIGIN ? { corsOrigin: env.CORS_ORIGIN } : {}),
    allowedHosts: env.ALLOWED_HOSTS,
    listenHost: env.HOST,
    hstsMaxAge: env.HSTS_MAX_AGE,
    workQueue: createWorkQueue({ concurrency: env.QUERY_CONCURRENCY, maxQueued: env.QUERY_QUEUE }),
    imports: { dbPath: env.DUTIES_DB, token: env.IMPORT_TOKEN },
    reportDeadlineMs: env.REPORT_TIMEOUT_MS,
  });
  const server = createHttpServer({
    fetch: app.fetch,
    headers: securityHeaders({ hstsMaxAge: env.HSTS_MAX_AGE }),
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`duty-map: cannot listen on ${env.HOST}:${env.PORT}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  const warm = (after: string) =>
    warmUp((request) => app.fetch(request)).then(
      (ms) => log(`duty-map: process ${process.pid} warmed in ${ms.toFixed(0)} ms${after}`),
      // Said even by a cluster worker (whose log is silent): requests are served, but start cold.
      (error: unknown) => console.warn(`duty-map: warming up failed: ${String(error)}`),
    );
  server.listen(env.PORT, env.HOST, () => {
    onListening(server);
    void warm('');
    warmReplaced = () => void warm(' (the database file was replaced)');
  });
  return {
    server,
    shutdown(reason) {
      log(`duty-map: ${reason}, shutting down`);
      // Give open keep-alive connections a moment, then stop regardless.
      const force = setTimeout(() => process.exit(0), 3_000);
      force.unref();
      server.close(() => closeDb(db));
      server.closeIdleConnections();
    },
  };
}

function closeDb(database: Db) {
  database.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
