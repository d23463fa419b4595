// queryOptions for GET /api/changes: what changed between two editions of one town's lists (the
// changes view, its exports and the report).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';

export function changesQueryOptions(town: string, from: string | null, to: string | null) {
  const query = { town, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  return queryOptions({
    queryKey: ['changes', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.changes.$get({ query }, { init: { signal } })),
  });
}
