// queryOptions for GET /api/penalties/by-bureau: the key holds every filter the request sends.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';
import { filtersToQuery, type Filters } from '../url-state.ts';
import { TOOLTIP_ITEMS } from '../../../shared/charts/build-bureau-bars-option.ts';

/**
 * `itemsLimit`: each bureau's items the answer lists. The dashboard shows them in a tooltip only, so by
 * default it asks for as many as the tooltip lists (counts are always whole). `caps`: the bureaus and the
 * kept items listed (the API's defaults when unset), e.g. for the printed report's first rows.
 */
export function penaltiesQueryOptions(
  filters: Filters,
  itemsLimit: number = TOOLTIP_ITEMS,
  caps: { limit?: number; keptLimit?: number } = {},
) {
  const query = {
    ...filtersToQuery(filters),
    itemsLimit: String(itemsLimit),
    ...(caps.limit === undefined ? {} : { limit: String(caps.limit) }),
    ...(caps.keptLimit === undefined ? {} : { keptLimit: String(caps.keptLimit) }),
  };
  return queryOptions({
    queryKey: ['penalties-by-bureau', query] as const,
    queryFn: async ({ signal }) =>
      readJson(await api.api.penalties['by-bureau'].$get({ query }, { init: { signal } })),
    // While a new filter set loads, keep showing the last answer (dimmed) instead of a skeleton.
    placeholderData: keepPreviousData,
  });
}
