// GET /api/support: support types of cooperative items, overall and per department.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { filterQuery } from '../filters.ts';
import { assertKnownValues } from '../known-values.ts';
import { listSupportCells, listSupportTypes } from '../queries/support.ts';
import { validQuery } from '../validate.ts';

export const supportRoutes = new Hono<AppEnv>().get('/', validQuery(filterQuery), async (c) => {
  const filters = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const [types, cells] = await Promise.all([
    listSupportTypes(c.var.db, filters),
    listSupportCells(c.var.db, filters),
  ]);
  return c.json({ types, cells });
});
