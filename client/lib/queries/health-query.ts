// queryOptions for GET /api/health: when the database was loaded, for export captions and the report.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';

export function healthQueryOptions() {
  return queryOptions({
    queryKey: ['health'] as const,
    queryFn: async ({ signal }) => readJson(await api.api.health.$get({}, { init: { signal } })),
    staleTime: 60_000,
  });
}
