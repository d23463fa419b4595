// queryOptions for GET /api/categories: the key holds every filter the request sends.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';
import { filtersToQuery, type Filters } from '../../../lib/url-state.ts';

export function categoriesQueryOptions(filters: Filters) {
  const query = filtersToQuery(filters);
  return queryOptions({
    queryKey: ['categories', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.categories.$get({ query }, { init: { signal } })),
    // While a new filter set loads, keep showing the last answer (dimmed) instead of a skeleton.
    placeholderData: keepPreviousData,
  });
}
