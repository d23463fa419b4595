// A load's size sets DuckDB (etl/load-size.ts): a small load runs each statement on one thread, without
// FSST and without the checkpoint between the rows and the roll-ups, into a new file of 64 KiB blocks;
// a large input purges freed memory sooner and lowers DuckDB's memory while assigning duties. How it is stored, how fast
// and in how much memory may differ, never a row.

import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { loadSize, SMALL_DATABASE_BLOCK_BYTES, SMALL_LOAD_BYTES } from '../../etl/load-size.ts';
import { SEED_FILE } from '../support/seed-db.ts';

/** Per table, the rows either database has that the other lacks; b's tables and items; both block sizes. */
async function differences(
  a: string,
  b: string,
): Promise<{ tables: number; items: number; diff: string[]; blockBytes: Record<string, number> }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH '${a}' AS a (READ_ONLY); ATTACH '${b}' AS b (READ_ONLY)`);
    const tables = (
      await connection.runAndReadAll(
        `SELECT table_name, list(column_name ORDER BY column_index) AS columns FROM duckdb_columns()
          WHERE database_name = 'a' AND schema_name = 'main' GROUP BY table_name ORDER BY table_name`,
      )
    )
      .getRowObjectsJson()
      .map((row) => ({ table: String(row.table_name), columns: row.columns as string[] }));
    const diff: string[] = [];
    for (const { table, columns } of tables) {
      // When each load ran differs; what it loaded must not.
      const kept = columns
        .filter((column) => column !== 'loaded_at')
        .map((c) => `"${c}"`)
        .join(', ');
      const where = table === 'meta' ? `WHERE key <> 'loaded_at'` : '';
      for (const [x, y] of [
        ['a', 'b'],
        ['b', 'a'],
      ]) {
        const [row] = (
          await connection.runAndReadAll(
            `SELECT count(*)::INTEGER AS n FROM (SELECT ${kept} FROM ${x}.${table} ${where}
              EXCEPT ALL SELECT ${kept} FROM ${y}.${table} ${where})`,
          )
        ).getRows();
        if (Number(row?.[0]) !== 0) diff.push(`${table}: ${String(row?.[0])} row(s) only in ${x}`);
      }
    }
    const [items] = (await connection.runAndReadAll('SELECT count(*)::INTEGER FROM b.items')).getRows();
    const blocks = (
      await connection.runAndReadAll(
        `SELECT database_name, block_size::INTEGER FROM pragma_database_size() WHERE database_name IN ('a', 'b')`,
      )
    ).getRows();
    const blockBytes = Object.fromEntries(blocks.map(([name, bytes]) => [String(name), Number(bytes)]));
    return { tables: tables.length, items: Number(items?.[0]), diff, blockBytes };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('load sizes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-load-size-'));

  it('counts a load as small while its files and the database stay under 64 MB, large from 64 MB of files', () => {
    expect(SMALL_LOAD_BYTES).toBe(64 * 1_048_576);
    const none = join(dir, 'none.duckdb');
    expect(loadSize([SEED_FILE], none)).toEqual({ small: true, largeInput: false });
    // Sparse files: as long as named, with no disk used.
    const justUnder = join(dir, 'just-under.duckdb');
    writeFileSync(justUnder, '');
    truncateSync(justUnder, SMALL_LOAD_BYTES - readFileSync(SEED_FILE).length - 1);
    expect(loadSize([SEED_FILE], justUnder)).toEqual({ small: true, largeInput: false });
    expect(loadSize([SEED_FILE, SEED_FILE], justUnder)).toEqual({ small: false, largeInput: false });
    const large = join(dir, 'large.txt');
    writeFileSync(large, '');
    truncateSync(large, SMALL_LOAD_BYTES);
    expect(loadSize([large], none)).toEqual({ small: false, largeInput: true });
    expect(loadSize([join(dir, 'missing.txt')], none)).toEqual({ small: true, largeInput: false });
  });

  it('loads the same rows into every table whatever size it is taken for', async () => {
    const copy = join(dir, 'jinhe.txt');
    writeFileSync(copy, readFileSync(SEED_FILE, 'utf8').replaceAll('阿龙山镇', '金河镇'));
    const third = join(dir, 'beishan.txt');
    writeFileSync(third, readFileSync(SEED_FILE, 'utf8').replaceAll('阿龙山镇', '北山镇'));
    const sizes = {
      small: { small: true, largeInput: false },
      medium: { small: false, largeInput: false },
      large: { small: false, largeInput: true },
    };
    for (const [name, size] of Object.entries(sizes)) {
      // Two loads: a new database, then one more town into it (a copy of it).
      for (const files of [[SEED_FILE, copy], [third]]) {
        const report = await loadFiles({ dbPath: join(dir, `${name}.duckdb`), files, size });
        expect(report.ok, report.error ?? '').toBe(true);
      }
    }
    for (const other of ['medium', 'large']) {
      const { tables, items, diff, blockBytes } = await differences(
        join(dir, 'small.duckdb'),
        join(dir, `${other}.duckdb`),
      );
      expect(diff, other).toEqual([]);
      expect(items).toBe(3 * 181);
      expect(tables).toBeGreaterThan(30);
      // Created by a small load: 64 KiB blocks, kept when the next load copies it; otherwise DuckDB's 256.
      expect(blockBytes).toEqual({ a: SMALL_DATABASE_BLOCK_BYTES, b: 262_144 });
    }
  }, 90_000);

  it('stores a new database’s search postings in key order without sorting them again', async () => {
    const dbPath = join(dir, 'ordered.duckdb');
    const copy = join(dir, 'jinhe.txt');
    const report = await loadFiles({ dbPath, files: [SEED_FILE, copy] });
    expect(report.searchIndex?.rebuilt).toBe(true);
    const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      // Rows out of key order in storage order (rowid), and rows in all.
      for (const [table, key] of [
        ['search_grams', 'gram, text_id'],
        ['search_set_texts', 'text_id, set_id'],
        ['search_set_items', 'set_id, town_id, kind'],
      ] as const) {
        const [row] = (
          await connection.runAndReadAll(
            `SELECT count(*) FILTER (WHERE position <> rank)::INTEGER, count(*)::INTEGER FROM (
               SELECT row_number() OVER (ORDER BY rowid) AS position, row_number() OVER (ORDER BY ${key}) AS rank
               FROM ${table})`,
          )
        ).getRows();
        expect(Number(row?.[0]), table).toBe(0);
        expect(Number(row?.[1]), table).toBeGreaterThan(100);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 60_000);
});
