// Control characters and impossible code points never reach the database: they are removed
// (or replaced by U+FFFD) at ingest with a warning naming the file and line — raw bytes and
// entities alike, in a text list and in a web page. No message names a temporary file.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { openReadOnly } from '../support/query.ts';
import { SEED_FILE } from '../support/seed-db.ts';
import { htmlRendering, seedLists } from '../etl/render-seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'duty-map-characters-'));
const seedLines = readFileSync(SEED_FILE, 'utf8').split('\n');

// Line 98 is cooperative item 1, line 185 reclaimed item 1, line 7 basic item 1.
function hostileSeed(): string {
  return seedLines
    .map((line, i) => {
      if (i + 1 === 7) return line.replace('学习贯彻', '学习\x01贯彻\x1b[31m\x08');
      if (i + 1 === 98)
        return line
          .replace('根河市委组织部', '根河市委\x1b组织部')
          .replace('部门职责', '部门&#0;职责&#27;&#xD800;&#1114112;');
      if (i + 1 === 185) return line.replace('执行', '执行&#x1B;');
      return line;
    })
    .join('\n');
}

/** Every text value stored, from every table that holds list text. */
const TEXT_SQL = `
  SELECT name AS text FROM items UNION ALL SELECT coalesce(department_duties, '') FROM items
  UNION ALL SELECT coalesce(method, '') FROM items UNION ALL SELECT department FROM item_departments
  UNION ALL SELECT raw_name FROM item_departments UNION ALL SELECT name FROM departments`;

async function storedControls(dbPath: string): Promise<number> {
  const db = await openReadOnly(dbPath);
  try {
    const rows = await db.all(`SELECT text FROM (${TEXT_SQL})`);
    // eslint-disable-next-line no-control-regex
    return rows.filter((r) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(String(r.text)))
      .length;
  } finally {
    db.close();
  }
}

describe('characters that must not be stored', () => {
  it('removes control characters and impossible entities from a text list, warning with file and line', async () => {
    const file = join(dir, 'hostile.txt');
    writeFileSync(file, hostileSeed());
    const dbPath = join(dir, 'text.duckdb');
    const report = await loadFiles({ dbPath, files: [file] });
    expect(report.ok).toBe(true);
    expect(report.files[0]?.warnings).toEqual([
      'hostile.txt:7: removed or replaced 3 control or invalid character(s)',
      'hostile.txt:98: removed or replaced 5 control or invalid character(s)',
      'hostile.txt:185: removed or replaced 1 control or invalid character(s)',
    ]);
    expect(await storedControls(dbPath)).toBe(0);
    const db = await openReadOnly(dbPath);
    try {
      expect(await db.all(`SELECT name FROM items WHERE item_id LIKE '%-b1'`)).toEqual([
        { name: expect.stringMatching(/^学习贯彻\[31m习近平/) },
      ]);
      expect(
        await db.all(`SELECT DISTINCT department FROM item_departments WHERE raw_name LIKE '%组织部'`),
      ).toEqual([{ department: '根河市委组织部' }]);
    } finally {
      db.close();
    }
  });

  it('counts every impossible entity of a cell: &#0; &#27; &#xD800; &#1114112;', async () => {
    const file = join(dir, 'entities.txt');
    writeFileSync(
      file,
      seedLines
        .map((line, i) =>
          i + 1 === 99 ? line.replace('部门职责', '部门&#0;职责&#27;&#xD800;&#1114112;') : line,
        )
        .join('\n'),
    );
    const report = await loadFiles({ dbPath: join(dir, 'entities.duckdb'), files: [file] });
    expect(report.ok).toBe(true);
    // &#27; removed; &#0;, &#xD800; and &#1114112; replaced by U+FFFD, as HTML does.
    expect(report.files[0]?.warnings).toEqual([
      'entities.txt:99: removed or replaced 4 control or invalid character(s)',
    ]);
    const db = await openReadOnly(join(dir, 'entities.duckdb'));
    try {
      const rows = await db.all(`SELECT department_duties FROM items WHERE item_id LIKE '%-c2'`);
      expect(String(rows[0]?.department_duties)).not.toContain('\u001b');
      expect(String(rows[0]?.department_duties).split('\uFFFD')).toHaveLength(4);
    } finally {
      db.close();
    }
  });

  it('does the same for a web page, naming the table and row', async () => {
    const lists = seedLists();
    const row = lists[1]?.pages[0]?.lines[1];
    if (row === undefined) throw new Error('no such row');
    row.cells[1] = `离职人员&#27;从业&#0;行为\u0001限制`;
    const rendering = htmlRendering('utf8', lists);
    const file = join(dir, 'hostile.html');
    writeFileSync(file, rendering.bytes);
    const dbPath = join(dir, 'html.duckdb');
    const report = await loadFiles({ dbPath, files: [file] });
    expect(report.ok).toBe(true);
    expect(report.files[0]?.warnings).toEqual([
      `hostile.html: ${rendering.landed.get(row.n)?.place}: removed or replaced 3 control or invalid character(s)`,
    ]);
    expect(await storedControls(dbPath)).toBe(0);
  });

  it('never names the temporary rows file or database in a message', async () => {
    const file = join(dir, 'hostile-again.txt');
    writeFileSync(file, hostileSeed());
    const report = await loadFiles({ dbPath: join(dir, 'again.duckdb'), files: [file, SEED_FILE] });
    const messages = JSON.stringify(report);
    expect(messages).not.toMatch(/\.tmp-|ndjson|\.rows/);
  });
});
