// queryOptions for GET /api/towns: every loaded town (for the town selector and the comparison).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export function townsQueryOptions() {
  return queryOptions({
    queryKey: ['towns'] as const,
    queryFn: async ({ signal }) => readJson(await api.api.towns.$get({ query: {} }, { init: { signal } })),
  });
}
