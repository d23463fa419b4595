// queryOptions for GET /api/towns, the one factory for lists of towns: every loaded town (the town
// selector, the towns view), those inside given regions, or those the filters select (export captions
// and the filter chips name them: at national scale the first page of every town does not hold them).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';

export interface TownSelection {
  town?: readonly string[];
  region?: readonly string[];
}

/** The selected towns (every town without a selection), the first `limit` by full name, and how many. */
export function townsQueryOptions({ town = [], region = [] }: TownSelection = {}, limit?: number) {
  const query = {
    ...(town.length > 0 ? { town: [...town].sort() } : {}),
    ...(region.length > 0 ? { region: [...region].sort() } : {}),
    ...(limit !== undefined ? { limit: String(limit) } : {}),
  };
  return queryOptions({
    queryKey: ['towns', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.towns.$get({ query }, { init: { signal } })),
  });
}
