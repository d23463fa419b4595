// The database a load writes keeps no log (etl/new-database.ts): its commits write nothing beside the
// file, what its final checkpoint wrote is what a reader opening the file by path sees, under the
// file's own name.

import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { attachNewDatabase, startInstance, writeToDisk } from '../../etl/new-database.ts';

const walBytes = (path: string) => (existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0);

async function writeRows(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE TABLE towns (town_id VARCHAR, name VARCHAR)');
  for (let i = 0; i < 20; i++) {
    await connection.run(`INSERT INTO towns VALUES ('t${i}', '阿龙山镇${i}')`);
  }
}

describe('the new database of a load', () => {
  it('commits without writing a log, and its checkpoint leaves the rows in the file under its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'new-db-'));
    // A quote in the path: the file is attached by a literal.
    const path = join(dir, "o'brien.duckdb");
    const { instance, connect } = await attachNewDatabase(await startInstance({ threads: '1' }), path);
    const connection = await connect();
    const lane = await connect();
    try {
      await writeRows(connection);
      // Twenty commits, none of them logged; a second connection sees them (it uses the same file).
      expect(walBytes(path)).toBe(0);
      const seen = await lane.runAndReadAll('SELECT count(*)::INTEGER FROM towns');
      expect(seen.getRows()).toEqual([[20]]);
      await connection.run('CHECKPOINT');
    } finally {
      lane.closeSync();
      connection.closeSync();
      instance.closeSync();
    }
    const reader = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const read = await reader.connect();
    try {
      const rows = await read.runAndReadAll(
        `SELECT current_database(), count(*)::INTEGER, max(name) FROM towns`,
      );
      expect(rows.getRows()).toEqual([["o'brien", 20, '阿龙山镇9']]);
    } finally {
      read.closeSync();
      reader.closeSync();
    }
  });

  it('is measured against a plainly opened file, whose same commits do write a log', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'new-db-')), 'plain.duckdb');
    const instance = await DuckDBInstance.create(path, { threads: '1' });
    const connection = await instance.connect();
    try {
      await writeRows(connection);
      expect(walBytes(path)).toBeGreaterThan(0);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('names the file when it cannot be opened', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'new-db-')), 'missing-folder', 'x.duckdb');
    await expect(startInstance({}).then((instance) => attachNewDatabase(instance, path))).rejects.toThrow(
      /missing-folder\/x\.duckdb/,
    );
  });

  it('writes a file to the disk beside other work, and a failure waits for whoever awaits it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'new-db-'));
    const path = join(dir, 'copy.duckdb');
    writeFileSync(path, Buffer.alloc(1 << 20, 7));
    await expect(writeToDisk(path)).resolves.toBeUndefined();
    expect(statSync(path).size).toBe(1 << 20);
    // Not awaited, as by a load that fails before its checkpoint: no unhandled rejection (vitest fails
    // the run on one), and the error is still there for a caller that awaits.
    const missing = writeToDisk(join(dir, 'gone.duckdb'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(missing).rejects.toThrow(/ENOENT.*gone\.duckdb/);
  });
});
