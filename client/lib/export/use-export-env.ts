// Everything an export needs from the app: language, translator, filters, and the data source (the
// towns the filters select and the database load time, from /api/towns and /api/health) to write the
// caption.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { healthQueryOptions } from '../queries/health-query.ts';
import { townsQueryOptions } from '../queries/towns-query.ts';
import { useI18n } from '../use-i18n.tsx';
import { useUrlState } from '../use-url-state.tsx';
import type { Filters } from '../url-state.ts';
import { buildCaption, type ExportCaption } from '../../../shared/export/export-caption.ts';

const NO_TOWNS: never[] = [];

/**
 * Towns a caption reads: as many as a town filter may name (the app's limit), so the filter's towns are
 * named, and the first of a region's towns; the total counts them all (the Word report reads the same).
 */
const SOURCE_TOWNS = 50;

/**
 * The data source a caption names: the towns the filters select (the first SOURCE_TOWNS by full name,
 * and how many in all) and when the database was loaded.
 */
export function useExportSource(filters: Filters) {
  const selected = useQuery(townsQueryOptions({ town: filters.town, region: filters.region }, SOURCE_TOWNS));
  const health = useQuery(healthQueryOptions());
  const towns = selected.data?.towns ?? NO_TOWNS;
  const total = selected.data?.total ?? 0;
  const source = useMemo(() => ({ towns, total }), [towns, total]);
  // Until both have answered, a caption would say "no towns" and no load time.
  return { towns, source, loadedAt: health.data?.loadedAt, ready: selected.isSuccess && health.isSuccess };
}

export function useExportEnv() {
  const { t, lang } = useI18n();
  const { state } = useUrlState();
  const { filters } = state;
  const source = useExportSource(filters);
  const caption = useCallback(
    (title: string, exportedAt: Date): ExportCaption =>
      buildCaption(title, {
        filters,
        towns: source.towns,
        source: source.source,
        loadedAt: source.loadedAt,
        exportedAt,
        t,
        lang,
      }),
    [filters, source.towns, source.source, source.loadedAt, t, lang],
  );
  return { t, lang, state, caption };
}

export type ExportEnv = ReturnType<typeof useExportEnv>;
