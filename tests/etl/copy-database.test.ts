// The copy a load starts from (etl/copy-database.ts): byte for byte whatever the chunks and lanes, over a
// file that was there, with the source's mode, nothing left when it fails; a database copied so opens
// with the same rows.

import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { copyDatabase } from '../../etl/copy-database.ts';

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const folder = () => mkdtempSync(join(tmpdir(), 'copy-db-'));

describe('copyDatabase', () => {
  it('copies byte for byte across many chunks on several lanes, the last chunk short', async () => {
    const dir = folder();
    const source = join(dir, 'source.duckdb');
    // 1 MiB and 123 bytes in 4 KiB chunks on three lanes: 257 chunks, handed out as lanes free up.
    writeFileSync(source, randomBytes(1_048_576 + 123));
    const target = join(dir, 'copy.duckdb');
    await copyDatabase(source, target, { chunkBytes: 4096, lanes: 3 });
    expect(statSync(target).size).toBe(1_048_576 + 123);
    expect(digest(target)).toBe(digest(source));
  });

  it('replaces a longer file at the target, and keeps the source’s mode', async () => {
    const dir = folder();
    const source = join(dir, 'source.duckdb');
    writeFileSync(source, randomBytes(10_000));
    chmodSync(source, 0o640);
    const target = join(dir, 'copy.duckdb');
    writeFileSync(target, randomBytes(50_000));
    chmodSync(target, 0o600);
    await copyDatabase(source, target, { chunkBytes: 4096 });
    expect(statSync(target).size).toBe(10_000);
    expect(digest(target)).toBe(digest(source));
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('copies an empty file', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'empty'), '');
    await copyDatabase(join(dir, 'empty'), join(dir, 'copy'));
    expect(statSync(join(dir, 'copy')).size).toBe(0);
  });

  it('names a missing source, and leaves no target behind', async () => {
    const dir = folder();
    const source = join(dir, 'gone.duckdb');
    await expect(copyDatabase(source, join(dir, 'copy.duckdb'))).rejects.toThrow(source);
    expect(existsSync(join(dir, 'copy.duckdb'))).toBe(false);
  });

  it('removes what it wrote when the copy fails partway', async () => {
    const dir = folder();
    // A folder opens for reading, and then its first read fails (EISDIR): after the copy was created.
    const source = join(dir, 'a-folder');
    mkdirSync(source);
    const target = join(dir, 'copy.duckdb');
    await expect(copyDatabase(source, target)).rejects.toThrow(/EISDIR/);
    expect(existsSync(target)).toBe(false);
  });

  it('gives a database that opens with the same rows', async () => {
    const dir = folder();
    const source = join(dir, 'duties.duckdb');
    const instance = await DuckDBInstance.create(source);
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE towns AS SELECT 't' || range AS town_id, '阿龙山镇' || range AS name FROM range(50000)`,
    );
    connection.closeSync();
    instance.closeSync();
    const target = join(dir, 'copy.duckdb');
    await copyDatabase(source, target, { chunkBytes: 65_536 });
    const reader = await DuckDBInstance.create(target, { access_mode: 'READ_ONLY' });
    const read = await reader.connect();
    try {
      const rows = await read.runAndReadAll(`SELECT count(*)::INTEGER, max(name) FROM towns`);
      expect(rows.getRows()).toEqual([[50000, '阿龙山镇9999']]);
    } finally {
      read.closeSync();
      reader.closeSync();
    }
  });
});
