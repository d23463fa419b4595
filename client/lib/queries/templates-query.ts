// queryOptions for GET /api/templates: the loaded templates (the conformance view and the report).
import { queryOptions } from '@tanstack/react-query';
import { api, readJson } from '../api-client.ts';

export function templatesQueryOptions() {
  return queryOptions({
    queryKey: ['templates'] as const,
    queryFn: async ({ signal }) => readJson(await api.api.templates.$get({}, { init: { signal } })),
  });
}
