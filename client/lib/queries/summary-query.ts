// queryOptions for GET /api/summary, the one factory for the headline figures (header, overview, report):
// the key holds every filter the request sends.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';
import { filtersToQuery, type Filters } from '../url-state.ts';

export function summaryQueryOptions(filters: Filters) {
  const query = filtersToQuery(filters);
  return queryOptions({
    queryKey: ['summary', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.summary.$get({ query }, { init: { signal } })),
  });
}
