// A serving process keeps its event loop at normal priority and runs everything else — libuv's thread
// pool, where DuckDB's queries run, and DuckDB's own threads — at QUERY_NICE, so heavy queries filling
// the cores cannot starve health checks and cached answers. Read back from /proc, on the real server.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { startServer, type ServerHandle } from '../support/server-process.ts';

/** Each thread's nice value (field 19 of /proc/PID/task/TID/stat), by thread id. */
function niceOfThreads(pid: number): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nice.set(Number(tid), Number(fields[19 - 3]));
  }
  return nice;
}

let server: ServerHandle;
beforeAll(async () => {
  const dbPath = await buildSeedDb();
  // A dashboard already built (a stand-in page), so the server does not build one first.
  const clientDir = mkdtempSync(join(tmpdir(), 'duty-map-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>duty-map</title>');
  server = await startServer(dbPath, clientDir, { env: { WORKERS: '1', QUERY_NICE: '7' } });
  // Queries have run (health), so every query thread exists.
  expect((await fetch(`${server.url}/api/summary`)).status).toBe(200);
}, 120_000);
afterAll(() => server?.stop());

describe.runIf(process.platform === 'linux')('a serving process’s thread priorities', () => {
  it('runs the event loop at normal priority and every other thread at QUERY_NICE', () => {
    const threads = niceOfThreads(server.pid);
    expect(threads.get(server.pid)).toBe(0);
    const others = [...threads].filter(([tid]) => tid !== server.pid).map(([, nice]) => nice);
    // libuv's pool (4 or more), V8's workers and DuckDB's threads.
    expect(others.length).toBeGreaterThanOrEqual(4);
    expect(new Set(others)).toEqual(new Set([7]));
  });
});
