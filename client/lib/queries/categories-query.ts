// queryOptions for GET /api/categories, the one factory for category × kind counts (the overview's bars,
// each town of the towns comparison): the key holds every filter the request sends.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';
import { filtersToQuery, type Filters } from '../url-state.ts';

export function categoriesQueryOptions(filters: Filters) {
  const query = filtersToQuery(filters);
  return queryOptions({
    queryKey: ['categories', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.categories.$get({ query }, { init: { signal } })),
  });
}
