// Runs of 16 files or more are parsed on worker threads. The result must be the same database
// as parsing on the main thread, row for row, in the order of the files.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { SEED_FILE } from '../support/seed-db.ts';
import { openReadOnly } from '../support/query.ts';

const dir = mkdtempSync(join(tmpdir(), 'duty-map-parallel-'));
const seed = readFileSync(SEED_FILE, 'utf8');
const files = Array.from({ length: 20 }, (_, i) => {
  const file = join(dir, `town-${String(i).padStart(2, '0')}.txt`);
  writeFileSync(file, seed.replaceAll('阿龙山镇', `测试${i}镇`));
  return file;
});

async function contents(dbPath: string) {
  const db = await openReadOnly(dbPath);
  try {
    const tables = ['items', 'item_departments', 'penalty_clauses', 'item_support', 'procedure_stages'];
    const digests: Record<string, unknown> = {};
    for (const table of tables) {
      // Order-independent digest of every column of every row.
      [digests[table]] = await db.all(
        `SELECT count(*)::INTEGER AS n, sum(hash(t))::VARCHAR AS h FROM ${table} t`,
      );
    }
    digests.towns = await db.all('SELECT full_name, source_file FROM towns ORDER BY full_name');
    return digests;
  } finally {
    db.close();
  }
}

describe('parallel parsing', () => {
  it('loads 20 files through the worker pool into the same rows as one file at a time', async () => {
    const pooled = join(dir, 'pooled.duckdb');
    const seen: string[] = [];
    const report = await loadFiles({ dbPath: pooled, files, onFile: (f) => seen.push(f.file) });
    expect(report.ok).toBe(true);
    expect(report.items).toBe(20 * 181);
    expect(seen).toEqual(files);

    // Below the pool's threshold each load runs on the main thread: load the same files in batches.
    const serial = join(dir, 'serial.duckdb');
    for (let i = 0; i < files.length; i += 10) {
      expect((await loadFiles({ dbPath: serial, files: files.slice(i, i + 10) })).ok).toBe(true);
    }
    const [a, b] = [await contents(pooled), await contents(serial)];
    expect(a).toEqual(b);
    expect(a.items).toMatchObject({ n: 3620 });
  });

  it('closes every rows file it opened, on the workers and on the main thread', async () => {
    // The threads hold their rows files open for the whole load (etl/rows-files.ts); threads share
    // the process's descriptors, so a file left open would stay open for as long as the server runs.
    const openFiles = () => readdirSync('/proc/self/fd').length;
    await loadFiles({ dbPath: join(dir, 'warm.duckdb'), files: files.slice(0, 2) });
    const before = openFiles();
    expect((await loadFiles({ dbPath: join(dir, 'fds-pool.duckdb'), files })).ok).toBe(true);
    expect((await loadFiles({ dbPath: join(dir, 'fds-main.duckdb'), files: files.slice(0, 3) })).ok).toBe(
      true,
    );
    expect(openFiles()).toBe(before);
  });

  it('reports a bad file in the pool by name and line, and writes nothing', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, seed.replace('一、党的建设（26项）', '一、党的建设（26项）\n这一行不属于清单'));
    const report = await loadFiles({ dbPath: join(dir, 'never.duckdb'), files: [...files, bad] });
    expect(report.ok).toBe(false);
    expect(report.files.at(-1)?.error).toMatch(/^bad\.txt:7: unrecognised line '这一行不属于清单'/);
  });
});
