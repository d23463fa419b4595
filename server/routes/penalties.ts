// GET /api/penalties/by-bureau: reclaimed penalty items per receiving bureau, and the penalty clauses
// the town kept; capped lists with their full sizes (see LIST_DEFAULTS). Both lists arrive as JSON text
// written by DuckDB and are joined into the answer without being parsed (server/queries/penalties.ts).
// The whole database at the defaults, for a client that accepts gzip, is sent as the load stored it:
// joined and gzipped already.
import { Hono } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { penaltiesQuery } from '../filters/request-schemas.ts';
import { joinJsonObjects } from '../../shared/json-objects.ts';
import { gzippedJsonBytes, jsonBytes } from '../json-bytes.ts';
import { assertKnownValues } from '../known-values.ts';
import { encodedPenaltyAnswer, keptPenaltiesJson, penaltyBureausJson } from '../queries/penalties.ts';
import { acceptsGzip } from '../response-cache.ts';
import type { penaltiesResponse } from '../responses.ts';
import { validQuery } from '../validate.ts';

type Answer = z.infer<typeof penaltiesResponse>;

export const penaltiesRoutes = new Hono<AppEnv>().get('/by-bureau', validQuery(penaltiesQuery), async (c) => {
  const { limit, itemsLimit, keptLimit, keptOffset, ...filters } = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const encoded = acceptsGzip(c.req.header('Accept-Encoding'))
    ? await encodedPenaltyAnswer(c.var.db, filters, { limit, itemsLimit, keptLimit, keptOffset })
    : null;
  if (encoded) return gzippedJsonBytes<Answer>(c, encoded.gzip, encoded.etag);
  const parts = await Promise.all([
    penaltyBureausJson(c.var.db, filters, { limit, itemsLimit }),
    keptPenaltiesJson(c.var.db, filters, { limit: keptLimit, offset: keptOffset }),
  ]);
  return jsonBytes<Answer>(c, joinJsonObjects(parts));
});
