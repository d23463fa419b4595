// GET /api/duties/divergent: duties (items of many towns matched by meaning) that the filtered towns
// hold in different lists, most split first, paged; and one duty's items (the drill-down).
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { divergentQuery, dutyIdParam, dutyItemsQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { listDivergentDuties, listDutyItems } from '../queries/divergent-duties.ts';
import { validParam, validQuery } from '../validate.ts';

export const dutiesRoutes = new Hono<AppEnv>()
  .get('/divergent', validQuery(divergentQuery), async (c) => {
    const { limit, offset, sort, order, ...filters } = c.req.valid('query');
    await assertKnownValues(c.var.db, filters);
    const { total, duties } = await listDivergentDuties(c.var.db, filters, { limit, offset, sort, order });
    return c.json({ total, limit, offset, sort, order, duties });
  })
  // The drill-down of one duty: its items in the filtered towns, with their lists and source lines.
  .get('/:dutyId/items', validParam(dutyIdParam), validQuery(dutyItemsQuery), async (c) => {
    const dutyId = Number(c.req.valid('param').dutyId);
    const { limit, offset, ...filters } = c.req.valid('query');
    await assertKnownValues(c.var.db, filters);
    const answer = await listDutyItems(c.var.db, dutyId, filters, { limit, offset });
    if (answer.label === null) throw new ApiError(404, 'not_found', `dutyId: no duty ${dutyId}`);
    return c.json({ dutyId, label: answer.label, total: answer.total, limit, offset, items: answer.items });
  });
