// GET /api/quality: what the loader warned about, and the department names it rewrote (each list capped
// at `limit` rows, with its full size).
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { qualityQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listAppliedAliases, listLoadIssues } from '../queries/quality.ts';
import { validQuery } from '../validate.ts';

export const qualityRoutes = new Hono<AppEnv>().get('/', validQuery(qualityQuery), async (c) => {
  const { limit, ...towns } = c.req.valid('query');
  await assertKnownValues(c.var.db, towns);
  const [issues, aliases] = await Promise.all([
    listLoadIssues(c.var.db, towns, limit),
    listAppliedAliases(c.var.db, towns, limit),
  ]);
  return c.json({
    issues: issues.issues,
    aliases: aliases.aliases,
    issuesTotal: issues.total,
    aliasesTotal: aliases.total,
  });
});
