// queryOptions for GET /api/duties/divergent: duties the filtered towns hold in different lists
// (the divergence view, its exports and the report).
import { queryOptions } from '@tanstack/react-query';
import type { InferRequestType } from 'hono/client';
import { api, readJson } from '../api-client.ts';

export type DivergentQuery = InferRequestType<typeof api.api.duties.divergent.$get>['query'];

export function divergentDutiesQueryOptions(query: DivergentQuery) {
  return queryOptions({
    queryKey: ['divergent-duties', query] as const,
    queryFn: async ({ signal }) =>
      readJson(await api.api.duties.divergent.$get({ query }, { init: { signal } })),
  });
}

/** Every divergent duty of the query's filters and order (all pages, 200 at a time), for exports. */
export async function fetchAllDivergentDuties(query: Omit<DivergentQuery, 'limit' | 'offset'>) {
  const pageSize = 200;
  const out = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await readJson(
      await api.api.duties.divergent.$get({
        query: { ...query, limit: String(pageSize), offset: String(offset) },
      }),
    );
    out.push(...page.duties);
    if (page.duties.length < pageSize || out.length >= page.total) return out;
  }
}
