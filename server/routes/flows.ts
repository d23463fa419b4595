// GET /api/flows: the category → kind → department flow as Sankey nodes and links.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { flowsQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { getFlows } from '../queries/flows.ts';
import { validQuery } from '../validate.ts';

export const flowsRoutes = new Hono<AppEnv>().get('/', validQuery(flowsQuery), async (c) => {
  const { limit, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  return c.json(await getFlows(c.var.db, filters, limit));
});
