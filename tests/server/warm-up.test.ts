// Each serving process warms its own DuckDB instance once it listens (server/warm-up.ts): on the real
// server (one process, whose log says so; a cluster worker's log is silent), after health answers, by
// requesting the answers through the app.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { warmUp } from '../../server/warm-up.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { startServer, type ServerHandle } from '../support/server-process.ts';
import { writeTownVariants } from './town-variants.ts';

let dbPath: string;
let server: ServerHandle;
beforeAll(async () => {
  dbPath = await buildSeedDb();
  const clientDir = mkdtempSync(join(tmpdir(), 'duty-map-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>duty-map</title>');
  server = await startServer(dbPath, clientDir, { env: { WORKERS: '1' } });
}, 120_000);
afterAll(() => server?.stop());

const warmed = () => [...server.log().matchAll(/process (\d+) warmed in \d+ ms/g)].map((m) => Number(m[1]));

describe('warming a serving process', () => {
  it('runs once the process listens, in the background', async () => {
    // Health answered before startServer returned; the warm-up is logged when it is done.
    const deadline = Date.now() + 20_000;
    while (warmed().length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(warmed()).toEqual([server.pid]);
    expect(server.log()).not.toMatch(/warming up failed/);
    const res = await fetch(`${server.url}/api/penalties/by-bureau`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { bureausTotal: number; itemsTotal: number; keptTotal: number };
    expect([body.bureausTotal, body.itemsTotal, body.keptTotal]).toEqual([4, 28, 6]);
  });

  it('fills the response cache with the answers it asked for, as they are served', async () => {
    const db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    try {
      const app = createApp({ db });
      let queries = 0;
      const counting: Db = {
        ...db,
        json: (sql, params) => ((queries += 1), db.json(sql, params)),
        blob: (sql, params) => ((queries += 1), db.blob(sql, params)),
      };
      const countingApp = createApp({ db: counting });
      expect(await warmUp(countingApp.fetch)).toBeGreaterThan(0);
      const afterWarmUp = queries;
      // The route read its answer (the warm-up accepts gzip: the one stored encoded, etl/stored-answer.ts)…
      expect(afterWarmUp).toBe(1);
      // …and the answer is then served from the cache, equal to a fresh app's.
      const warmed = await countingApp.request('/api/penalties/by-bureau');
      expect(queries).toBe(afterWarmUp);
      expect(await warmed.json()).toEqual(await (await app.request('/api/penalties/by-bureau')).json());
    } finally {
      await db.close();
    }
  });

  it('fails naming the path when the app does not answer it', async () => {
    const db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    await db.close();
    await expect(warmUp(createApp({ db }).fetch)).rejects.toThrow(
      /\/api\/penalties\/by-bureau answered [45]\d\d/,
    );
  });
});

describe('warming after the ETL replaced the file', () => {
  it('opens the new file as soon as it appears and warms it, before any request', async () => {
    const [variant = ''] = writeTownVariants(dirname(dbPath), 1);
    const before = replacedWarmUps();
    const report = await loadFiles({ dbPath, files: [variant] });
    expect(report.ok).toBe(true);
    // No request is made here: the process notices the new file and warms it on its own.
    const deadline = Date.now() + 20_000;
    while (replacedWarmUps() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(replacedWarmUps()).toBe(before + 1);
    expect(server.log()).not.toMatch(/warming up failed/);
    // What it warmed is the new file's answer (two towns now), served from the cache it filled.
    const res = await fetch(`${server.url}/api/penalties/by-bureau`);
    const body = (await res.json()) as { bureausTotal: number; itemsTotal: number; keptTotal: number };
    expect([body.bureausTotal, body.itemsTotal, body.keptTotal]).toEqual([4, 56, 12]);
  });
});

const replacedWarmUps = () =>
  [...server.log().matchAll(/process \d+ warmed in \d+ ms \(the database file was replaced\)/g)].length;
