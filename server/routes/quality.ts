// GET /api/quality: what the loader warned about, and the department names it rewrote.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { townQuery } from '../filters.ts';
import { assertKnownValues } from '../known-values.ts';
import { listAppliedAliases, listLoadIssues } from '../queries/quality.ts';
import { validQuery } from '../validate.ts';

export const qualityRoutes = new Hono<AppEnv>().get('/', validQuery(townQuery), async (c) => {
  const towns = c.req.valid('query');
  await assertKnownValues(c.var.db, towns);
  const [issues, aliases] = await Promise.all([
    listLoadIssues(c.var.db, towns),
    listAppliedAliases(c.var.db, towns),
  ]);
  return c.json({ issues, aliases });
});
