// The ETL replaces the database under a running HTTP server: every request in flight or arriving
// meanwhile is answered 200 with the old or the new data, and the new data shows without a restart.
import { readdirSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { writeTownVariants } from './town-variants.ts';

const RELOADS = 4;

let dbPath: string;
let db: Db;
let server: ServerType;
let base: string;

beforeAll(async () => {
  dbPath = await buildSeedDb();
  db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
  const app = createApp({ db });
  // Port 0: the system's choice, never one another test's server holds.
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
  });
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await db?.close();
});

/** Open file descriptors of this process that point at a database file since replaced. */
function deletedDatabaseHandles(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dbPath) && target.endsWith('(deleted)')) count += 1;
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return count;
}

describe('replacing the database while serving', () => {
  it(`answers every request 200 with old or new data across ${RELOADS} reloads by the real ETL`, async () => {
    const variants = writeTownVariants(dirname(dbPath), RELOADS);
    const validTotals = new Set(Array.from({ length: RELOADS + 1 }, (_, k) => 181 * (k + 1)));
    const failures: string[] = [];
    const seenTotals = new Set<number>();
    let requests = 0;
    let done = false;

    async function worker(path: string, total: (body: Record<string, unknown>) => number) {
      while (!done) {
        const res = await fetch(`${base}${path}`);
        requests += 1;
        const text = await res.text();
        if (res.status !== 200) {
          failures.push(`${path} ${res.status} ${text.slice(0, 200)}`);
          continue;
        }
        const value = total(JSON.parse(text) as Record<string, unknown>);
        seenTotals.add(value);
        if (!validTotals.has(value)) failures.push(`${path} answered total ${value}`);
      }
    }
    const items = (body: Record<string, unknown>) => Number((body.items as { total: number }).total);
    const workers = [
      worker('/api/health', (body) => {
        // One query answers both numbers, so they must come from the same file.
        if (Number(body.items) !== 181 * Number(body.towns))
          failures.push(`health mixed ${JSON.stringify(body)}`);
        return Number(body.items);
      }),
      worker('/api/summary', items),
      worker('/api/summary?kind=basic', (body) => (items(body) / 70) * 181),
      worker('/api/items?limit=1', (body) => Number(body.total)),
      // Each copy of the seed links its items to the same 24 departments 116 times (52 + 64).
      worker('/api/departments', (body) => {
        const links = (body.rows as Array<{ total: number }>).reduce((sum, row) => sum + row.total, 0);
        return (links / 116) * 181;
      }),
    ];

    for (const variant of variants) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const report = await loadFiles({ dbPath, files: [variant] });
      expect(report.ok).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    done = true;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
    console.log(
      `hot swap: ${requests} requests over ${RELOADS} reloads, totals seen ${[...seenTotals].join(', ')}`,
    );
    expect(seenTotals.size).toBeGreaterThan(1);

    // The last load is visible without a restart.
    const health = (await (await fetch(`${base}/api/health`)).json()) as { towns: number; items: number };
    expect(health).toMatchObject({ towns: RELOADS + 1, items: 181 * (RELOADS + 1) });
    // Old instances were closed once their queries finished: no handle on a replaced file is left.
    expect(deletedDatabaseHandles()).toBe(0);
  });
});
