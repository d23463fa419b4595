// GET /api/penalties/by-bureau: reclaimed penalty items per receiving bureau, and the penalty clauses
// the town kept.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { filterQuery } from '../filters.ts';
import { assertKnownValues } from '../known-values.ts';
import { listKeptPenalties, listPenaltyBureaus } from '../queries/penalties.ts';
import { validQuery } from '../validate.ts';

export const penaltiesRoutes = new Hono<AppEnv>().get('/by-bureau', validQuery(filterQuery), async (c) => {
  const filters = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const [bureaus, kept] = await Promise.all([
    listPenaltyBureaus(c.var.db, filters),
    listKeptPenalties(c.var.db, filters),
  ]);
  return c.json({ bureaus, kept });
});
