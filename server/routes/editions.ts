// GET /api/editions?town=T: the editions of one town's lists, latest first; GET /api/editions/towns:
// the filtered towns with their editions, towns with several first.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { editionTownsQuery, editionsQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listEditions, listEditionTowns, resolveTown } from '../queries/editions.ts';
import { validQuery } from '../validate.ts';

export const editionsRoutes = new Hono<AppEnv>()
  .get('/', validQuery(editionsQuery), async (c) => {
    const town = await resolveTown(c.var.db, c.req.valid('query').town);
    return c.json({ town: town.townId, editions: await listEditions(c.var.db, town.townId) });
  })
  .get('/towns', validQuery(editionTownsQuery), async (c) => {
    const { limit, offset, ...filters } = c.req.valid('query');
    await assertKnownValues(c.var.db, filters);
    const answer = await listEditionTowns(c.var.db, filters, { limit, offset });
    return c.json({ ...answer, limit, offset });
  });
