// The region picker's search: all regions of the loaded towns are read once per database file (about
// 45,000 rows for every township in China) and searched in memory, so each keystroke costs a scan of
// an array instead of a query.
import type { Db } from './db.ts';
import type { RegionsQuery } from './filters/request-schemas.ts';
import { perFile } from './per-file.ts';
import { listAllRegions } from './queries/regions.ts';
import type { RegionRow } from './responses.ts';

const LEVEL_RANK: Record<RegionRow['level'], number> = { province: 0, city: 1, county: 2, town: 3 };

// Code-point order, as DuckDB sorts text, so the picker lists names the way the other endpoints do.
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** All regions, higher levels first, then more towns and items, then by path: sorted once per file. */
const allRegions = perFile(async (db): Promise<RegionRow[]> =>
  (await listAllRegions(db)).sort(
    (a, b) =>
      LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
      b.towns - a.towns ||
      b.items - a.items ||
      byCodePoint(a.path, b.path),
  ),
);

/**
 * Regions whose name or path contains q (all without q), optionally of one level: exact matches first,
 * then matches on the name itself, then the rest, each group in the order of allRegions. One pass.
 */
export async function searchRegions(
  db: Db,
  query: RegionsQuery,
): Promise<{ total: number; regions: RegionRow[] }> {
  const { q, level, limit } = query;
  const groups: [RegionRow[], RegionRow[], RegionRow[]] = [[], [], []];
  let total = 0;
  for (const region of await allRegions(db)) {
    if (level && region.level !== level) continue;
    let group: 0 | 1 | 2 = 2;
    if (q !== undefined) {
      const byName = region.name.includes(q);
      if (!byName && !region.path.includes(q)) continue;
      group = region.name === q || region.path === q ? 0 : byName ? 1 : 2;
    }
    total += 1;
    // Only the first `limit` of each group can make the page.
    if (groups[group].length < limit) groups[group].push(region);
  }
  return { total, regions: groups.flat().slice(0, limit) };
}
