// queryOptions for the report: the headline figures (GET /api/summary) with the filters in the key, and
// the loaded towns with the database load time for the report's source line.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';
import { filtersToQuery, type Filters } from '../../../lib/url-state.ts';

export function reportSummaryQueryOptions(filters: Filters) {
  const query = filtersToQuery(filters);
  return queryOptions({
    queryKey: ['summary', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.summary.$get({ query }, { init: { signal } })),
  });
}
