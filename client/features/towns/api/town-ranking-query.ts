// queryOptions for GET /api/towns/compare: the towns in the chosen region(s) ranked by one measure, one
// page at a time. Every filter but `town` is sent: picking a town elsewhere highlights it in the ranking
// instead of collapsing the ranking to that one town.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';
import { filtersToQuery, type Filters } from '../../../lib/url-state.ts';
import type { RankingMetric } from '../../../../shared/charts/build-town-ranking-option.ts';

export interface RankingPage {
  metric: RankingMetric;
  limit: number;
  offset: number;
}

export function townRankingQueryOptions(filters: Filters, { metric, limit, offset }: RankingPage) {
  const query = {
    ...filtersToQuery({ ...filters, town: [] }),
    sort: metric,
    order: 'desc' as const,
    limit: String(limit),
    offset: String(offset),
  };
  return queryOptions({
    queryKey: ['towns-compare', query] as const,
    queryFn: async ({ signal }) =>
      readJson(await api.api.towns.compare.$get({ query }, { init: { signal } })),
    placeholderData: keepPreviousData,
  });
}
