// queryOptions for GET /api/items/:id: the full structured text of one item.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export function itemDetailQueryOptions(itemId: string) {
  return queryOptions({
    queryKey: ['item', itemId] as const,
    queryFn: async ({ signal }) =>
      readJson(await api.api.items[':id'].$get({ param: { id: itemId } }, { init: { signal } })),
    staleTime: Infinity,
  });
}
