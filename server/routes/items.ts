// GET /api/items: a page of the filtered items; GET /api/items/:id: one item with all its details
// (?edition=E: an item of an older edition of its town's lists).
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { itemEditionQuery, itemIdParam, itemsQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { getItemOfEdition } from '../queries/item-detail.ts';
import { listItemPage } from '../queries/items.ts';
import { validParam, validQuery } from '../validate.ts';

export const itemsRoutes = new Hono<AppEnv>()
  .get('/', validQuery(itemsQuery), async (c) => {
    const { limit, offset, sort, order, ...filters } = c.req.valid('query');
    await assertKnownValues(c.var.db, filters);
    const { total, items } = await listItemPage(c.var.db, filters, { limit, offset, sort, order });
    return c.json({ total, limit, offset, items });
  })
  .get('/:id', validParam(itemIdParam), validQuery(itemEditionQuery), async (c) => {
    const { id } = c.req.valid('param');
    const item = await getItemOfEdition(c.var.db, id, c.req.valid('query').edition);
    if (!item) throw new ApiError(404, 'not_found', `id: no item ${JSON.stringify(id)}`);
    return c.json({ item });
  });
