// Items: the filtered items as a searchable, sortable, paginated table, with the full structured text of
// the selected item in a side panel.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { KindTag } from '../../../components/kind-tag.tsx';
import { Pager } from '../../../components/pager.tsx';
import { ErrorState, EmptyState, Skeleton } from '../../../components/query-status.tsx';
import { ExportMenu } from '../../../lib/export/export-menu.tsx';
import { tableSource } from '../../../lib/export/export-sources.ts';
import { fetchAllItems, itemsTable } from '../../../lib/export/items-table.ts';
import { axisDepartmentLabel, formatNumber } from '../../../../shared/format.ts';
import {
  categoryLabel,
  departmentGlossLabel,
  departmentLabel,
  kindLabel,
  type MessageKey,
  supportTypeLabel,
} from '../../../../shared/i18n.ts';
import { KIND_COLORS } from '../../../../shared/charts/palette.ts';
import { MAX_Q_LENGTH, setQuery, type ItemSort } from '../../../lib/url-state.ts';
import { KINDS } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { itemsQueryOptions } from '../../../lib/queries/items-query.ts';
import { PAGE_SIZE, itemsPageQuery } from '../api/items-page.ts';
import { ItemDetail } from './item-detail.tsx';
import { severalTowns } from '../../../../shared/several-towns.ts';

const SEARCH_DELAY_MS = 300;
const TABLE_HEIGHT = 760;

const COLUMNS: Array<{ sort: ItemSort | null; label: MessageKey; className?: string }> = [
  { sort: 'seq', label: 'items.seq', className: 'num col-seq' },
  { sort: 'kind', label: 'items.kind', className: 'col-kind' },
  { sort: 'category', label: 'items.category', className: 'col-category' },
  { sort: 'name', label: 'items.name' },
  { sort: null, label: 'items.departments', className: 'col-departments' },
  { sort: null, label: 'items.support', className: 'col-support' },
];

export function ItemsView() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const { filters, toggle, isSelected } = useFilterToggle();
  // Keep the current page on screen while the next one loads: no flash, no layout shift.
  const items = useQuery({
    ...itemsQueryOptions(itemsPageQuery(filters, state)),
    placeholderData: keepPreviousData,
  });
  const [search, setSearch] = useState(filters.q);

  // The q this box last sent to the URL. When the URL's q changes for another reason (back/forward,
  // a chip removed), the box follows; while the user types, it does not overwrite their input.
  const committed = useRef(filters.q);
  useEffect(() => {
    if (filters.q === committed.current) return;
    committed.current = filters.q;
    setSearch(filters.q);
  }, [filters.q]);
  const commitSearch = (text: string) => {
    committed.current = text.trim().slice(0, MAX_Q_LENGTH);
    navigate((s) => setQuery(s, text));
  };
  useEffect(() => {
    if (search.trim() === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = search.trim().slice(0, MAX_Q_LENGTH);
      navigate((s) => setQuery(s, search));
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, navigate]);

  const total = items.data?.total ?? 0;
  // With several towns on one page, say which town each row belongs to (sequence numbers repeat).
  const multiTown = severalTowns(items.data?.items);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const goTo = (page: number) => navigate((s) => ({ ...s, page }));
  // A link can name a page past the end (fewer items since): show the last page instead of nothing.
  const pastEnd = items.data !== undefined && !items.isPlaceholderData && state.page > pages;
  useEffect(() => {
    if (pastEnd) navigate((s) => ({ ...s, page: pages }), { replace: true });
  }, [pastEnd, pages, navigate]);
  const sortBy = (sort: ItemSort) =>
    navigate((s) => ({ ...s, sort, order: s.sort === sort && s.order === 'asc' ? 'desc' : 'asc', page: 1 }));
  // Exports read every filtered item (all pages), in the table's order.
  const { sort, order } = state;
  const exportSource = useMemo(
    () =>
      tableSource('items', t('view.items'), async () =>
        itemsTable(await fetchAllItems(filters, sort, order), t, t('view.items')),
      ),
    [filters, sort, order, t],
  );
  const openItem = (itemId: string) =>
    navigate((s) => ({ ...s, item: s.item === itemId && !s.itemEdition ? null : itemId, itemEdition: null }));

  return (
    <div className={`view ${state.item ? 'grid-3-2 has-detail' : ''}`}>
      <section className="card" aria-labelledby="items-title" data-testid="items-card">
        <header className="card-header">
          <h2 id="items-title" className="card-title">
            {t('view.items')}{' '}
            <span className="count" data-testid="items-total" data-total={items.data?.total ?? ''}>
              {items.data ? t('items.total', { n: formatNumber(total) }) : ''}
            </span>
          </h2>
          <ExportMenu source={exportSource} formats={['csv', 'xlsx']} />
        </header>
        <div className="toolbar">
          <label className="search">
            <span className="visually-hidden">{t('items.search')}</span>
            <input
              type="search"
              value={search}
              maxLength={MAX_Q_LENGTH}
              placeholder={t('items.searchPlaceholder')}
              aria-label={t('items.search')}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commitSearch(search);
              }}
              data-testid="items-search"
            />
          </label>
          <div className="segmented" role="group" aria-label={t('filters.kind')}>
            {KINDS.map((k) => (
              <button
                key={k}
                type="button"
                className="segment"
                aria-pressed={isSelected('kind', k)}
                onClick={() => toggle('kind', k)}
              >
                <span className="swatch" style={{ background: KIND_COLORS[k] }} aria-hidden="true" />
                {kindLabel(t, k)}
              </button>
            ))}
          </div>
        </div>
        <div className={`table-wrap ${items.isFetching && !items.isPending ? 'is-refreshing' : ''}`}>
          {items.isPending ? (
            <Skeleton height={TABLE_HEIGHT} />
          ) : items.isError ? (
            <ErrorState height={TABLE_HEIGHT} error={items.error} onRetry={() => void items.refetch()} />
          ) : items.data.items.length === 0 ? (
            <EmptyState height={240} />
          ) : (
            <table className="table items-table" data-testid="items-table">
              <thead>
                <tr>
                  {COLUMNS.map((c) => {
                    const label = t(c.label);
                    const active = c.sort !== null && state.sort === c.sort;
                    return (
                      <th
                        key={c.label}
                        scope="col"
                        className={c.className}
                        aria-sort={active ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}
                      >
                        {c.sort ? (
                          <button
                            type="button"
                            className="sort-button"
                            onClick={() => sortBy(c.sort as ItemSort)}
                            title={t('items.sortBy', { column: label })}
                          >
                            {label}
                            <span aria-hidden="true">
                              {active ? (state.order === 'asc' ? ' ▲' : ' ▼') : ''}
                            </span>
                          </button>
                        ) : (
                          label
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {items.data.items.map((i) => (
                  <tr key={i.itemId} className={state.item === i.itemId ? 'is-selected' : undefined}>
                    <td className="num col-seq" data-label={t('items.seq')}>
                      {formatNumber(i.seq)}
                    </td>
                    <td className="col-kind" data-label={t('items.kind')}>
                      <KindTag kind={i.kind} />
                    </td>
                    <td className="col-category" data-label={t('items.category')}>
                      {categoryLabel(t, i.category)}
                      {multiTown && <span className="muted small block">{i.townName}</span>}
                    </td>
                    <td className="col-name" data-label={t('items.name')}>
                      <button
                        type="button"
                        className="link-button item-name"
                        title={i.name}
                        aria-expanded={state.item === i.itemId}
                        onClick={() => openItem(i.itemId)}
                      >
                        {i.name}
                      </button>
                      {i.isPenalty && <span className="tag tag-penalty">{t('items.penalty')}</span>}
                    </td>
                    <td className="col-departments" data-label={t('items.departments')}>
                      {i.departments.map((d) => (
                        <span key={d} className="dept" title={departmentLabel(t, d)}>
                          {axisDepartmentLabel(d, 12)}
                          {departmentGlossLabel(t, d) && (
                            <span className="muted small block">{departmentGlossLabel(t, d)}</span>
                          )}
                        </span>
                      ))}
                    </td>
                    <td className="col-support" data-label={t('items.support')}>
                      {i.supportTypes.map((s) => supportTypeLabel(t, s)).join('、')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <Pager
          page={state.page}
          pages={pages}
          onPage={goTo}
          note={t('items.perPage', { n: formatNumber(PAGE_SIZE) })}
        />
      </section>
      {state.item && (
        <ItemDetail
          itemId={state.item}
          edition={state.itemEdition}
          onClose={() => navigate((s) => ({ ...s, item: null, itemEdition: null }))}
        />
      )}
    </div>
  );
}
