// queryOptions for GET /api/duties/{dutyId}/items: one duty's items in the filtered towns (the
// divergence view's drill-down).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';
import { filtersToQuery, type Filters } from '../url-state.ts';

export function dutyItemsQueryOptions(dutyId: string, filters: Filters) {
  const query = filtersToQuery(filters);
  return queryOptions({
    queryKey: ['duty-items', dutyId, query] as const,
    queryFn: async ({ signal }) =>
      readJson(
        await api.api.duties[':dutyId'].items.$get({ param: { dutyId }, query }, { init: { signal } }),
      ),
  });
}
