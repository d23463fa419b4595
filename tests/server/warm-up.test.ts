// Each serving process warms its own DuckDB instance once it listens (server/warm-up.ts): on the real
// server (one process, whose log says so; a cluster worker's log is silent), after health answers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db.ts';
import { warmUp } from '../../server/warm-up.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { startServer, type ServerHandle } from '../support/server-process.ts';

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

  it('fails with the query’s error on a database it cannot read', async () => {
    const db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    await db.close();
    await expect(warmUp(db)).rejects.toThrow(/closed/);
  });
});
