// GET /api/departments: filtered items per linked department, busiest first.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { filterQuery } from '../filters.ts';
import { assertKnownValues } from '../known-values.ts';
import { listDepartmentCounts } from '../queries/departments.ts';
import { validQuery } from '../validate.ts';

export const departmentsRoutes = new Hono<AppEnv>().get('/', validQuery(filterQuery), async (c) => {
  const filters = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  return c.json({ rows: await listDepartmentCounts(c.var.db, filters) });
});
