// Bad input: every structural problem names file, line and what was expected, and a rejected
// run leaves the existing database byte-for-byte unchanged. Encodings Office saves are read.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeListBytes } from '../../etl/decode.ts';
import { loadFiles } from '../../etl/load.ts';
import { ParseError } from '../../etl/parse-error.ts';
import { parseListFile } from '../../etl/parse-list.ts';
import { buildSeedDb, SEED_FILE } from '../support/seed-db.ts';

const seedText = readFileSync(SEED_FILE, 'utf8');
const seedLines = seedText.split('\n');
const dir = mkdtempSync(join(tmpdir(), 'duty-map-bad-'));

function withLine(lineNo: number, replacement: string): string {
  return seedLines.map((line, i) => (i + 1 === lineNo ? replacement : line)).join('\n');
}

function parseError(text: string, file = 'bad.txt'): ParseError {
  try {
    parseListFile(text, file);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('rejected input', () => {
  const cases: [string, string, RegExp][] = [
    [
      'no recognisable title',
      'just some text\n1\t项目',
      /^bad\.txt:1: expected a title line naming the town/,
    ],
    [
      'an unknown list kind',
      withLine(3, '内蒙古自治区呼伦贝尔市根河市阿龙山镇特别履职事项清单 (70项)'),
      /^bad\.txt:3: unknown list kind in title '内蒙古自治区呼伦贝尔市根河市阿龙山镇特别履职事项清单 \(70项\)'; expected 基本履职事项清单/,
    ],
    [
      'a cooperative row with missing columns',
      withLine(98, '1\t离职人员从业行为限制规定提醒告知工作\t根河市委组织部'),
      /^bad\.txt:98: row has 3 columns, expected 5 \(序号 \| 事项名称 \| 对应上级部门 \| /,
    ],
    [
      'a reclaimed row without receiving department',
      withLine(185, '1\t执行“双微一端”编审制度\t规范微信、微博内容'),
      /^bad\.txt:185: 承接部门及工作方式 has no '：'; expected '<receiving department>：<working method>'/,
    ],
    [
      'an unrecognised line',
      withLine(8, 'stray text in the middle'),
      /^bad\.txt:8: unrecognised line 'stray text in the middle'; expected a 序号 header/,
    ],
    [
      'two towns in one file',
      withLine(94, '内蒙古自治区呼伦贝尔市根河市金河镇配合履职事项清单（47项）'),
      /^bad\.txt:94: title names town '内蒙古自治区呼伦贝尔市根河市金河镇' but the file's first title names/,
    ],
  ];

  it.each(cases)('rejects %s with file, line and what was expected', (_name, text, message) => {
    expect(parseError(text).message).toMatch(message);
  });

  it('rejects a binary file', () => {
    expect(() => decodeListBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), 'list.xlsx')).toThrow(
      'list.xlsx: not a text file (contains NUL bytes); expected a UTF-8 or GB18030 text list',
    );
  });
});

describe('a rejected load', () => {
  let dbPath: string;
  let before: string;
  beforeAll(async () => {
    dbPath = await buildSeedDb();
    before = createHash('sha256').update(readFileSync(dbPath)).digest('hex');
  });

  it('leaves the existing database byte-for-byte unchanged and reports every file', async () => {
    const bad = join(dir, 'bad-row.txt');
    writeFileSync(bad, withLine(98, '1\t离职人员从业行为限制规定提醒告知工作\t根河市委组织部'));
    const report = await loadFiles({ dbPath, files: [SEED_FILE, bad] });
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.error)).toEqual([
      null,
      expect.stringMatching(/^bad-row\.txt:98: row has 3 columns, expected 5/),
    ]);
    expect(createHash('sha256').update(readFileSync(dbPath)).digest('hex')).toBe(before);
  });

  it('leaves no database when a step after the write fails, and names the step', async () => {
    // A key threshold that is not a count fails the search index at once, on the load's second
    // connection, while the clustering runs on the first (etl/load.ts): the load waits for the clustering
    // and reports the index's error (a rejection nothing observed would end the process, and vitest
    // reports one as an error).
    const fresh = join(dir, 'index-fails.duckdb');
    const report = await loadFiles({ dbPath: fresh, files: [SEED_FILE], searchKeyPairs: Number.NaN });
    expect(report.ok).toBe(false);
    expect(report.error).toBe(
      'updating the search index: search index: keyPairs must be a positive integer, got NaN',
    );
    expect(readdirSync(dir).filter((name) => name.startsWith('index-fails'))).toEqual([]);
    // So does a threshold of listed kinds that is not a count (etl/search-keys.ts).
    const listed = await loadFiles({ dbPath: fresh, files: [SEED_FILE], searchKeyListedItems: 0 });
    expect(listed.error).toBe(
      'updating the search index: search index: keyListedItems must be a positive integer, got 0',
    );
    expect(readdirSync(dir).filter((name) => name.startsWith('index-fails'))).toEqual([]);
  });

  it('leaves a file that is not a database as it was, and nothing beside it, when it cannot be opened', async () => {
    // The first list is read and parsed into the rows folder while the copy is attached (etl/load.ts):
    // when the attach fails, its rows files are closed and removed with the copy.
    const sub = mkdtempSync(join(dir, 'not-a-database-'));
    const notDb = join(sub, 'notes.duckdb');
    writeFileSync(notDb, '这不是数据库\n'.repeat(1000));
    const bytes = readFileSync(notDb);
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    await expect(loadFiles({ dbPath: notDb, files: [SEED_FILE] })).rejects.toThrow(
      new RegExp(`${notDb.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(new copy\\)`),
    );
    expect(readFileSync(notDb).equals(bytes)).toBe(true);
    expect(readdirSync(sub)).toEqual(['notes.duckdb']);
    // The rows files were closed, not only removed (Linux lists a process's open files here).
    expect(openFiles()).toBe(before);
  });

  it('rejects warnings under --strict and leaves the database unchanged', async () => {
    const counted = join(dir, 'wrong-count.txt');
    writeFileSync(counted, withLine(6, '一、党的建设（25项）\t'));
    const lenient = await loadFiles({ dbPath: join(dir, 'lenient.duckdb'), files: [counted] });
    expect(lenient.ok).toBe(true);
    expect(lenient.files[0]?.warnings).toEqual([
      'wrong-count.txt:6: basic list, category 党的建设 declares 25 items, found 26',
    ]);
    const strict = await loadFiles({ dbPath, files: [counted], strict: true });
    expect(strict.ok).toBe(false);
    expect(strict.files[0]?.error).toMatch(/^wrong-count\.txt: 1 warning\(s\) and --strict is set/);
    expect(createHash('sha256').update(readFileSync(dbPath)).digest('hex')).toBe(before);
  });

  it('warns about numbering gaps and duplicates', () => {
    const gap = withLine(8, '3\t全面贯彻铸牢中华民族共同体意识工作主线。');
    const warnings = parseListFile(gap, 'gap.txt').warnings.map((w) => w.message);
    expect(warnings).toContain('gap.txt:8: basic list jumps from 序号 1 to 3');
    expect(warnings).toContain('gap.txt:9: basic list repeats 序号 3 (first at line 8)');
  });
});

describe('encodings', () => {
  const expected = JSON.stringify(parseListFile(seedText, 'x.txt'));
  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText)]), 'utf-8-bom'],
    ['UTF-8 with CRLF', Buffer.from(seedText.replaceAll('\n', '\r\n')), 'utf-8'],
    ['GB18030 (Office on Windows)', iconv.encode(seedText, 'gb18030'), 'gb18030'],
    ['GBK with CRLF', iconv.encode(seedText.replaceAll('\n', '\r\n'), 'gbk'), 'gb18030'],
  ])('reads %s to the same records', (_name, bytes, encoding) => {
    const decoded = decodeListBytes(bytes, 'x.txt');
    expect(decoded.encoding).toBe(encoding);
    expect(JSON.stringify(parseListFile(decoded.text, 'x.txt'))).toBe(expected);
  });
});
