// GET /api/towns: the towns in the database, with item counts per list.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { townQuery } from '../filters.ts';
import { assertKnownValues } from '../known-values.ts';
import { listTowns } from '../queries/towns.ts';
import { validQuery } from '../validate.ts';

export const townsRoutes = new Hono<AppEnv>().get('/', validQuery(townQuery), async (c) => {
  const { town } = c.req.valid('query');
  await assertKnownValues(c.var.db, { town });
  return c.json({ towns: await listTowns(c.var.db, town) });
});
