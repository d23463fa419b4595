// GET /api/changes?town=T&from=E1&to=E2: what moved, was reworded, added or removed between two
// editions of a town's lists (default: the two latest), burden-back moves first.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { changesQuery } from '../filters/request-schemas.ts';
import { compareTownEditions } from '../queries/changes.ts';
import { resolveTown } from '../queries/editions.ts';
import { validQuery } from '../validate.ts';

export const changesRoutes = new Hono<AppEnv>().get('/', validQuery(changesQuery), async (c) => {
  const { town, from, to } = c.req.valid('query');
  const ref = await resolveTown(c.var.db, town);
  return c.json(await compareTownEditions(c.var.db, ref, from, to));
});
