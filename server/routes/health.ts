// GET /api/health: the server is up and reads a database; when it was loaded and how big it is.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { getHealth } from '../queries/health.ts';

// meta.loaded_at is written by the ETL; report it as an ISO instant whatever text form it was stored in.
function toIsoString(value: string | null): string | null {
  if (value === null) return null;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const health = await getHealth(c.var.db);
  c.header('Cache-Control', 'no-store');
  return c.json({
    status: 'ok' as const,
    loadedAt: toIsoString(health.loadedAt),
    towns: health.towns,
    items: health.items,
  });
});
