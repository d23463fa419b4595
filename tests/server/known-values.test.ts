// Filter values are checked against the database by a query of the asked values: every free-text
// dimension accepts what the file holds (a town by id, name or full name) and answers 400 naming the first
// value it does not hold, from the roll-ups and from the base tables alike; a value remembered as known
// never lets an unknown one through.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { openSeedApp, TOWN, TOWN_FULL_NAME, type SeedApp } from './seed-app.ts';

type Summary = { items: { total: number } };
const q = encodeURIComponent;

/** The seed with its roll-ups labelled as another version: every filter value is then looked up in the base tables. */
async function withoutRollups(dbPath: string): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'duty-map-known-values-')), 'base.duckdb');
  copyFileSync(dbPath, path);
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(`UPDATE meta SET value = 'older' WHERE key = 'rollups_version'`);
  connection.closeSync();
  instance.closeSync();
  return path;
}

let current: SeedApp;
let base: SeedApp;
beforeAll(async () => {
  const dbPath = await buildSeedDb();
  [current, base] = await Promise.all([
    openSeedApp({}, dbPath),
    openSeedApp({}, await withoutRollups(dbPath)),
  ]);
});
afterAll(async () => {
  await Promise.all([current?.close(), base?.close()]);
});

describe.each([
  ['roll-ups', () => current],
  ['base tables', () => base],
])('filter values checked against the database (%s)', (_label, app) => {
  it('accepts every value the seed holds, and the filtered answer is not empty', async () => {
    const [{ townId, category, department, edition, categoryItems }] = (await app().sql(`
      SELECT (SELECT town_id FROM towns) AS "townId",
             (SELECT min(category) FROM items) AS category,
             (SELECT min(department) FROM item_departments) AS department,
             (SELECT edition FROM editions WHERE is_latest) AS edition,
             (SELECT count(*)::INTEGER FROM items WHERE category = (SELECT min(category) FROM items)) AS "categoryItems"`)) as [
      { townId: string; category: string; department: string; edition: string; categoryItems: number },
    ];
    for (const town of [townId, TOWN, TOWN_FULL_NAME]) {
      const res = await app().get<Summary>(`/api/summary?town=${q(town)}`);
      expect(res.status, town).toBe(200);
      expect(res.body.items.total, town).toBe(181);
    }
    for (const region of ['内蒙古自治区', '内蒙古自治区呼伦贝尔市根河市']) {
      expect((await app().get<Summary>(`/api/summary?region=${q(region)}`)).body.items.total, region).toBe(
        181,
      );
    }
    const byCategory = await app().get<Summary>(`/api/summary?category=${q(category)}`);
    expect(byCategory.status).toBe(200);
    expect(byCategory.body.items.total).toBe(categoryItems);
    expect(categoryItems).toBeGreaterThan(0);
    expect((await app().get(`/api/summary?department=${q(department)}`)).status).toBe(200);
    expect((await app().get<Summary>(`/api/summary?edition=${q(edition)}`)).body.items.total).toBe(181);
  });

  it('names the first unknown value, in the order of the filter registry and of the URL', async () => {
    const cases: Array<[string, string]> = [
      [`town=${q(TOWN)}&town=${q('无此镇')}`, 'town: unknown value "无此镇"'],
      [`region=${q('不存在市')}`, 'region: unknown value "不存在市"'],
      [`category=${q('无此类')}&category=${q('也无此类')}`, 'category: unknown value "无此类"'],
      [`department=${q('不存在的局')}`, 'department: unknown value "不存在的局"'],
      [`edition=${q('1999年版')}`, 'edition: unknown value "1999年版"'],
      // Both unknown: the town is named, it comes first in the registry.
      [`department=${q('不存在的局')}&town=${q('无此镇')}`, 'town: unknown value "无此镇"'],
    ];
    for (const [query, message] of cases) {
      const res = await app().get(`/api/summary?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toEqual({ error: { code: 'invalid_parameter', message } });
    }
  });

  it('does not let an unknown value through once others of its filter are remembered as known', async () => {
    const ok = await app().get(`/api/departments?town=${q(TOWN)}`);
    expect(ok.status).toBe(200);
    const res = await app().get(`/api/departments?town=${q(TOWN)}&town=${q('无此镇')}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'invalid_parameter', message: 'town: unknown value "无此镇"' },
    });
    expect((await app().get(`/api/departments?town=${q(TOWN)}`)).status).toBe(200);
  });
});
