// Edition labels (titles, --edition, the file name's year, 未标注) and what loading editions does to
// the database: the same edition replaces itself, another is added beside it, the latest is shown.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { checkEditionOption, editionLabel, editionYear } from '../../etl/edition-label.ts';
import { loadFiles } from '../../etl/load.ts';
import { parseListFile, splitTitleEdition } from '../../etl/parse-list.ts';
import { openReadOnly } from '../support/query.ts';
import { SEED_FILE } from '../support/seed-db.ts';

const SEED = readFileSync(SEED_FILE, 'utf8');
const HEADINGS = /(基本履职事项清单|配合履职事项清单|上级部门收回事项清单)/g;

describe('edition labels', () => {
  it('reads the edition from a title in each published form', () => {
    const title = '内蒙古自治区呼伦贝尔市根河市阿龙山镇基本履职事项清单';
    for (const [text, edition] of [
      [`${title}（2026年版）（70项）`, '2026年版'],
      [`${title}(2026年版)`, '2026年版'],
      [`2026年${title}（70项）`, '2026年版'],
      [`${title}2027年版（70项）`, '2027年版'],
      [`${title}（2026年度）`, '2026年版'],
      [`${title}（70项）`, null],
    ] as const) {
      const split = splitTitleEdition(text);
      expect(split.edition, text).toBe(edition);
      expect(split.title).toContain(title);
      expect(split.title).not.toMatch(/\d{4}年/);
    }
  });

  it('parses a seed whose titles carry （2026年版） to the same town and items', () => {
    const parsed = parseListFile(SEED.replace(HEADINGS, '$1（2026年版）'), 'x.txt');
    const plain = parseListFile(SEED, 'x.txt');
    expect(parsed.edition).toBe('2026年版');
    expect(parsed.town).toEqual(plain.town);
    expect(parsed.lists.map((l) => l.items.length)).toEqual([70, 47, 64]);
    expect(plain.edition).toBeUndefined();
  });

  it('rejects a file whose titles name two editions, naming the line', () => {
    let n = 0;
    const mixed = SEED.replace(HEADINGS, (h) => `${h}（${2025 + n++}年版）`);
    expect(() => parseListFile(mixed, 'mixed.txt')).toThrow(
      /^mixed\.txt:94: title names edition 2026年版 but an earlier title names 2025年版/,
    );
  });

  it('falls back to --edition, then the file name’s year, then 未标注', () => {
    expect(editionLabel('2026年版', '试行版', 'a-2025.txt')).toBe('2026年版');
    expect(editionLabel(null, '试行版', 'a-2025.txt')).toBe('试行版');
    expect(editionLabel(null, undefined, '/x/2019/alongshan-2025.txt')).toBe('2025年版');
    expect(editionLabel(null, undefined, 'alongshan-12025.txt')).toBe('未标注');
    expect(editionLabel(null, undefined, 'alongshan.txt')).toBe('未标注');
    expect([editionYear('2026年版'), editionYear('试行版')]).toEqual([2026, null]);
    expect(checkEditionOption('2026年版')).toBeNull();
    expect(checkEditionOption(' x')).toMatch(/--edition/);
    expect(checkEditionOption('x'.repeat(41))).toMatch(/1 to 40/);
  });
});

describe('loading editions', () => {
  it('replaces the same edition, adds another beside it, and shows the latest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-etl-editions-'));
    const dbPath = join(dir, 'duties.duckdb');
    const file2026 = join(dir, 'alongshan.txt');
    writeFileSync(file2026, SEED.replace(HEADINGS, '$1（2026年版）').replace('殡葬管理', '殡葬管理服务'));
    const editions = async () => {
      const db = await openReadOnly(dbPath);
      try {
        return {
          editions: await db.all(
            'SELECT edition, is_latest AS latest, basic FROM editions ORDER BY edition_year NULLS FIRST, edition',
          ),
          archived: (await db.all('SELECT count(*)::INTEGER AS n FROM edition_items'))[0]?.n,
          items: (await db.all('SELECT count(*)::INTEGER AS n FROM items'))[0]?.n,
          shown: (await db.all("SELECT count(*)::INTEGER AS n FROM items WHERE name = '殡葬管理服务'"))[0]?.n,
        };
      } finally {
        db.close();
      }
    };
    expect((await loadFiles({ dbPath, files: [SEED_FILE] })).ok).toBe(true);
    expect((await loadFiles({ dbPath, files: [file2026] })).ok).toBe(true);
    expect((await loadFiles({ dbPath, files: [SEED_FILE] })).ok).toBe(true);
    const after = await editions();
    expect(after.editions).toEqual([
      { edition: '2025年版', latest: false, basic: 70 },
      { edition: '2026年版', latest: true, basic: 70 },
    ]);
    expect([after.archived, after.items, after.shown]).toEqual([362, 181, 1]);
    // --edition labels a file whose title and name say nothing; no year ranks below every year.
    const unnamed = join(dir, 'alongshan-draft.txt');
    writeFileSync(unnamed, SEED);
    const report = await loadFiles({ dbPath, files: [unnamed], edition: '征求意见稿' });
    expect(report.files.map((f) => [f.edition, f.latest])).toEqual([['征求意见稿', false]]);
    expect((await editions()).shown).toBe(1);
  }, 60_000);

  it('gives the towns of a database from before editions one edition each, from their own rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-etl-backfill-'));
    const dbPath = join(dir, 'duties.duckdb');
    const copy = join(dir, 'jinhe.txt');
    writeFileSync(copy, SEED.replaceAll('阿龙山镇', '金河镇'));
    expect((await loadFiles({ dbPath, files: [SEED_FILE, copy] })).ok).toBe(true);
    // What a file written before editions were recorded looks like.
    const instance = await DuckDBInstance.create(dbPath);
    const connection = await instance.connect();
    await connection.run('DELETE FROM edition_items; DELETE FROM editions');
    connection.closeSync();
    instance.closeSync();
    const third = join(dir, 'jinlin.txt');
    writeFileSync(third, SEED.replaceAll('阿龙山镇', '金林镇'));
    expect((await loadFiles({ dbPath, files: [third] })).ok).toBe(true);
    const db = await openReadOnly(dbPath);
    try {
      expect(
        await db.all(
          `SELECT t.name, e.edition, e.is_latest AS latest, e.basic, e.cooperative, e.reclaimed,
                  (SELECT count(*)::INTEGER FROM edition_items i WHERE i.town_id = e.town_id AND i.edition = e.edition) AS archived
             FROM editions e JOIN towns t USING (town_id) ORDER BY t.name`,
        ),
      ).toEqual([
        {
          name: '金林镇',
          edition: '未标注',
          latest: true,
          basic: 70,
          cooperative: 47,
          reclaimed: 64,
          archived: 181,
        },
        {
          name: '金河镇',
          edition: '未标注',
          latest: true,
          basic: 70,
          cooperative: 47,
          reclaimed: 64,
          archived: 181,
        },
        {
          name: '阿龙山镇',
          edition: '2025年版',
          latest: true,
          basic: 70,
          cooperative: 47,
          reclaimed: 64,
          archived: 181,
        },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);
});
