// A database whose roll-ups an older version built (another shape: here rollup_kept without the items'
// names) is answered from the base tables, with the same answers, until its next load rebuilds them;
// reading the old roll-ups as if they were current fails the request.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLUPS_VERSION } from '../../shared/rollups-version.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { startServer } from '../support/server-process.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

/** Endpoints whose answers come from the roll-ups when they are current. */
const PATHS = [
  '/api/penalties/by-bureau',
  // Not the default page: read from rollup_kept, not from the stored default answer.
  '/api/penalties/by-bureau?keptLimit=3',
  '/api/summary',
  '/api/departments',
  '/api/categories',
  '/api/support',
  '/api/flows',
];

async function olderRollups(dbPath: string, version: string): Promise<void> {
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  await connection.run('ALTER TABLE rollup_kept DROP COLUMN name');
  await connection.run(`UPDATE meta SET value = '${version}' WHERE key = 'rollups_version'`);
  connection.closeSync();
  instance.closeSync();
}

let current: SeedApp;
let older: SeedApp;
let mislabelled: SeedApp;
let dir: string;
let olderPath: string;
beforeAll(async () => {
  const dbPath = await buildSeedDb();
  dir = mkdtempSync(join(tmpdir(), 'duty-map-rollups-version-'));
  olderPath = join(dir, 'older.duckdb');
  const mislabelledPath = join(dir, 'mislabelled.duckdb');
  copyFileSync(dbPath, olderPath);
  copyFileSync(dbPath, mislabelledPath);
  await olderRollups(olderPath, String(Number(ROLLUPS_VERSION) - 1));
  // The same old shape claiming the current version: what serving it as current would do.
  await olderRollups(mislabelledPath, ROLLUPS_VERSION);
  [current, older, mislabelled] = await Promise.all([
    openSeedApp({}, dbPath),
    openSeedApp({}, olderPath),
    openSeedApp({}, mislabelledPath),
  ]);
});
afterAll(async () => {
  await Promise.all([current?.close(), older?.close(), mislabelled?.close()]);
});

describe('roll-ups of another version', () => {
  it('are not read: every answer comes from the base tables, equal to the current roll-ups', async () => {
    for (const path of PATHS) {
      const [now, before] = await Promise.all([current.get(path), older.get(path)]);
      expect(before.status, path).toBe(200);
      expect(before.body, path).toEqual(now.body);
    }
    const kept = (await older.get<{ kept: Array<{ name: string }> }>('/api/penalties/by-bureau')).body.kept;
    expect(kept).toHaveLength(6);
    expect(kept.every((k) => k.name.includes('处罚'))).toBe(true);
  });

  it('would be read as current if the version were not checked (the check is what saves the answer)', async () => {
    const res = await mislabelled.get('/api/penalties/by-bureau?keptLimit=3');
    expect(res.status).not.toBe(200);
  });

  it('are named at start: the server says its answers come from the base tables until the next load', async () => {
    // A dashboard already built (a stand-in page), so the server does not build one first.
    const clientDir = join(dir, 'client');
    mkdirSync(clientDir);
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>duty-map</title>');
    const server = await startServer(olderPath, clientDir, { env: { WORKERS: '1' } });
    try {
      expect(server.log()).toContain('has no roll-ups of this version');
      const res = await fetch(`${server.url}/api/penalties/by-bureau`);
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
