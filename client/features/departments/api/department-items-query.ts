// queryOptions for GET /api/items?department=…: every item one department is linked to, for its detail.
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../../../lib/api-client.ts';

export function departmentItemsQueryOptions(department: string, town: readonly string[]) {
  const query = { department: [department], town: [...town].sort(), limit: '200', sort: 'kind' as const };
  return queryOptions({
    queryKey: ['department-items', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.items.$get({ query }, { init: { signal } })),
  });
}
