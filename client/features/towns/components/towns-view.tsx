// Towns: the towns of the chosen region ranked by items reclaimed (or another measure), two towns'
// category × list distributions side by side, and every loaded town. With one town the view says so and
// shows that town alone.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart, legendToggle } from '../../../components/chart.tsx';
import { ChartCard } from '../../../components/chart-card.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { SimpleTable } from '../../../components/simple-table.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { categoryLabel, kindLabel } from '../../../../shared/i18n.ts';
import { KINDS } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { emptyFilters } from '../../../lib/url-state.ts';
import { categoriesQueryOptions } from '../../../lib/queries/categories-query.ts';
import { townsQueryOptions } from '../../../lib/queries/towns-query.ts';
import {
  buildTownCompareOption,
  compareCategories,
} from '../../../../shared/charts/build-town-compare-option.ts';
import { TownRanking } from './town-ranking.tsx';

const CHART_HEIGHT = 420;
const TOWNS_LIST_HEIGHT = 420;

export function TownsView() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const { toggle, isSelected } = useFilterToggle();
  // Every loaded town (to say when there is only one), and the towns inside the region filter.
  const loaded = useQuery(townsQueryOptions());
  const towns = useQuery(townsQueryOptions({ region: state.filters.region }));
  const loadedCount = loaded.data?.total ?? 0;
  const list = towns.data?.towns ?? [];
  const townA = list.find((x) => x.townId === state.townA) ?? list[0];
  const townB =
    list.find((x) => x.townId === state.townB && x.townId !== townA?.townId) ?? list.find((x) => x !== townA);
  const compared = [townA, townB].filter((x) => x !== undefined);
  const distributions = useQueries({
    queries: compared.map((town) => categoriesQueryOptions({ ...emptyFilters(), town: [town.townId] })),
  });
  const ready = distributions.every((d) => d.data);
  const option = useMemo(
    () =>
      ready
        ? buildTownCompareOption(
            compared.map((town, i) => ({ name: town.name, rows: distributions[i]?.data?.rows ?? [] })),
            t,
            { decal: state.decal },
          )
        : null,
    // distributions is a new array each render; its data objects are stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ready, t, state.decal, townA?.townId, townB?.townId, ...distributions.map((d) => d.data)],
  );
  const compareQuery = {
    isPending: towns.isPending || distributions.some((d) => d.isPending),
    isError: towns.isError || distributions.some((d) => d.isError),
    error: towns.error ?? distributions.find((d) => d.error)?.error,
    isFetching: distributions.some((d) => d.isFetching),
    refetch: () => {
      void towns.refetch();
      for (const d of distributions) void d.refetch();
    },
  };

  // With one town there is nothing to compare: the card names that town's own distribution.
  const compareTitle =
    compared.length === 1 && compared[0]
      ? t('towns.compareOne', { name: compared[0].name })
      : t('towns.compare');
  const selectTown = (slot: 'townA' | 'townB', townId: string) => navigate((s) => ({ ...s, [slot]: townId }));

  return (
    <div className="view">
      {loadedCount === 1 && loaded.data?.towns[0] && (
        <p className="notice" role="status" data-testid="towns-only-one">
          {t('towns.onlyOne', { name: loaded.data.towns[0].name })}
        </p>
      )}
      {/* A ranking of one is no ranking: with a single town loaded the notice above says so. */}
      {loadedCount > 1 && <TownRanking townsLoaded={loadedCount} />}

      <section className="card" aria-labelledby="towns-title" data-testid="towns-list">
        <header className="card-header">
          <h2 id="towns-title" className="card-title">
            {t('towns.list')} {towns.data && <span className="count">{formatNumber(list.length)}</span>}
          </h2>
        </header>
        <QueryStatus query={towns} height={120} isEmpty={list.length === 0}>
          {() => (
            // A city has hundreds of towns: the list scrolls instead of pushing the comparison away.
            <div className="table-scroll" style={{ maxHeight: TOWNS_LIST_HEIGHT }}>
              <SimpleTable
                caption={t('towns.list')}
                rows={list}
                rowKey={(x) => x.townId}
                columns={[
                  { key: 'name', header: t('towns.name'), cell: (x) => <strong>{x.name}</strong> },
                  {
                    key: 'region',
                    header: t('towns.region'),
                    cell: (x) => [x.province, x.city, x.county].filter(Boolean).join(' '),
                  },
                  ...KINDS.map((k) => ({
                    key: k,
                    header: kindLabel(t, k),
                    numeric: true,
                    cell: (x: (typeof list)[number]) => formatNumber(x.counts[k]),
                  })),
                  { key: 'source', header: t('towns.source'), cell: (x) => <code>{x.sourceFile}</code> },
                  {
                    key: 'select',
                    header: <span className="visually-hidden">{t('towns.select')}</span>,
                    cell: (x) => (
                      <button
                        type="button"
                        className="button button-small"
                        aria-pressed={isSelected('town', x.townId)}
                        onClick={() => toggle('town', x.townId)}
                      >
                        {t('towns.select')}
                      </button>
                    ),
                  },
                ]}
              />
            </div>
          )}
        </QueryStatus>
      </section>

      {list.length > 1 && (
        <div className="toolbar">
          {(['townA', 'townB'] as const).map((slot) => (
            <label key={slot} className="select-label">
              {t(slot === 'townA' ? 'towns.townA' : 'towns.townB')}
              <select
                value={(slot === 'townA' ? townA : townB)?.townId ?? ''}
                onChange={(e) => selectTown(slot, e.target.value)}
              >
                {list.map((x) => (
                  <option key={x.townId} value={x.townId}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}

      <ChartCard
        id="towns-compare"
        title={compareTitle}
        height={CHART_HEIGHT}
        query={compareQuery}
        isEmpty={compared.length === 0}
        chart={() =>
          option && (
            <Chart
              option={option}
              height={CHART_HEIGHT}
              label={compareTitle}
              testId="chart-towns-compare"
              onEvents={{
                click: (p) => {
                  if (typeof p.name === 'string') toggle('category', p.name);
                },
                legendselectchanged: legendToggle((name) => {
                  const kind = KINDS.find((k) => kindLabel(t, k) === name);
                  if (kind) toggle('kind', kind);
                }),
              }}
            />
          )
        }
        table={() => {
          const dists = compared.map((town, i) => ({
            name: town.name,
            rows: distributions[i]?.data?.rows ?? [],
          }));
          const categories = compareCategories(dists);
          const count = (rows: (typeof dists)[number]['rows'], k: string, c: string) =>
            rows.filter((r) => r.kind === k && r.category === c).reduce((s, r) => s + r.count, 0);
          return (
            <SimpleTable
              caption={compareTitle}
              rows={categories}
              rowKey={(c) => c}
              columns={[
                { key: 'category', header: t('items.category'), cell: (c) => categoryLabel(t, c) },
                ...dists.flatMap((d, di) =>
                  KINDS.map((k) => ({
                    key: `${di}:${k}`,
                    header: `${d.name} · ${kindLabel(t, k)}`,
                    numeric: true,
                    cell: (c: string) => formatNumber(count(d.rows, k, c)),
                  })),
                ),
              ]}
            />
          );
        }}
      />
    </div>
  );
}
