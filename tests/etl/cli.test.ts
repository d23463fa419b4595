// The ETL command line as users run it: progress lines, summary, exit codes, Parquet export.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { buildSeedDb, SEED_FILE } from '../support/seed-db.ts';
import { xlsxThreeSheets } from './render-seed.ts';

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

  it('runs compiled, parses 16 files on worker threads and prints the phases with --timings', () => {
    // `npm run etl` runs the esbuild bundle (dist/etl/), whose parse workers are its own
    // parse-worker.js; 16 files is the pool's threshold (etl/parse-pool.ts).
    const folder = join(dir, 'sixteen');
    mkdirSync(folder);
    const seed = readFileSync(SEED_FILE, 'utf8');
    for (let i = 0; i < 16; i++)
      writeFileSync(
        join(folder, `town-${String(i).padStart(2, '0')}.txt`),
        seed.replaceAll('阿龙山镇', `测试${i}镇`),
      );
    const db = join(dir, 'compiled.duckdb');
    const result = spawnSync('npm', ['run', '--silent', 'etl', '--', '--timings', '--db', db, folder], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/loaded 16 file\(s\), 2896 items, 0 warning\(s\)/);
    const phases = result.stdout.split('\n').find((line) => line.startsWith('phases: ')) ?? '';
    for (const phase of [
      'open',
      'read\\+parse',
      'write',
      'clustering',
      'roll-ups\\+search index',
      'close\\+rename',
    ])
      expect(phases).toMatch(new RegExp(`${phase} \\d+\\.\\d\\d s \\(CPU \\d+\\.\\d\\d s\\)`));
    expect(phases).toMatch(/ · peak RSS \d+ MB · CPU \d+\.\d\d s$/);
  }, 120_000);

  it('loads files into --db, prints a line per file and a summary, exits 0', () => {
    const db = join(dir, 'a.duckdb');
    const result = etl('--db', db, '--parquet', join(dir, 'parquet'), SEED_FILE);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /✓ .*alongshan-2025\.txt {2}内蒙古自治区呼伦贝尔市根河市阿龙山镇 {2}2025年版 \(latest\) {2}basic 70 · cooperative 47 · reclaimed 64 {2}warnings 0 {2}\d+ ms/,
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

  it('--check reports each file (lists, categories, declared vs found, departments new to the database, warnings) and writes nothing', async () => {
    const folder = join(dir, 'check');
    mkdirSync(folder);
    mkdirSync(join(dir, 'check-db'));
    const db = await buildSeedDb(join(dir, 'check-db'));
    const sha = () => createHash('sha256').update(readFileSync(db)).digest('hex');
    const dbBefore = sha();
    writeFileSync(join(folder, 'a-seed.xlsx'), (await xlsxThreeSheets()).bytes);
    const lines = readFileSync(SEED_FILE, 'utf8').split('\n');
    lines[5] = '一、党的建设（25项）\t';
    writeFileSync(
      join(folder, 'b-miscounted.txt'),
      lines.join('\n').replaceAll('根河市委组织部', '根河组织部'),
    );
    writeFileSync(join(folder, 'c-bad.txt'), '阿龙山镇 2025\n');
    const before = readdirSync(folder);
    const result = etl('--check', '--db', db, folder);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      [
        '✓ a-seed.xlsx  内蒙古自治区呼伦贝尔市根河市阿龙山镇  (xlsx, utf-8)',
        '  basic 基本履职事项清单: declared 70, found 70  (sheet 基本履职事项清单, row 1)',
        '    1. 党的建设: declared 26, found 26',
      ].join('\n'),
    );
    expect(result.out).toContain(
      '  reclaimed 上级部门收回事项清单: declared 64, found 64  (sheet 上级部门收回事项清单, row 1)',
    );
    // The seed's 24 departments are all in the seed database; the renamed one is the only new name.
    expect(result.out).toContain('  departments not yet in the database (0 of 24)\n');
    expect(result.out).toContain('  departments not yet in the database (1 of 24): 根河组织部\n');
    expect(result.out).toContain('    1. 党的建设: declared 25, found 26  ≠');
    expect(result.out).toContain(
      '    ⚠ b-miscounted.txt:6: basic list, category 党的建设 declares 25 items, found 26',
    );
    expect(result.out).toContain(
      "    ⚠ b-miscounted.txt:98: department '根河组织部' does not start with a region name",
    );
    expect(result.out).toContain('✗ c-bad.txt:1: expected a title line');
    expect(result.out).toMatch(/checked 3 file\(s\): 2 readable, 1 rejected; nothing was written\n$/);
    expect(sha()).toBe(dbBefore);
    expect(readdirSync(folder)).toEqual(before);
  });
});
