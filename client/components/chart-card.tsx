// A card holding one chart: title, note, the "view as table" switch (state kept in the URL) and a body
// of fixed height that shows a skeleton, an error, an empty message, the chart or its table.
import type { EChartsOption } from 'echarts/types/dist/option';
import { useCallback, useMemo, useRef, type ReactNode } from 'react';
import type { DataTable } from '../../shared/export/data-table.ts';
import { kindLabel, supportTypeLabel } from '../../shared/i18n.ts';
import { ExportMenu } from '../lib/export/export-menu.tsx';
import { ChartOptionSink, type ExportSource } from '../lib/export/export-sources.ts';
import { optionToTable } from '../../shared/export/option-table.ts';
import { toggleTable } from '../lib/url-state.ts';
import { useI18n } from '../lib/use-i18n.tsx';
import { useUrlState } from '../lib/use-url-state.tsx';
import { QueryStatus } from './query-status.tsx';

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching?: boolean;
  refetch: () => unknown;
}

export interface ChartCardProps {
  /** Chart id, used in the URL (`table=<id>`) and for test ids. */
  id: string;
  title: string;
  note?: string;
  height: number;
  query: QueryLike;
  isEmpty?: boolean;
  chart: () => ReactNode;
  table: () => ReactNode;
  className?: string;
  /** The data behind the chart for CSV/XLSX exports; read from the chart's option when left out. */
  exportTable?: () => DataTable | null;
  /** Header of the first column when the data is read from the option (bars, heatmap rows). */
  exportCategory?: string;
  /** Header of the column axis when the data is read from a heatmap. */
  exportColumn?: string;
}

export function ChartCard({
  id,
  title,
  note,
  height,
  query,
  isEmpty,
  chart,
  table,
  className,
  exportTable,
  exportCategory,
  exportColumn,
}: ChartCardProps) {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const asTable = state.tables.includes(id);
  const titleId = `${id}-title`;
  // The chart hands over the option it draws (ChartOptionSink); exports read the latest one.
  const drawn = useRef<EChartsOption | null>(null);
  const sink = useCallback((option: EChartsOption | null) => {
    drawn.current = option;
  }, []);
  const exportSource = useMemo<ExportSource>(
    () => ({
      id,
      title,
      height,
      getOption: () => drawn.current,
      getTable: async () => {
        if (exportTable) return exportTable();
        const option = drawn.current;
        return option
          ? optionToTable(option, title, {
              category: exportCategory ?? t('export.category'),
              column: exportColumn ?? t('export.column'),
              count: t('chart.count'),
              from: t('chart.from'),
              to: t('chart.to'),
              town: t('chart.town'),
              kind: (k) => kindLabel(t, k),
              term: (v) => supportTypeLabel(t, v),
            })
          : null;
      },
    }),
    [id, title, height, exportTable, exportCategory, exportColumn, t],
  );
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={titleId} data-testid={`card-${id}`}>
      <header className="card-header">
        <div>
          <h2 id={titleId} className="card-title">
            {title}
          </h2>
          {note && <p className="card-note">{note}</p>}
        </div>
        <button
          type="button"
          className="button button-small"
          aria-pressed={asTable}
          onClick={() => navigate((s) => toggleTable(s, id))}
          data-testid={`toggle-table-${id}`}
        >
          {asTable ? t('chart.viewAsChart') : t('chart.viewAsTable')}
        </button>
        <ExportMenu
          source={exportSource}
          hasChart={!asTable}
          hasData={!asTable || exportTable !== undefined}
        />
      </header>
      <div className={`card-body ${query.isFetching && !query.isPending ? 'is-refreshing' : ''}`}>
        <QueryStatus query={query} height={height} isEmpty={isEmpty}>
          {() =>
            asTable ? (
              <div className="table-scroll" style={{ maxHeight: height }}>
                {table()}
              </div>
            ) : (
              <ChartOptionSink.Provider value={sink}>{chart()}</ChartOptionSink.Provider>
            )
          }
        </QueryStatus>
      </div>
    </section>
  );
}
