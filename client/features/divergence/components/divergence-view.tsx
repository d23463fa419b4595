// 差异 (divergence): the duties the filtered towns hold in different lists — the same duty, matched by
// meaning at load time, basic in some towns, cooperative or reclaimed in others — sortable by how split
// they are or by towns, with the towns on each side, and a drill-down to the duty's items.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ItemLink } from '../../../components/item-link.tsx';
import { KindTag } from '../../../components/kind-tag.tsx';
import { Pager } from '../../../components/pager.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { SimpleTable } from '../../../components/simple-table.tsx';
import { divergentTable } from '../../../../shared/export/comparison-tables.ts';
import { formatNumber, formatScore } from '../../../../shared/format.ts';
import { kindLabel } from '../../../../shared/i18n.ts';
import { KINDS } from '../../../../shared/vocabulary.ts';
import { KIND_COLORS } from '../../../../shared/charts/palette.ts';
import { ExportMenu } from '../../../lib/export/export-menu.tsx';
import type { ExportSource } from '../../../lib/export/export-sources.ts';
import {
  divergentDutiesQueryOptions,
  fetchAllDivergentDuties,
  type DivergentQuery,
} from '../../../lib/queries/divergent-duties-query.ts';
import { dutyItemsQueryOptions } from '../../../lib/queries/duty-items-query.ts';
import { DUTY_SORTS, filtersToQuery, type DutySort } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useUrlState } from '../../../lib/use-url-state.tsx';

const DUTIES_PER_PAGE = 50;

export function DivergenceView() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const query: DivergentQuery = {
    ...filtersToQuery(state.filters),
    sort: state.dsort,
    order: state.dorder,
    limit: String(DUTIES_PER_PAGE),
    offset: String((state.dpage - 1) * DUTIES_PER_PAGE),
  };
  const duties = useQuery({ ...divergentDutiesQueryOptions(query), placeholderData: keepPreviousData });
  const total = duties.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / DUTIES_PER_PAGE));
  const rows = duties.data?.duties ?? [];
  const title = t('divergence.title');
  const { dsort, dorder, filters } = state;
  const exportSource = useMemo<ExportSource>(
    () => ({
      id: 'divergence-table',
      title,
      height: 0,
      getOption: () => null,
      getTable: async () =>
        divergentTable(
          await fetchAllDivergentDuties({ ...filtersToQuery(filters), sort: dsort, order: dorder }),
          t,
          title,
        ),
    }),
    [filters, dsort, dorder, t, title],
  );
  const drilled = state.duty;

  return (
    <div className={`view ${drilled ? 'grid-3-2 has-detail' : ''}`}>
      <section className="card" aria-labelledby="divergence-title" data-testid="divergence-card">
        <header className="card-header">
          <div>
            <h2 id="divergence-title" className="card-title">
              {title}{' '}
              {duties.data && (
                <span className="count" data-testid="divergence-total">
                  {t('divergence.total', { n: formatNumber(total) })}
                </span>
              )}
            </h2>
            <p className="card-note">{t('divergence.note')}</p>
          </div>
          <ExportMenu source={exportSource} formats={['csv', 'xlsx']} />
        </header>
        <div className="toolbar">
          <div className="segmented" role="group" aria-label={t('divergence.sortBy')}>
            {DUTY_SORTS.map((sort: DutySort) => (
              <button
                key={sort}
                type="button"
                className="segment"
                aria-pressed={state.dsort === sort}
                onClick={() =>
                  navigate((s) => ({
                    ...s,
                    dsort: sort,
                    dorder: s.dsort === sort && s.dorder === 'desc' ? 'asc' : 'desc',
                    dpage: 1,
                  }))
                }
                data-testid={`divergence-sort-${sort}`}
              >
                {t(`divergence.sort.${sort}`)}
                {state.dsort === sort && ` · ${t(`divergence.order.${state.dorder}`)}`}
              </button>
            ))}
          </div>
        </div>
        <QueryStatus query={duties} height={240} isEmpty={rows.length === 0}>
          {() => (
            <SimpleTable
              caption={title}
              testId="divergence-table"
              rows={rows}
              rowKey={(d) => String(d.dutyId)}
              columns={[
                {
                  key: 'duty',
                  header: t('divergence.duty'),
                  cell: (d) => (
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={drilled === String(d.dutyId)}
                      onClick={() =>
                        navigate((s) => ({
                          ...s,
                          duty: s.duty === String(d.dutyId) ? null : String(d.dutyId),
                        }))
                      }
                      title={t('divergence.drill')}
                      data-testid="divergence-drill"
                    >
                      {d.label}
                    </button>
                  ),
                },
                {
                  key: 'towns',
                  header: t('divergence.towns'),
                  numeric: true,
                  cell: (d) => formatNumber(d.towns),
                },
                {
                  key: 'split',
                  header: t('divergence.split'),
                  numeric: true,
                  cell: (d) => formatScore(d.split),
                },
                {
                  key: 'holders',
                  header: t('divergence.holders'),
                  cell: (d) => (
                    <ul className="holders">
                      {KINDS.filter((k) => d.kinds[k] > 0).map((k) => {
                        const names = d.townsByKind[k];
                        const more = d.kinds[k] - names.length;
                        return (
                          <li key={k}>
                            <span className="holder-kind" style={{ borderColor: KIND_COLORS[k] }}>
                              {kindLabel(t, k)} {formatNumber(d.kinds[k])}
                            </span>{' '}
                            {names.join(t('app.listSeparator'))}
                            {more > 0 && ` ${t('divergence.more', { n: formatNumber(more) })}`}
                          </li>
                        );
                      })}
                    </ul>
                  ),
                },
              ]}
            />
          )}
        </QueryStatus>
        {pages > 1 && (
          <Pager page={state.dpage} pages={pages} onPage={(dpage) => navigate((s) => ({ ...s, dpage }))} />
        )}
        {duties.data && rows.length === 0 && (
          <p className="notice" role="status" data-testid="divergence-none">
            {t('divergence.none')}
          </p>
        )}
      </section>
      {drilled && <DutyItems dutyId={drilled} onClose={() => navigate((s) => ({ ...s, duty: null }))} />}
    </div>
  );
}

/** The drilled duty's items in the filtered towns, by list then town, each linked to its detail. */
function DutyItems({ dutyId, onClose }: { dutyId: string; onClose: () => void }) {
  const { t } = useI18n();
  const { state } = useUrlState();
  const items = useQuery(dutyItemsQueryOptions(dutyId, state.filters));
  return (
    <aside className="card detail" aria-labelledby="duty-items-title" data-testid="duty-items">
      <header className="card-header">
        <h2 id="duty-items-title" className="card-title">
          {items.data
            ? t('divergence.items', { label: items.data.label, n: formatNumber(items.data.total) })
            : t('divergence.drill')}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('items.close')}
        </button>
      </header>
      <QueryStatus query={items} height={240} isEmpty={items.data?.items.length === 0}>
        {() =>
          items.data && (
            <SimpleTable
              caption={items.data.label}
              testId="duty-items-table"
              rows={items.data.items}
              rowKey={(i) => i.itemId}
              columns={[
                { key: 'kind', header: t('items.kind'), cell: (i) => <KindTag kind={i.kind} /> },
                { key: 'town', header: t('compare.town'), cell: (i) => i.townName },
                {
                  key: 'name',
                  header: t('items.name'),
                  cell: (i) => (
                    <>
                      <ItemLink itemId={i.itemId}>{i.text}</ItemLink>
                      <span className="muted small block">
                        {t('changes.sourceLine', { file: i.sourceFile, line: formatNumber(i.sourceLine) })}
                      </span>
                    </>
                  ),
                },
              ]}
            />
          )
        }
      </QueryStatus>
    </aside>
  );
}
