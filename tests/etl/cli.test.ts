// The ETL command line as users run it: progress lines, summary, exit codes, Parquet export.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_FILE } from '../support/seed-db.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function etl(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'etl', 'cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run etl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-cli-'));

  it('loads files into --db, prints a line per file and a summary, exits 0', () => {
    const db = join(dir, 'a.duckdb');
    const result = etl('--db', db, '--parquet', join(dir, 'parquet'), SEED_FILE);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /✓ .*alongshan-2025\.txt {2}内蒙古自治区呼伦贝尔市根河市阿龙山镇 {2}basic 70 · cooperative 47 · reclaimed 64 {2}warnings 0 {2}\d+ ms/,
    );
    expect(result.out).toMatch(/loaded 1 file\(s\), 181 items, 0 warning\(s\) into .*a\.duckdb/);
    expect(existsSync(db)).toBe(true);
    expect(readdirSync(join(dir, 'parquet'))).toContain('items.parquet');
  });

  it('exits 1 and names the file and line when a file is rejected', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '阿龙山镇 2025\n');
    const db = join(dir, 'b.duckdb');
    const result = etl('--db', db, bad);
    expect(result.code).toBe(1);
    expect(result.out).toContain('✗ bad.txt:1: expected a title line');
    expect(result.err).toMatch(/rejected: 1 of 1 file\(s\); .*b\.duckdb was not changed/);
    expect(existsSync(db)).toBe(false);
  });

  it('loads every .txt list of a folder named on the command line', () => {
    const folder = join(dir, 'lists');
    mkdirSync(folder);
    const seed = readFileSync(SEED_FILE, 'utf8');
    writeFileSync(join(folder, 'a.txt'), seed);
    writeFileSync(join(folder, 'b.txt'), seed.replaceAll('阿龙山镇', '金河镇'));
    writeFileSync(join(folder, 'notes.md'), 'not a list');
    const result = etl('--db', join(dir, 'folder.duckdb'), folder);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/loaded 2 file\(s\), 362 items, 0 warning\(s\)/);
  });

  it('rejects unknown options with usage', () => {
    const result = etl('--bogus');
    expect(result.code).toBe(2);
    expect(result.err).toContain('usage: npm run etl');
  });
});
