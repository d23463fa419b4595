// A load that is not small writes the items table on a second connection beside the other tables
// (etl/table-writer.ts). Both lanes must leave out the rows of an edition older than the town's latest,
// and the items must still be stored in item id order.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { openReadOnly } from '../support/query.ts';
import { SEED_FILE } from '../support/seed-db.ts';

const dir = mkdtempSync(join(tmpdir(), 'duty-map-table-writer-'));
const SEED = readFileSync(SEED_FILE, 'utf8');
const MEDIUM = { small: false, largeInput: false };

describe('the two-lane write of a load that is not small', () => {
  it('skips an older edition on both lanes and stores the items in item id order', async () => {
    const dbPath = join(dir, 'lanes.duckdb');
    const jinhe = join(dir, 'jinhe.txt');
    writeFileSync(jinhe, SEED.replaceAll('阿龙山镇', '金河镇'));
    expect(
      (await loadFiles({ dbPath, files: [SEED_FILE, jinhe], edition: '2026年版', size: MEDIUM })).ok,
    ).toBe(true);
    // An older edition of 阿龙山镇 whose texts differ: none of them may reach the town tables.
    const older = join(dir, 'alongshan-old.txt');
    writeFileSync(older, SEED.replaceAll('负责', '旧版负责'));
    const report = await loadFiles({ dbPath, files: [older], edition: '2025年版', size: MEDIUM });
    expect(report.ok, report.error ?? '').toBe(true);
    expect(report.files[0]?.latest).toBe(false);

    const db = await openReadOnly(dbPath);
    try {
      const [counts] = await db.all(
        `SELECT (SELECT count(*) FROM items)::INTEGER AS items,
                (SELECT count(*) FROM items WHERE contains(coalesce(department_duties, '') || coalesce(town_duties, '') || coalesce(method, ''), '旧版'))::INTEGER AS old_items,
                (SELECT count(*) FROM item_departments WHERE contains(coalesce(duties, ''), '旧版'))::INTEGER AS old_links,
                (SELECT count(*) FROM edition_items WHERE edition = '2025年版')::INTEGER AS old_edition`,
      );
      expect(counts).toEqual({ items: 2 * 181, old_items: 0, old_links: 0, old_edition: 181 });
      // Storage order (rowid) against item id order: no item out of place.
      const [order] = await db.all(
        `SELECT count(*) FILTER (WHERE position <> rank)::INTEGER AS misplaced FROM (
           SELECT row_number() OVER (ORDER BY rowid) AS position, row_number() OVER (ORDER BY item_id) AS rank
           FROM items)`,
      );
      expect(order?.misplaced).toBe(0);
    } finally {
      db.close();
    }
  }, 60_000);
});
