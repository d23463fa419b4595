// The server's database layer on its own: the per-query time limit, the connection pool, and
// picking up a file the ETL replaced (or keeping the old one when the new file is unreadable).
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { createApp } from '../../server/app.ts';
import { QueryMemoryError, QueryTimeoutError, openDb, type Db } from '../../server/db.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { writeTownVariants } from './town-variants.ts';

let dbPath: string;
let db: Db | undefined;
beforeEach(async () => {
  dbPath = await buildSeedDb();
});
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const countItems = async (target: Db) =>
  (await target.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM items'))[0]?.n;

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('query time limit', () => {
  it('interrupts a runaway query and keeps serving others', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 300, poolSize: 1 });
    const started = Date.now();
    await expect(db.all('SELECT count(*) FROM range(100000000000) a, range(10) b')).rejects.toBeInstanceOf(
      QueryTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await countItems(db)).toBe(181);
  });
});

describe('query time limit over HTTP', () => {
  it('answers 503 query_timeout with the error shape', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 300 });
    const real = db;
    // Every query the app makes becomes a runaway one.
    const runaway: Db = {
      ...real,
      all: () => real.all('SELECT count(*) FROM range(100000000000) a, range(10) b'),
    };
    const res = await createApp({ db: runaway }).request('/api/summary');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'query_timeout', message: expect.stringContaining('300 ms') },
    });
  });
});

describe('connection pool', () => {
  it('runs many concurrent queries over a few connections', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000, poolSize: 2 });
    const results = await Promise.all(Array.from({ length: 40 }, () => countItems(db!)));
    expect(results).toEqual(Array.from({ length: 40 }, () => 181));
  });

  it('reports a failing query to its caller only', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000, poolSize: 1 });
    await expect(db.all('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect(await countItems(db)).toBe(181);
  });
});

describe('JSON written by DuckDB', () => {
  it('hands over the text of the one value as UTF-8 bytes, with bound parameters', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    const bytes = await db.json(
      `SELECT to_json({'town': name, 'items': (SELECT count(*) FROM items)::INTEGER, 'asked': $asked})
       FROM towns`,
      { asked: '林业 "quoted"', unused: 1 },
    );
    const text = new TextDecoder().decode(bytes);
    expect(text).toBe('{"town":"阿龙山镇","items":181,"asked":"林业 \\"quoted\\""}');
    expect(JSON.parse(text)).toEqual({ town: '阿龙山镇', items: 181, asked: '林业 "quoted"' });
  });

  it('refuses a statement without a value', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    await expect(db.json(`SELECT to_json(name) FROM towns WHERE false`)).rejects.toThrow(
      'The JSON query returned no value',
    );
  });
});

describe('BLOB values', () => {
  it('come back as their bytes, and a statement without one is refused', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    expect([...(await db.blob(String.raw`SELECT '\x1F\x8B\x00'::BLOB`))]).toEqual([0x1f, 0x8b, 0]);
    await expect(db.blob('SELECT NULL::BLOB')).rejects.toThrow('The BLOB query returned no value');
    await expect(db.blob('SELECT 1::BLOB WHERE false')).rejects.toThrow('The BLOB query returned no value');
  });
});

describe('replacing the database file', () => {
  it('picks up the ETL writing a new file over the path, without reopening by hand', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    expect(await countItems(db)).toBe(181);
    const [variant] = writeTownVariants(dirname(dbPath), 1);
    const report = await loadFiles({ dbPath, files: [variant!] });
    expect(report.ok).toBe(true);
    await eventually(async () => (await countItems(db!)) === 362);
    expect(db.version()).toBe(2);
  });

  it('keeps answering from the old file while the new one is unreadable, then takes the next good one', async () => {
    const logs: string[] = [];
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000, log: (message) => logs.push(message) });
    expect(await countItems(db)).toBe(181);
    const good = await buildSeedDb();
    const [variant] = writeTownVariants(dirname(good), 1);
    expect((await loadFiles({ dbPath: good, files: [variant!] })).ok).toBe(true);

    const garbage = join(dirname(dbPath), 'garbage.duckdb');
    writeFileSync(garbage, 'this is not a database'.repeat(1000));
    renameSync(garbage, dbPath);
    for (let i = 0; i < 10; i += 1) {
      expect(await countItems(db)).toBe(181);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(logs.some((line) => line.includes('keeping the previous database'))).toBe(true);

    renameSync(good, dbPath);
    await eventually(async () => (await countItems(db!)) === 362);
  });
});

describe('memory limit', () => {
  it('answers a query that needs more memory than the limit with 503 query_memory, and keeps serving', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000, memoryLimit: '16MB', poolSize: 1 });
    const real = db;
    const greedy = "SELECT list(i::VARCHAR || repeat('x', 20)) FROM range(10000000) t(i)";
    await expect(real.all(greedy)).rejects.toBeInstanceOf(QueryMemoryError);
    const hungry: Db = { ...real, all: () => real.all(greedy) };
    const res = await createApp({ db: hungry }).request('/api/summary');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'query_memory', message: expect.stringContaining('more memory') },
    });
    expect(await countItems(real)).toBe(181);
  });

  it('opens the database with the memory limit given, and drops parameters the SQL does not name', async () => {
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000, memoryLimit: '300MB' });
    const [row] = await db.all<{ limit: string; n: number }>(
      `SELECT current_setting('memory_limit') AS limit, $n::INTEGER AS n`,
      { n: 7, unused: 'x' },
    );
    expect(row).toEqual({ limit: '286.1 MiB', n: 7 });
  });
});
