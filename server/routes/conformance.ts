// GET /api/conformance?template=NAME&<filters>: each filtered town's matched / missing / extra /
// kind-differs against a loaded template; with one town, the items of each class.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { conformanceQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { townConformance } from '../queries/conformance.ts';
import { validQuery } from '../validate.ts';

export const conformanceRoutes = new Hono<AppEnv>().get('/', validQuery(conformanceQuery), async (c) => {
  const { template, limit, offset, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const answer = await townConformance(c.var.db, template, filters, { limit, offset });
  return c.json({ template: answer.template, total: answer.total, limit, offset, towns: answer.towns });
});
