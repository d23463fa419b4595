// queryOptions for GET /api/items: one page of the filtered items. The key holds the filters and paging.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';
import { filtersToQuery, type Filters, type ItemSort } from '../../../lib/url-state.ts';

export const PAGE_SIZE = 20;

export interface ItemsPage {
  page: number;
  sort: ItemSort;
  order: 'asc' | 'desc';
}

export function itemsQueryOptions(filters: Filters, { page, sort, order }: ItemsPage) {
  const query = {
    ...filtersToQuery(filters),
    limit: String(PAGE_SIZE),
    offset: String((page - 1) * PAGE_SIZE),
    sort,
    order,
  };
  return queryOptions({
    queryKey: ['items', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.items.$get({ query }, { init: { signal } })),
    // Keep the current page on screen while the next one loads: no flash, no layout shift.
    placeholderData: keepPreviousData,
  });
}
