// GET /api/penalties/by-bureau: reclaimed penalty items per receiving bureau, and the penalty clauses
// the town kept; capped lists with their full sizes (see LIST_DEFAULTS). Both lists arrive as JSON text
// written by DuckDB and are joined into the answer without being parsed (server/queries/penalties.ts).
import { Hono } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { penaltiesQuery } from '../filters/request-schemas.ts';
import { joinJsonObjects, jsonBytes } from '../json-bytes.ts';
import { assertKnownValues } from '../known-values.ts';
import { keptPenaltiesJson, penaltyBureausJson } from '../queries/penalties.ts';
import type { penaltiesResponse } from '../responses.ts';
import { validQuery } from '../validate.ts';

export const penaltiesRoutes = new Hono<AppEnv>().get('/by-bureau', validQuery(penaltiesQuery), async (c) => {
  const { limit, itemsLimit, keptLimit, keptOffset, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const parts = await Promise.all([
    penaltyBureausJson(c.var.db, filters, { limit, itemsLimit }),
    keptPenaltiesJson(c.var.db, filters, { limit: keptLimit, offset: keptOffset }),
  ]);
  return jsonBytes<z.infer<typeof penaltiesResponse>>(c, joinJsonObjects(parts));
});
