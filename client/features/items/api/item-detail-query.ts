// queryOptions for GET /api/items/:id: the full structured text of one item (of an older edition
// when `edition` names one).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export function itemDetailQueryOptions(itemId: string, edition: string | null = null) {
  const query = edition ? { edition } : {};
  return queryOptions({
    queryKey: ['item', itemId, query] as const,
    queryFn: async ({ signal }) =>
      readJson(await api.api.items[':id'].$get({ param: { id: itemId }, query }, { init: { signal } })),
    staleTime: Infinity,
  });
}
