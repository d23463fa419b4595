// queryOptions for GET /api/towns, the one factory for the loaded towns (the town selector, the towns
// view, export captions), or only those inside the given regions.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';

export function townsQueryOptions(region: readonly string[] = []) {
  const query = region.length > 0 ? { region: [...region].sort() } : {};
  return queryOptions({
    queryKey: ['towns', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.towns.$get({ query }, { init: { signal } })),
  });
}
