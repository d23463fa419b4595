// The items table's request: one page of the filtered items (GET /api/items), the key holding the
// filters and paging.
import type { ItemsQuery } from '../../../lib/queries/items-query.ts';
import { filtersToQuery, type Filters, type ItemSort } from '../../../lib/url-state.ts';

export const PAGE_SIZE = 20;

export interface ItemsPage {
  page: number;
  sort: ItemSort;
  order: 'asc' | 'desc';
}

export function itemsPageQuery(filters: Filters, { page, sort, order }: ItemsPage): ItemsQuery {
  return {
    ...filtersToQuery(filters),
    limit: String(PAGE_SIZE),
    offset: String((page - 1) * PAGE_SIZE),
    sort,
    order,
  };
}
