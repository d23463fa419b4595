// queryOptions for GET /api/regions?q=&limit=: provinces, cities, counties and towns whose name or path
// contains q, for the region picker. The server ranks exact matches first, then by level.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export const REGION_PICKER_LIMIT = 20;

export function regionsQueryOptions(q: string, limit = REGION_PICKER_LIMIT) {
  const query = { ...(q ? { q } : {}), limit: String(limit) };
  return queryOptions({
    queryKey: ['regions', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.regions.$get({ query }, { init: { signal } })),
    // While the next keystroke's answer loads, keep the list the reader is looking at.
    placeholderData: keepPreviousData,
  });
}
