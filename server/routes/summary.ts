// GET /api/summary: the headline numbers of the filtered items.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { filterQuery } from '../filters/filter-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { getSummary } from '../queries/summary.ts';
import { validQuery } from '../validate.ts';

export const summaryRoutes = new Hono<AppEnv>().get('/', validQuery(filterQuery), async (c) => {
  const filters = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  return c.json(await getSummary(c.var.db, filters));
});
