// GET /api/editions?town=T: the editions of one town's lists, latest first.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { editionsQuery } from '../filters/request-schemas.ts';
import { listEditions, resolveTown } from '../queries/editions.ts';
import { validQuery } from '../validate.ts';

export const editionsRoutes = new Hono<AppEnv>().get('/', validQuery(editionsQuery), async (c) => {
  const town = await resolveTown(c.var.db, c.req.valid('query').town);
  return c.json({ town: town.townId, editions: await listEditions(c.var.db, town.townId) });
});
