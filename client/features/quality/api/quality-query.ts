// queryOptions for GET /api/quality: load warnings and applied department aliases (narrowed by town).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export function qualityQueryOptions(town: readonly string[]) {
  const query = town.length > 0 ? { town: [...town].sort() } : {};
  return queryOptions({
    queryKey: ['quality', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.quality.$get({ query }, { init: { signal } })),
  });
}
