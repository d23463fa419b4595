// queryOptions for GET /api/conformance: each filtered town against a template; with one town, the
// items of each class (the conformance view, its exports and the report).
import { queryOptions } from '@tanstack/react-query';
import type { InferRequestType } from 'hono/client';
import { api, readJson } from '../api-client.ts';

export type ConformanceQuery = InferRequestType<typeof api.api.conformance.$get>['query'];

export function conformanceQueryOptions(query: ConformanceQuery) {
  return queryOptions({
    queryKey: ['conformance', query] as const,
    queryFn: async ({ signal }) => readJson(await api.api.conformance.$get({ query }, { init: { signal } })),
  });
}
