// `npm start`: builds what is missing, then serves the API and the dashboard on http://HOST:PORT.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ensureClientBuild, ensureDatabase } from './bootstrap.ts';
import { openDb } from './db.ts';
import { readEnv } from './env.ts';

const log = (message: string) => console.log(message);

async function prepare() {
  const env = readEnv();
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
});

const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  log(`duty-map ready on http://${host}:${info.port}`);
});

let stopping = false;
function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  log(`duty-map: ${signal}, shutting down`);
  // Give open keep-alive connections a moment, then stop regardless.
  const force = setTimeout(() => process.exit(0), 3_000);
  force.unref();
  server.close(() => {
    db.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  if ('closeIdleConnections' in server) server.closeIdleConnections();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
