// queryOptions for GET /api/penalties/by-bureau: the key holds every filter the request sends.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';
import { filtersToQuery, type Filters } from '../../../lib/url-state.ts';
import { TOOLTIP_ITEMS } from '../../../../shared/charts/build-bureau-bars-option.ts';

export function penaltiesQueryOptions(filters: Filters) {
  // Each bureau's items show in its tooltip only: ask for as many as it lists (counts are always whole).
  const query = { ...filtersToQuery(filters), itemsLimit: String(TOOLTIP_ITEMS) };
  return queryOptions({
    queryKey: ['penalties-by-bureau', query] as const,
    queryFn: async ({ signal }) =>
      readJson(await api.api.penalties['by-bureau'].$get({ query }, { init: { signal } })),
    // While a new filter set loads, keep showing the last answer (dimmed) instead of a skeleton.
    placeholderData: keepPreviousData,
  });
}
