// queryOptions for GET /api/categories?town=…: one town's category × kind counts for the comparison.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export function townCategoriesQueryOptions(townId: string) {
  const query = { town: [townId] };
  return queryOptions({
    queryKey: ['categories', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.categories.$get({ query }, { init: { signal } })),
  });
}
