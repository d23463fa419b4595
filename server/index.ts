// `npm start` (and `node dist/server/index.js`): builds what is missing, then serves the API and the
// dashboard on http://HOST:PORT in this one process. Started by npm, it exits when npm does.
import { createApp } from './app.ts';
import { ensureClientBuild, ensureDatabase } from './bootstrap.ts';
import { openDb, type Db } from './db.ts';
import { readEnv } from './env.ts';
import { createHttpServer } from './http-server.ts';
import { watchParent } from './parent-watch.ts';
import { securityHeaders } from './security-headers.ts';

const log = (message: string) => console.log(message);

let stopping = false;
let shutdown: (reason: string) => void = (reason) => {
  // Still preparing (building the database or the dashboard): nothing to close yet.
  log(`duty-map: ${reason}, exiting`);
  process.exit(1);
};
function stop(reason: string) {
  if (stopping) return;
  stopping = true;
  shutdown(reason);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

async function prepare() {
  const env = readEnv();
  if (env.npm_lifecycle_event !== undefined) watchParent(() => stop('npm exited'));
  await ensureDatabase(env.DUTIES_DB, log);
  const hasClient = await ensureClientBuild(env.CLIENT_DIR, log);
  const db = await openDb({
    path: env.DUTIES_DB,
    queryTimeoutMs: env.QUERY_TIMEOUT_MS,
    memoryLimit: env.DUCKDB_MEMORY_LIMIT,
  });
  return { env, hasClient, db };
}

const { env, hasClient, db } = await prepare().catch((error: unknown) => {
  console.error(`duty-map: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const app = createApp({
  db,
  ...(hasClient ? { staticRoot: env.CLIENT_DIR } : {}),
  ...(env.CORS_ORIGIN ? { corsOrigin: env.CORS_ORIGIN } : {}),
  allowedHosts: env.ALLOWED_HOSTS,
  listenHost: env.HOST,
  hstsMaxAge: env.HSTS_MAX_AGE,
});

const server = createHttpServer({
  fetch: app.fetch,
  headers: securityHeaders({ hstsMaxAge: env.HSTS_MAX_AGE }),
});
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(`duty-map: cannot listen on ${env.HOST}:${env.PORT}: ${error.code ?? error.message}`);
  process.exit(1);
});
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  if (address === null || typeof address === 'string') return;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log(`duty-map ready on http://${host}:${address.port}`);
  if (env.ALLOWED_HOSTS.length === 0 && (env.HOST === '0.0.0.0' || env.HOST === '::'))
    log('duty-map: listening on every interface but answering only loopback names; set ALLOWED_HOSTS');
});

shutdown = (reason) => {
  log(`duty-map: ${reason}, shutting down`);
  // Give open keep-alive connections a moment, then stop regardless.
  const force = setTimeout(() => process.exit(0), 3_000);
  force.unref();
  server.close(() => closeDb(db));
  server.closeIdleConnections();
};
function closeDb(database: Db) {
  database.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
