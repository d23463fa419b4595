// queryOptions for GET /api/editions/towns: the filtered towns with their editions (several first),
// for the changes view's town and edition pickers.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';
import { filtersToQuery, type Filters } from '../url-state.ts';

export function editionTownsQueryOptions(filters: Filters) {
  const query = filtersToQuery(filters);
  return queryOptions({
    queryKey: ['edition-towns', query] as const,
    queryFn: async ({ signal }) =>
      readJson(await api.api.editions.towns.$get({ query }, { init: { signal } })),
  });
}
