// queryOptions for GET /api/items?kind=basic: the names of the basic items that bundle the
// penalty clauses the town keeps (the penalties endpoint returns ids and sequence numbers only).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export function keptItemNamesQueryOptions(town: readonly string[]) {
  const query = { kind: ['basic' as const], town: [...town].sort(), limit: '200', sort: 'seq' as const };
  return queryOptions({
    queryKey: ['kept-item-names', query] as const,
    queryFn: async ({ signal }) => {
      const page = await readJson(await api.api.items.$get({ query }, { init: { signal } }));
      return new Map(page.items.map((i) => [i.itemId, i.name]));
    },
  });
}
