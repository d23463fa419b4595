// Everything an export needs from the app: language, translator, filters, and the data source (loaded
// towns and the database load time from /api/towns and /api/health) to write the caption.
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { healthQueryOptions } from '../queries/health-query.ts';
import { townsQueryOptions } from '../queries/towns-query.ts';
import { useI18n } from '../use-i18n.tsx';
import { useUrlState } from '../use-url-state.tsx';
import { buildCaption, type ExportCaption } from '../../../shared/export/export-caption.ts';

const NO_TOWNS: never[] = [];

/** The data source a caption names: the loaded towns and when the database was loaded. */
export function useExportSource() {
  const towns = useQuery(townsQueryOptions());
  const health = useQuery(healthQueryOptions());
  return { towns: towns.data?.towns ?? NO_TOWNS, loadedAt: health.data?.loadedAt };
}

export function useExportEnv() {
  const { t, lang } = useI18n();
  const { state } = useUrlState();
  const source = useExportSource();
  const { filters } = state;
  const caption = useCallback(
    (title: string, exportedAt: Date): ExportCaption =>
      buildCaption(title, {
        filters,
        towns: source.towns,
        loadedAt: source.loadedAt,
        exportedAt,
        t,
        lang,
      }),
    [filters, source.towns, source.loadedAt, t, lang],
  );
  return { t, lang, state, caption };
}

export type ExportEnv = ReturnType<typeof useExportEnv>;
