// GET /api/departments: filtered items per linked department, busiest first, paged (see LIST_DEFAULTS).
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { departmentsQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listDepartmentCounts } from '../queries/departments.ts';
import { validQuery } from '../validate.ts';

export const departmentsRoutes = new Hono<AppEnv>().get('/', validQuery(departmentsQuery), async (c) => {
  const { limit, offset, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const { total, rows } = await listDepartmentCounts(c.var.db, filters, { limit, offset });
  return c.json({ rows, total, limit, offset });
});
