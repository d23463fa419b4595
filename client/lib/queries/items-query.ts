// queryOptions for GET /api/items, the one factory for item pages (the items table, a department's items,
// the names of the items with kept penalty clauses): the key is the query the request sends.
import { queryOptions } from '@tanstack/react-query';
import type { InferRequestType } from 'hono/client';
import { api, readJson } from '../api-client.ts';

export type ItemsQuery = InferRequestType<typeof api.api.items.$get>['query'];

export function itemsQueryOptions(query: ItemsQuery) {
  return queryOptions({
    queryKey: ['items', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.items.$get({ query }, { init: { signal } })),
  });
}
