// A card holding one chart: title, note, the "view as table" switch (state kept in the URL) and a body
// of fixed height that shows a skeleton, an error, an empty message, the chart or its table.
import type { ReactNode } from 'react';
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
}: ChartCardProps) {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const asTable = state.tables.includes(id);
  const titleId = `${id}-title`;
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
      </header>
      <div className={`card-body ${query.isFetching && !query.isPending ? 'is-refreshing' : ''}`}>
        <QueryStatus query={query} height={height} isEmpty={isEmpty}>
          {() =>
            asTable ? (
              <div className="table-scroll" style={{ maxHeight: height }}>
                {table()}
              </div>
            ) : (
              chart()
            )
          }
        </QueryStatus>
      </div>
    </section>
  );
}
