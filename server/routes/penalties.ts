// GET /api/penalties/by-bureau: reclaimed penalty items per receiving bureau, and the penalty clauses
// the town kept; capped lists with their full sizes (see LIST_DEFAULTS).
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { penaltiesQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listKeptPenalties, listPenaltyBureaus } from '../queries/penalties.ts';
import { validQuery } from '../validate.ts';

export const penaltiesRoutes = new Hono<AppEnv>().get('/by-bureau', validQuery(penaltiesQuery), async (c) => {
  const { limit, itemsLimit, keptLimit, keptOffset, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const [bureaus, kept] = await Promise.all([
    listPenaltyBureaus(c.var.db, filters, { limit, itemsLimit }),
    listKeptPenalties(c.var.db, filters, { limit: keptLimit, offset: keptOffset }),
  ]);
  return c.json({
    bureaus: bureaus.bureaus,
    kept: kept.kept,
    bureausTotal: bureaus.total,
    keptTotal: kept.total,
  });
});
