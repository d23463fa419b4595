// Overview: the burden-shift headline figures, the category → list → department Sankey and the
// category × list bars. Every chart element toggles a filter.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart, legendToggle } from '../../../components/chart.tsx';
import { ChartCard } from '../../../components/chart-card.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { FilterCellButton, SimpleTable } from '../../../components/simple-table.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { categoryLabel, kindLabel } from '../../../../shared/i18n.ts';
import { KINDS, type Kind } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { crossFilters } from '../../../lib/url-state.ts';
import { useElementWidth } from '../../../lib/use-element-width.ts';
import { useNarrowScreen } from '../../../lib/use-narrow-screen.ts';
import { categoriesQueryOptions } from '../../../lib/queries/categories-query.ts';
import { summaryQueryOptions } from '../../../lib/queries/summary-query.ts';
import { flowsQueryOptions } from '../api/flows-query.ts';
import {
  buildCategoryBarsOption,
  categoryMatrix,
} from '../../../../shared/charts/build-category-bars-option.ts';
import {
  buildSankeyOption,
  sankeyHeight,
  flowClickFilters,
  flowNodeFilter,
  flowNodeLabel,
} from '../../../../shared/charts/build-sankey-option.ts';
import { HeadlineFigures } from './headline-figures.tsx';

/** The flow chart's height while its data loads (the seed's, in Chinese). */
const SANKEY_HEIGHT = 640;
const BARS_HEIGHT = 340;
/** A card's padding and border on both sides (.card): the chart is this much narrower than its card. */
const CARD_CHROME_PX = 34;

export function OverviewView() {
  const { t } = useI18n();
  const { state } = useUrlState();
  const { filters, toggle, toggleMany, isSelected } = useFilterToggle();
  const narrow = useNarrowScreen();
  // The category bars' card, measured: its labels break into lines to fit their share of the axis.
  const [barsBox, barsBoxWidth] = useElementWidth<HTMLDivElement>();
  const barsWidth = barsBoxWidth === undefined ? undefined : barsBoxWidth - CARD_CHROME_PX;
  // Keep the last answers on screen (dimmed) while a new filter set loads.
  const summary = useQuery({ ...summaryQueryOptions(filters), placeholderData: keepPreviousData });
  // Each chart is filtered by everything but what it selects itself (it highlights those instead).
  const flows = useQuery(flowsQueryOptions(crossFilters(filters, ['category', 'kind', 'department'])));
  const categories = useQuery({
    ...categoriesQueryOptions(crossFilters(filters, ['category', 'kind'])),
    placeholderData: keepPreviousData,
  });

  const kindByLabel = (label: string): Kind | undefined => KINDS.find((k) => kindLabel(t, k) === label);

  const selectedNodeIds = useMemo(
    () =>
      new Set([
        ...filters.category.map((c) => `category:${c}`),
        ...filters.kind.map((k) => `kind:${k}`),
        ...filters.department.map((d) => `department:${d}`),
      ]),
    [filters],
  );
  const sankeyOption = useMemo(
    () => (flows.data ? buildSankeyOption(flows.data, t, { decal: state.decal, selectedNodeIds }) : null),
    [flows.data, t, state.decal, selectedNodeIds],
  );
  // As tall as its departments need: each label shows, two lines each in English.
  const flowsHeight = flows.data ? sankeyHeight(flows.data, t) : SANKEY_HEIGHT;
  const barsOption = useMemo(
    () =>
      categories.data
        ? buildCategoryBarsOption(categories.data.rows, t, {
            decal: state.decal,
            selected: new Set(filters.category),
            selectedKinds: new Set(filters.kind),
            narrow,
            ...(barsWidth === undefined ? {} : { width: barsWidth }),
          })
        : null,
    [categories.data, t, state.decal, filters.category, filters.kind, narrow, barsWidth],
  );

  return (
    <div className="view view-overview">
      <section aria-labelledby="headline-title" className="headline">
        <h2 id="headline-title" className="section-title">
          {t('overview.headline')}
        </h2>
        <QueryStatus query={summary} height={148}>
          {() => summary.data && <HeadlineFigures summary={summary.data} />}
        </QueryStatus>
      </section>

      <div className="grid-2-1">
        <ChartCard
          id="flows"
          title={t('overview.flows')}
          note={t('overview.flowsNote')}
          height={flowsHeight}
          query={flows}
          isEmpty={flows.data?.links.length === 0}
          chart={() =>
            sankeyOption && (
              <Chart
                option={sankeyOption}
                height={flowsHeight}
                label={t('overview.flows')}
                testId="chart-flows"
                onEvents={{
                  click: (p) => {
                    // A link switches both its ends on; a node toggles its own filter.
                    const { link, filters: chosen } = flowClickFilters(p);
                    toggleMany(link ? chosen.filter((f) => !isSelected(f.key, f.value)) : chosen);
                  },
                }}
              />
            )
          }
          table={() => {
            const nodes = new Map((flows.data?.nodes ?? []).map((n) => [n.id, n]));
            const label = (id: string) => {
              const n = nodes.get(id);
              return n ? flowNodeLabel(n, t) : id;
            };
            const cell = (id: string) => {
              const f = flowNodeFilter(id);
              if (!f) return label(id);
              return (
                <FilterCellButton
                  pressed={isSelected(f.key, f.value)}
                  onToggle={() =>
                    f.key === 'kind' ? toggle('kind', f.value as Kind) : toggle(f.key, f.value)
                  }
                >
                  {label(id)}
                </FilterCellButton>
              );
            };
            return (
              <SimpleTable
                caption={t('overview.flows')}
                rows={flows.data?.links ?? []}
                rowKey={(l) => `${l.source}>${l.target}`}
                columns={[
                  { key: 'source', header: t('chart.from'), cell: (l) => cell(l.source) },
                  { key: 'target', header: t('chart.to'), cell: (l) => cell(l.target) },
                  {
                    key: 'value',
                    header: t('chart.count'),
                    numeric: true,
                    cell: (l) => formatNumber(l.value),
                  },
                ]}
              />
            );
          }}
        />

        <div ref={barsBox} className="grid-cell">
          <ChartCard
            id="categories"
            exportCategory={t('items.category')}
            title={t('overview.categories')}
            height={BARS_HEIGHT}
            query={categories}
            isEmpty={categories.data?.rows.length === 0}
            chart={() =>
              barsOption && (
                <Chart
                  option={barsOption}
                  height={BARS_HEIGHT}
                  label={t('overview.categories')}
                  testId="chart-categories"
                  onEvents={{
                    click: (p) => {
                      const category = p.componentType === 'xAxis' ? p.value : p.name;
                      if (typeof category === 'string') toggle('category', category);
                    },
                    legendselectchanged: legendToggle((name) => {
                      const kind = kindByLabel(name);
                      if (kind) toggle('kind', kind);
                    }),
                  }}
                />
              )
            }
            table={() => {
              const m = categoryMatrix(categories.data?.rows ?? []);
              return (
                <SimpleTable
                  caption={t('overview.categories')}
                  rows={m.categories.map((c, ci) => ({ category: c, ci }))}
                  rowKey={(r) => r.category}
                  columns={[
                    {
                      key: 'category',
                      header: t('items.category'),
                      cell: (r) => (
                        <FilterCellButton
                          pressed={isSelected('category', r.category)}
                          onToggle={() => toggle('category', r.category)}
                        >
                          {categoryLabel(t, r.category)}
                        </FilterCellButton>
                      ),
                    },
                    ...m.kinds.map((k, ki) => ({
                      key: k,
                      header: kindLabel(t, k),
                      numeric: true,
                      cell: (r: { ci: number }) => formatNumber(m.counts[ki]?.[r.ci] ?? 0),
                    })),
                  ]}
                />
              );
            }}
          />
        </div>
      </div>
    </div>
  );
}
