// GET /api/health: the server is up and reads a database; when it was loaded and how big it is.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import type { Db } from '../db.ts';
import { getHealth, type HealthRow } from '../queries/health.ts';

// meta.loaded_at is written by the ETL; report it as an ISO instant whatever text form it was stored in.
function toIsoString(value: string | null): string | null {
  if (value === null) return null;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

// The answer only changes with the database file, so it is read once per file version: health stays as
// fast under a load of heavy queries (which hold every DuckDB connection) as on an idle server.
const known = new WeakMap<Db, { version: number; health: Promise<HealthRow> }>();
async function healthOf(db: Db): Promise<HealthRow> {
  const version = db.currentVersion ? await db.currentVersion() : db.version();
  const entry = known.get(db);
  if (entry?.version === version) return entry.health;
  const health = getHealth(db);
  known.set(db, { version, health });
  // A failed read is not remembered.
  health.catch(() => {
    if (known.get(db)?.health === health) known.delete(db);
  });
  return health;
}

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const health = await healthOf(c.var.db);
  c.header('Cache-Control', 'no-store');
  return c.json({
    status: 'ok' as const,
    loadedAt: toIsoString(health.loadedAt),
    towns: health.towns,
    items: health.items,
  });
});
