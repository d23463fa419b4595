// What `npm start` runs once server/index.ts has prepared the process: builds what is missing, then serves
// the API and the dashboard on http://HOST:PORT. With WORKERS > 1 (the default on a machine with several cores) this
// process is the cluster's primary: it forks that many serving processes sharing the port (node:cluster)
// and stops them when it stops; a worker exits as soon as its primary is gone. Started by npm, the
// primary exits when npm does, even when npm is killed with SIGKILL (server/parent-watch.ts).
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { ensureClientBuild, ensureDatabase } from './bootstrap.ts';
import { readEnv, type Env } from './env.ts';
import { watchParent } from './parent-watch.ts';
import { serve } from './serve.ts';

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

function fail(error: unknown): never {
  console.error(`duty-map: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function readyMessage(env: Env, address: { address: string; port: number }) {
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  log(`duty-map ready on http://${host}:${address.port}`);
  if (env.ALLOWED_HOSTS.length === 0 && (env.HOST === '0.0.0.0' || env.HOST === '::'))
    log('duty-map: listening on every interface but answering only loopback names; set ALLOWED_HOSTS');
}

function addressOf(server: Server) {
  const address = server.address();
  return address === null || typeof address === 'string' ? undefined : address;
}

async function primary() {
  const env = readEnv();
  if (env.npm_lifecycle_event !== undefined) watchParent(() => stop('npm exited'));
  await ensureDatabase(env.DUTIES_DB, log);
  const hasClient = await ensureClientBuild(env.CLIENT_DIR, log);
  if (env.WORKERS === 1) {
    const serving = await serve(env, hasClient, log, (server) => {
      const address = addressOf(server);
      if (address) readyMessage(env, address);
    });
    shutdown = serving.shutdown;
    return;
  }
  startWorkers(env);
}

function startWorkers(env: Env) {
  const workers = new Set<Worker>();
  let listening = 0;
  let ready = false;
  let exitCode = 0;
  // Each worker's DuckDB queries run on libuv's thread pool (4 threads by default); leave room beside
  // the query slots for file reads and the database file check.
  const workerEnv = { UV_THREADPOOL_SIZE: String(Math.max(4, env.QUERY_CONCURRENCY + 2)) };

  const fork = () => {
    const worker = cluster.fork(workerEnv);
    workers.add(worker);
    worker.on('listening', (address) => {
      listening += 1;
      if (!ready && listening === env.WORKERS) {
        ready = true;
        readyMessage(env, address);
      }
    });
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) {
        if (workers.size === 0) process.exit(exitCode);
        return;
      }
      if (!ready) {
        // A worker that cannot open the database or the port: the others would fail the same way.
        console.error(`duty-map: a server process exited while starting (${signal ?? code}), stopping`);
        exitCode = 1;
        stop('startup failed');
        return;
      }
      // A crash: keep serving with the others and start a replacement.
      console.error(`duty-map: a server process exited (${signal ?? code}); starting another`);
      fork();
    });
  };
  for (let i = 0; i < env.WORKERS; i++) fork();

  shutdown = (reason) => {
    log(`duty-map: ${reason}, shutting down ${workers.size} server processes`);
    if (workers.size === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill('SIGTERM');
    // Each worker gives its connections 3 s; past that, no worker outlives the primary.
    const force = setTimeout(() => {
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(exitCode);
    }, 5_000);
    force.unref();
  };
}

async function worker() {
  const env = readEnv();
  // The primary is gone (even killed with SIGKILL): its IPC channel closes, and this process must not
  // live on holding the port.
  process.on('disconnect', () => stop('the primary process exited'));
  const hasClient = existsSync(join(env.CLIENT_DIR, 'index.html'));
  const serving = await serve(
    env,
    hasClient,
    () => {},
    () => {},
  );
  shutdown = serving.shutdown;
}

if (cluster.isPrimary) await primary().catch(fail);
else await worker().catch(fail);
