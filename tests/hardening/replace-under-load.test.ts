// The database replaced by the ETL five times while 20 connections keep requesting the real server
// (server/index.ts as a child process): not one request may fail, and the server ends up serving
// the last database. Each ETL run adds a batch of generated towns, so every swap changes the data.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { generateCorpus, type CorpusSummary } from '../bench/generate.ts';
import { runNode, startServer, type ServerHandle } from '../support/server-process.ts';

const RUNS = 5;
const TOWNS_PER_RUN = 4;
const CONNECTIONS = 20;

let dir: string;
let dbPath: string;
let server: ServerHandle | undefined;
const batches: CorpusSummary[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duty-map-swap-'));
  dbPath = await buildSeedDb(join(dir, 'db'));
  for (let run = 0; run < RUNS; run++) {
    batches.push(
      generateCorpus({
        towns: RUNS * TOWNS_PER_RUN,
        dir: join(dir, `batch-${run}`),
        from: run * TOWNS_PER_RUN,
        to: (run + 1) * TOWNS_PER_RUN,
      }),
    );
  }
  server = await startServer(dbPath, join(dir, 'no-client'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PATHS = [
  '/api/health',
  '/api/summary',
  '/api/categories',
  '/api/departments',
  '/api/penalties/by-bureau',
  '/api/support',
  '/api/flows',
  '/api/items?limit=20',
  `/api/items?q=${encodeURIComponent('森林')}`,
  '/api/towns',
];

describe('replacing the database under load', () => {
  it('serves 20 connections without one failed request while the ETL replaces the file 5 times', async () => {
    if (!server) throw new Error('server did not start');
    const url = server.url;
    const statuses = new Map<number, number>();
    let stop = false;
    const load = new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections: CONNECTIONS,
          duration: 120,
          timeout: 10,
          requests: PATHS.map((path) => ({ method: 'GET', path })),
        },
        (error: unknown, result: autocannon.Result) =>
          error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
      );
      instance.on('response', (_client, status) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
      const poll = setInterval(() => {
        if (stop) {
          clearInterval(poll);
          instance.stop();
        }
      }, 50);
    });

    // Which databases the server answered from while under load: every swap should be seen live.
    const townsSeen = new Set<number>();
    const watcher = (async () => {
      while (!stop) {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) townsSeen.add(((await res.json()) as { towns: number }).towns);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const etlRuns: { code: number | null; stderr: string }[] = [];
    try {
      for (const batch of batches) {
        const run = await runNode(['--import', 'tsx', 'etl/cli.ts', '--db', dbPath, ...batch.files]);
        etlRuns.push({ code: run.code, stderr: run.stderr });
        // Let the server pick the new file up under load before the next replacement.
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      stop = true;
    }
    const result = await load;
    await watcher;

    expect(etlRuns.map((run) => run.code)).toEqual(Array(RUNS).fill(0));
    expect(result.errors, 'connection errors').toBe(0);
    expect(result.timeouts, 'timeouts').toBe(0);
    expect(
      result.non2xx,
      `non-2xx responses: ${JSON.stringify([...statuses])}\n${server.log().slice(-2000)}`,
    ).toBe(0);
    expect([...statuses.keys()]).toEqual([200]);
    expect(result.requests.total).toBeGreaterThan(100);
    // 1 town, then 5, 9, … 21: at least four of the six generations were served while under load.
    expect(townsSeen.size, `towns seen: ${[...townsSeen].join(', ')}`).toBeGreaterThanOrEqual(4);

    const health = (await (await fetch(`${url}/api/health`)).json()) as { towns: number; items: number };
    const generated = batches.reduce((sum, batch) => sum + batch.items.total, 0);
    expect(health).toMatchObject({ towns: 1 + RUNS * TOWNS_PER_RUN, items: 181 + generated });
  }, 90_000);
});
