// What a load finds of its towns in the database (etl/held-towns.ts) is the same whether it asks for
// each town or reads them all at once: whether the town is loaded, and every edition with its year.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ASK_PER_TOWN_UP_TO_FILES, heldTowns, type HeldTown } from '../../etl/held-towns.ts';
import { loadFiles } from '../../etl/load.ts';
import { SEED_FILE } from '../support/seed-db.ts';

const sorted = (held: HeldTown): HeldTown => ({
  loaded: held.loaded,
  editions: [...held.editions].sort((a, b) => a.edition.localeCompare(b.edition)),
});

describe('held towns', () => {
  it('finds the same towns and editions by asking for each as by reading them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-held-'));
    const dbPath = join(dir, 'duties.duckdb');
    const copy = join(dir, 'jinhe-2024.txt');
    writeFileSync(copy, readFileSync(SEED_FILE, 'utf8').replaceAll('阿龙山镇', '金河镇'));
    // 阿龙山镇 in two editions (2025年版 from the file name, then 试行版 beside it), 金河镇 in one.
    for (const load of [{ files: [SEED_FILE, copy] }, { files: [SEED_FILE], edition: '试行版' }]) {
      const report = await loadFiles({ dbPath, ...load });
      expect(report.ok, report.error ?? '').toBe(true);
    }
    const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      const ids = (await connection.runAndReadAll('SELECT town_id, name FROM towns ORDER BY name')).getRows();
      const byName = new Map(ids.map(([id, name]) => [String(name), String(id)]));
      const perTown = await heldTowns(connection, 1);
      const allAtOnce = await heldTowns(connection, ASK_PER_TOWN_UP_TO_FILES + 1);
      const seen: Record<string, HeldTown> = {};
      for (const [name, id] of [...byName, ['absent', 'no-such-town']]) {
        const asked = sorted(await perTown(id!));
        expect(sorted(await allAtOnce(id!)), name).toEqual(asked);
        seen[name!] = asked;
      }
      expect(seen).toEqual({
        阿龙山镇: {
          loaded: true,
          editions: [
            { edition: '2025年版', year: 2025 },
            { edition: '试行版', year: null },
          ],
        },
        金河镇: { loaded: true, editions: [{ edition: '2024年版', year: 2024 }] },
        absent: { loaded: false, editions: [] },
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
