// GET /api/regions: provinces, cities, counties and towns matching a search, for the region picker.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { regionsQuery } from '../filters/request-schemas.ts';
import { searchRegions } from '../region-index.ts';
import { validQuery } from '../validate.ts';

export const regionsRoutes = new Hono<AppEnv>().get('/', validQuery(regionsQuery), async (c) => {
  const query = c.req.valid('query');
  return c.json(await searchRegions(c.var.db, query));
});
