// GET /api/towns: the towns in the database, with item counts per list, by full name, paged.
// GET /api/towns/compare: towns within a region side by side (filtered items per list, penalties),
// sorted and paged, so a city or county office sees which towns shed the most.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { townCompareQuery, townsQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listTownComparison } from '../queries/town-compare.ts';
import { listTowns } from '../queries/towns.ts';
import { validQuery } from '../validate.ts';

export const townsRoutes = new Hono<AppEnv>()
  .get('/', validQuery(townsQuery), async (c) => {
    const { limit, offset, ...filters } = c.req.valid('query');
    await assertKnownValues(c.var.db, filters);
    const { total, towns } = await listTowns(c.var.db, filters, { limit, offset });
    return c.json({ towns, total, limit, offset });
  })
  .get('/compare', validQuery(townCompareQuery), async (c) => {
    const query = c.req.valid('query');
    await assertKnownValues(c.var.db, query);
    const { total, towns } = await listTownComparison(c.var.db, query);
    return c.json({
      total,
      limit: query.limit,
      offset: query.offset,
      sort: query.sort,
      order: query.order,
      towns,
    });
  });
