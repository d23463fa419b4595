// Towns within the chosen region(s) ranked by items reclaimed (or another measure), a page at a time,
// as a bar chart or a table: a city or county reform office sees which towns shed the most. Without a
// region filter every loaded town is ranked. Clicking a town toggles the `town` filter for the other views.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Chart } from '../../../components/chart.tsx';
import { ChartCard } from '../../../components/chart-card.tsx';
import { FilterCellButton, SimpleTable } from '../../../components/simple-table.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { kindLabel } from '../../../../shared/i18n.ts';
import { TOWN_RANK_SIZES, filtersToQuery } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { townRankingQueryOptions } from '../api/town-ranking-query.ts';
import {
  RANKING_METRICS,
  buildTownRankingOption,
  rankingChartHeight,
  rankingLabels,
  type RankingMetric,
  type TownRankingRow,
} from '../../../../shared/charts/build-town-ranking-option.ts';

export function TownRanking({ townsLoaded }: { townsLoaded: number }) {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const { filters, toggle } = useFilterToggle();
  const { rank: metric, rankSize: pageSize } = state;
  const setMetric = (rank: RankingMetric) => navigate((s) => ({ ...s, rank }));
  const setPageSize = (rankSize: number) => navigate((s) => ({ ...s, rankSize }));
  // A page number belongs to one scope and measure: a new region or sort starts again at the top.
  const scope = JSON.stringify([filtersToQuery({ ...filters, town: [] }), metric, pageSize]);
  const [paging, setPaging] = useState({ scope, page: 0 });
  const page = paging.scope === scope ? paging.page : 0;
  const goTo = (next: number) => setPaging({ scope, page: next });

  const ranking = useQuery(
    townRankingQueryOptions(filters, { metric, limit: pageSize, offset: page * pageSize }),
  );
  const rows: TownRankingRow[] = useMemo(() => ranking.data?.towns ?? [], [ranking.data]);
  const total = ranking.data?.total ?? 0;
  const offset = ranking.data?.offset ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // The town filter may name a town by id, name or full name.
  const selected = useMemo(
    () =>
      new Set(
        rows
          .filter((r) => [r.townId, r.name, r.fullName].some((v) => filters.town.includes(v)))
          .map((r) => r.townId),
      ),
    [rows, filters.town],
  );
  const option = useMemo(
    () => buildTownRankingOption(rows, t, { metric, offset, selected, decal: state.decal }),
    [rows, t, metric, offset, selected, state.decal],
  );
  const height = rankingChartHeight(rows.length);
  const metricLabel = t(`towns.metric.${metric}`);
  const title =
    filters.region.length > 0
      ? t('towns.rankingIn', { scope: filters.region.join('、'), metric: metricLabel })
      : t('towns.rankingAll', { metric: metricLabel });
  const labels = rankingLabels(rows);
  const toggleTown = (townId: string) => {
    // Take a name-valued town filter for this town off rather than adding its id next to it.
    const row = rows.find((r) => r.townId === townId);
    const current = row && [row.townId, row.name, row.fullName].find((v) => filters.town.includes(v));
    toggle('town', current ?? townId);
  };

  return (
    <div className="ranking" data-testid="town-ranking">
      <div className="toolbar ranking-toolbar">
        <label className="select-label">
          {t('towns.rankBy')}
          <select
            value={metric}
            onChange={(e) => setMetric(e.target.value as RankingMetric)}
            data-testid="ranking-metric"
          >
            {RANKING_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`towns.metric.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="select-label">
          <select
            value={pageSize}
            onChange={(e) => setPageSize(Number(e.target.value))}
            aria-label={t('items.perPage', { n: formatNumber(pageSize) })}
            data-testid="ranking-page-size"
          >
            {TOWN_RANK_SIZES.map((n) => (
              <option key={n} value={n}>
                {t('items.perPage', { n: formatNumber(n) })}
              </option>
            ))}
          </select>
        </label>
        {ranking.data && total > 0 && (
          <span className="muted" data-testid="ranking-range" aria-live="polite">
            {t('towns.range', {
              from: formatNumber(offset + 1),
              to: formatNumber(offset + rows.length),
              total: formatNumber(total),
            })}
          </span>
        )}
        {pages > 1 && (
          <span className="pager">
            <button
              type="button"
              className="button button-small"
              disabled={page === 0}
              onClick={() => goTo(page - 1)}
              data-testid="ranking-prev"
            >
              {t('items.prev')}
            </button>
            <span className="muted">
              {t('items.page', { page: formatNumber(page + 1), pages: formatNumber(pages) })}
            </span>
            <button
              type="button"
              className="button button-small"
              disabled={page + 1 >= pages}
              onClick={() => goTo(page + 1)}
              data-testid="ranking-next"
            >
              {t('items.next')}
            </button>
          </span>
        )}
      </div>
      {townsLoaded > 1 && total === 1 && rows[0] && (
        <p className="notice" role="status" data-testid="ranking-only-one">
          {t('towns.onlyOneInScope', { name: rows[0].name })}
        </p>
      )}
      <ChartCard
        id="town-ranking"
        title={title}
        note={t('towns.rankingNote')}
        height={height}
        query={ranking}
        isEmpty={rows.length === 0}
        chart={() => (
          <Chart
            option={option}
            height={height}
            label={title}
            testId="chart-town-ranking"
            onEvents={{
              click: (p) => {
                const id = p.componentType === 'yAxis' ? p.value : p.name;
                if (typeof id === 'string') toggleTown(id);
              },
            }}
          />
        )}
        table={() => (
          <SimpleTable
            caption={title}
            testId="table-town-ranking"
            rows={rows}
            rowKey={(r) => r.townId}
            columns={[
              {
                key: 'rank',
                header: t('towns.rank'),
                numeric: true,
                cell: (r) => formatNumber(offset + rows.indexOf(r) + 1),
              },
              {
                key: 'name',
                header: t('towns.name'),
                cell: (r) => (
                  <FilterCellButton
                    pressed={selected.has(r.townId)}
                    onToggle={() => toggleTown(r.townId)}
                    title={t('towns.select')}
                  >
                    {labels.get(r.townId) ?? r.name}
                  </FilterCellButton>
                ),
              },
              {
                key: 'region',
                header: t('towns.region'),
                cell: (r) => [r.province, r.city, r.county].filter(Boolean).join(' '),
              },
              ...(['basic', 'cooperative', 'reclaimed'] as const).map((k) => ({
                key: k,
                header: kindLabel(t, k),
                numeric: true,
                cell: (r: TownRankingRow) => formatNumber(r.counts[k]),
              })),
              {
                key: 'total',
                header: t('towns.total'),
                numeric: true,
                cell: (r) => formatNumber(r.counts.total),
              },
              {
                key: 'penalties',
                header: t('towns.penalties'),
                numeric: true,
                cell: (r) => formatNumber(r.reclaimedPenalties),
              },
              {
                key: 'kept',
                header: t('towns.keptClauses'),
                numeric: true,
                cell: (r) => formatNumber(r.keptClauses),
              },
            ]}
          />
        )}
      />
    </div>
  );
}
