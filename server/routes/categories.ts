// GET /api/categories: filtered item counts per category and list kind, categories in published order.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { filterQuery } from '../filters/filter-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listCategoryCounts } from '../queries/categories.ts';
import { validQuery } from '../validate.ts';

export const categoriesRoutes = new Hono<AppEnv>().get('/', validQuery(filterQuery), async (c) => {
  const filters = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  return c.json({ rows: await listCategoryCounts(c.var.db, filters) });
});
