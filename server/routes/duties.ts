// GET /api/duties/divergent: duties (items of many towns matched by meaning) that the filtered towns
// hold in different lists, most split first, paged.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { divergentQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listDivergentDuties } from '../queries/divergent-duties.ts';
import { validQuery } from '../validate.ts';

export const dutiesRoutes = new Hono<AppEnv>().get('/divergent', validQuery(divergentQuery), async (c) => {
  const { limit, offset, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const { total, duties } = await listDivergentDuties(c.var.db, filters, { limit, offset });
  return c.json({ total, limit, offset, duties });
});
