// queryOptions for GET /api/support: the key holds every filter the request sends.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';
import { filtersToQuery, type Filters } from '../../../lib/url-state.ts';

export function supportQueryOptions(filters: Filters) {
  const query = filtersToQuery(filters);
  return queryOptions({
    queryKey: ['support', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.support.$get({ query }, { init: { signal } })),
    // While a new filter set loads, keep showing the last answer (dimmed) instead of a skeleton.
    placeholderData: keepPreviousData,
  });
}
