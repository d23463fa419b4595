// Messages quote safely and say what happened: at most 40 characters of a file's content,
// control characters in file names escaped, the folder actually searched named, a file shown
// with ✓ only once its rows are in the new database, and a list title without rows rejected.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { ParseError } from '../../etl/parse-error.ts';
import { parseListFile } from '../../etl/parse-list.ts';
import { SEED_FILE } from '../support/seed-db.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'duty-map-messages-'));
const seedText = readFileSync(SEED_FILE, 'utf8');

function etl(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'etl', 'cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** The content a message quotes (after "found"). */
const quoted = (message: string) => /found '([^']*)'/.exec(message)?.[1] ?? '';

describe('quoting content', () => {
  it('quotes at most 40 characters of a file that is not a list (a link to /etc/passwd)', async () => {
    const link = join(dir, 'passwd.txt');
    symlinkSync('/etc/passwd', link);
    const report = await loadFiles({ dbPath: join(dir, 'never.duckdb'), files: [link] });
    const error = report.files[0]?.error ?? '';
    expect(error).toMatch(/^passwd\.txt:1: expected a title line naming the town and the list/);
    expect(quoted(error)).not.toBe('');
    expect([...quoted(error).replace(/…$/, '')].length).toBeLessThanOrEqual(40);
  });

  it('cuts a long line to 40 characters and an ellipsis', async () => {
    const file = join(dir, 'long.txt');
    writeFileSync(file, `${'x'.repeat(30)}${'秘'.repeat(200)}\n`);
    const report = await loadFiles({ dbPath: join(dir, 'never.duckdb'), files: [file] });
    expect(quoted(report.files[0]?.error ?? '')).toBe(`${'x'.repeat(30)}${'秘'.repeat(10)}…`);
  });
});

describe('file and folder names', () => {
  it('prints a file name with a new line and ANSI escapes escaped', () => {
    const name = 'bad\n\u001b[31mred.txt';
    writeFileSync(join(dir, name), 'not a list\n');
    const result = etl('--db', join(dir, 'ansi.duckdb'), join(dir, name));
    expect(result.code).toBe(1);
    expect(result.out).toContain('✗ bad\\n\\x1b[31mred.txt:1: expected a title line');
    expect(result.out + result.err).not.toContain('\u001b');
  });

  it('names the folder actually searched when it holds no lists', () => {
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.md'), 'no lists here');
    const result = etl('--db', join(dir, 'empty.duckdb'), empty);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`no list files (.txt .csv .xlsx .docx .html .htm) to load in ${empty}\n`);
  });
});

describe('✓ means loaded', () => {
  it('shows a good file as read but not loaded when another file rejects the run', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '阿龙山镇 2025\n');
    const result = etl('--db', join(dir, 'rejected.duckdb'), SEED_FILE, bad);
    expect(result.code).toBe(1);
    expect(result.out).not.toContain('✓');
    expect(result.out).toMatch(
      /^· .*alongshan-2025\.txt {2}内蒙古自治区呼伦贝尔市根河市阿龙山镇 .* read, not loaded: the run was rejected$/m,
    );
    expect(result.out).toContain('✗ bad.txt:1: expected a title line');
  });

  it('prints ✓ after the rows are in the new database', async () => {
    const dbPath = join(dir, 'shown.duckdb');
    const seen: boolean[] = [];
    const report = await loadFiles({
      dbPath,
      files: [SEED_FILE],
      onFile: (file) => seen.push(file.loaded && readFileSync(dbPath).length > 0),
    });
    expect(report.ok).toBe(true);
    expect(seen).toEqual([true]);
  });
});

describe('empty lists', () => {
  const withoutBasicRows = (declared: string) => {
    const lines = seedText.split('\n');
    // Lines 4–93 are the basic list's header, categories and rows; keep its title only.
    return [lines[2]?.replace('(70项)', declared), ...lines.slice(93)].join('\n');
  };

  it('rejects a list title with no rows as a structural error', () => {
    let error: unknown;
    try {
      parseListFile(withoutBasicRows('(70项)'), 'empty.txt');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toBe(
      'empty.txt:1: 基本履职事项清单 has no rows; expected numbered rows under its title (a list without items declares （0项）)',
    );
  });

  it('accepts an empty list that declares 0 items', () => {
    const parsed = parseListFile(withoutBasicRows('(0项)'), 'zero.txt');
    expect(parsed.lists.map((list) => [list.kind, list.items.length])).toEqual([
      ['basic', 0],
      ['cooperative', 47],
      ['reclaimed', 64],
    ]);
    expect(parsed.warnings).toEqual([]);
  });
});
