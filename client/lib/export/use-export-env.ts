// Everything an export needs from the app: language, translator, filters, and the data source (loaded
// towns and the database load time from /api/towns and /api/health) to write the caption.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, readJson } from '../api-client.ts';
import { useI18n } from '../use-i18n.tsx';
import { useUrlState } from '../use-url-state.tsx';
import { buildCaption, type ExportCaption } from '../../../shared/export/export-caption.ts';

export function exportSourceQueryOptions() {
  return queryOptions({
    queryKey: ['export-source'] as const,
    queryFn: async ({ signal }) => {
      const [towns, health] = await Promise.all([
        api.api.towns.$get({ query: {} }, { init: { signal } }).then(readJson),
        api.api.health.$get({}, { init: { signal } }).then(readJson),
      ]);
      return { towns: towns.towns, loadedAt: health.loadedAt };
    },
    staleTime: 60_000,
  });
}

export function useExportEnv() {
  const { t, lang } = useI18n();
  const { state } = useUrlState();
  const source = useQuery(exportSourceQueryOptions());
  const { filters } = state;
  const caption = useCallback(
    (title: string, exportedAt: Date): ExportCaption =>
      buildCaption(title, {
        filters,
        towns: source.data?.towns ?? [],
        loadedAt: source.data?.loadedAt,
        exportedAt,
        t,
        lang,
      }),
    [filters, source.data, t, lang],
  );
  return { t, lang, state, caption };
}

export type ExportEnv = ReturnType<typeof useExportEnv>;
