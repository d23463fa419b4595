// GET /api/support: support types of cooperative items, overall and per department (the departments
// giving the most support; see LIST_DEFAULTS).
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { supportQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listSupportCells, listSupportTypes } from '../queries/support.ts';
import { validQuery } from '../validate.ts';

export const supportRoutes = new Hono<AppEnv>().get('/', validQuery(supportQuery), async (c) => {
  const { limit, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const [types, { departmentsTotal, cells }] = await Promise.all([
    listSupportTypes(c.var.db, filters),
    listSupportCells(c.var.db, filters, limit),
  ]);
  return c.json({ types, cells, departmentsTotal });
});
