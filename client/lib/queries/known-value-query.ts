// queryOptions asking whether the database holds one value of a free-text filter (a department, category,
// town or region named in the URL): GET /api/summary narrowed by that value alone answers 400
// invalid_parameter for a value it does not know. Cached per value, so the check costs one small request.
import { queryOptions } from '@tanstack/react-query';
import { ApiError, api, readJson } from '../api-client.ts';
import type { TextFilterName } from '../../../shared/filters/filter-dimensions.ts';

export function knownValueQueryOptions(name: TextFilterName, value: string) {
  return queryOptions({
    queryKey: ['known-value', name, value] as const,
    queryFn: async ({ signal }): Promise<boolean> => {
      try {
        await readJson(await api.api.summary.$get({ query: { [name]: [value] } }, { init: { signal } }));
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.status === 400) return false;
        throw e;
      }
    },
    staleTime: Infinity,
  });
}
