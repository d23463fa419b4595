// The database's load time and size, for GET /api/health.
import type { Db } from '../db.ts';

export interface HealthRow {
  loadedAt: string | null;
  towns: number;
  items: number;
}

export async function getHealth(db: Db): Promise<HealthRow> {
  const rows = await db.all<HealthRow>(`
    SELECT (SELECT max(value) FROM meta WHERE key = 'loaded_at') AS "loadedAt",
           (SELECT count(*) FROM towns)::INTEGER AS towns,
           (SELECT count(*) FROM items)::INTEGER AS items`);
  return rows[0] ?? { loadedAt: null, towns: 0, items: 0 };
}
