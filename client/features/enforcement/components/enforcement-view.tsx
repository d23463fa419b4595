// Enforcement: the penalty items each department took back, and the penalty clauses the town keeps,
// grouped by the basic item that bundles them; each exports as CSV/XLSX.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart } from '../../../components/chart.tsx';
import { ChartCard } from '../../../components/chart-card.tsx';
import { ClauseList } from '../../../components/clause-list.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { FilterCellButton, SimpleTable } from '../../../components/simple-table.tsx';
import { formatNumber, truncate } from '../../../../shared/format.ts';
import { categoryLabel, departmentLabel, departmentTypeLabel, kindLabel } from '../../../../shared/i18n.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { crossFilters } from '../../../lib/url-state.ts';
import { penaltiesQueryOptions } from '../../../lib/queries/penalties-query.ts';
import { summaryQueryOptions } from '../../../lib/queries/summary-query.ts';
import {
  buildBureauBarsOption,
  bureauBarsHeight,
} from '../../../../shared/charts/build-bureau-bars-option.ts';
import { ExportMenu } from '../../../lib/export/export-menu.tsx';
import { tableSource } from '../../../lib/export/export-sources.ts';
import { keptClausesExport } from '../api/kept-clauses-export.ts';
import { severalTowns } from '../../../../shared/several-towns.ts';

const KEPT_HEIGHT = 360;

export function EnforcementView() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const { filters, toggle, isSelected } = useFilterToggle();
  // The bureau chart selects departments, so its query leaves the department filter out; the kept
  // clauses follow every filter.
  const bureaus = useQuery(penaltiesQueryOptions(crossFilters(filters, ['department'])));
  const penalties = useQuery(penaltiesQueryOptions(filters));
  // The kept clauses' whole count (the list below is its first page).
  const summary = useQuery(summaryQueryOptions(filters));
  const chartHeight = bureauBarsHeight(bureaus.data?.bureaus ?? [], t);
  const option = useMemo(
    () =>
      bureaus.data
        ? buildBureauBarsOption(bureaus.data.bureaus, t, {
            decal: state.decal,
            selected: new Set(filters.department),
          })
        : null,
    [bureaus.data, t, state.decal, filters.department],
  );
  const kept = penalties.data?.kept ?? [];
  const keptTotal = penalties.data?.keptTotal ?? 0;
  // With several towns' items listed, say which town each belongs to (numbers repeat across towns).
  const keptTowns = severalTowns(kept);
  // The kept clauses export as CSV/XLSX beside the bureaus' chart: every clause, not the page shown.
  const keptExport = useMemo(
    () => tableSource('kept-clauses', t('enforcement.keptExport'), () => keptClausesExport(filters, t)),
    [filters, t],
  );
  const openItem = (itemId: string) => navigate((s) => ({ ...s, view: 'items', item: itemId }));

  return (
    <div className="view grid-1-1">
      <ChartCard
        id="bureaus"
        exportCategory={t('departments.name')}
        title={t('enforcement.bureaus')}
        note={t('enforcement.bureausNote')}
        height={chartHeight}
        query={bureaus}
        isEmpty={bureaus.data?.bureaus.length === 0}
        chart={() =>
          option && (
            <Chart
              option={option}
              height={chartHeight}
              label={t('enforcement.bureaus')}
              testId="chart-bureaus"
              onEvents={{
                click: (p) => {
                  const dept = p.componentType === 'yAxis' ? p.value : p.name;
                  if (typeof dept === 'string') toggle('department', dept);
                },
              }}
            />
          )
        }
        table={() => (
          <SimpleTable
            caption={t('enforcement.bureaus')}
            rows={bureaus.data?.bureaus ?? []}
            rowKey={(b) => b.department}
            columns={[
              {
                key: 'department',
                header: t('departments.name'),
                cell: (b) => (
                  <FilterCellButton
                    pressed={isSelected('department', b.department)}
                    onToggle={() => toggle('department', b.department)}
                  >
                    {departmentLabel(t, b.department)}
                  </FilterCellButton>
                ),
              },
              { key: 'type', header: t('departments.type'), cell: (b) => departmentTypeLabel(t, b.type) },
              { key: 'count', header: t('chart.items'), numeric: true, cell: (b) => formatNumber(b.count) },
            ]}
          />
        )}
      />

      <section className="card" aria-labelledby="kept-title" data-testid="kept-clauses">
        <header className="card-header">
          <div>
            <h2 id="kept-title" className="card-title">
              {t('enforcement.kept')}
            </h2>
            {penalties.data && summary.data && (
              <p className="card-note" data-testid="kept-summary">
                {t(kept.length < keptTotal ? 'enforcement.keptSummaryFirst' : 'enforcement.keptSummary', {
                  clauses: formatNumber(summary.data.penalties.keptClauses),
                  items: formatNumber(keptTotal),
                  n: formatNumber(kept.length),
                })}
              </p>
            )}
            {/* Kept clauses belong to basic items, which link no department: a bureau filter leaves none. */}
            {kept.length === 0 && (filters.department.length > 0 || filters.departmentType.length > 0) && (
              <p className="notice" role="status" data-testid="kept-department-note">
                {t('enforcement.keptNoDepartment')}
              </p>
            )}
          </div>
          <ExportMenu source={keptExport} formats={['csv', 'xlsx']} hasData={kept.length > 0} />
        </header>
        <QueryStatus query={penalties} height={KEPT_HEIGHT} isEmpty={kept.length === 0}>
          {() => (
            <div className="kept-list">
              {kept.map((k) => (
                <details key={k.itemId} className="kept-item">
                  <summary>
                    <span className="kept-title">
                      <span className="kept-meta">
                        {keptTowns && `${k.townName} · `}
                        {kindLabel(t, 'basic')} {formatNumber(k.seq)} · {categoryLabel(t, k.category)}
                      </span>
                      <span className="kept-name" title={k.name}>
                        {truncate(k.name, 60)}
                      </span>
                    </span>
                    <span className="chip-count">
                      {t('enforcement.clauses', { n: formatNumber(k.clauses.length) })}
                    </span>
                  </summary>
                  <ClauseList clauses={k.clauses} />
                  <button type="button" className="link-button" onClick={() => openItem(k.itemId)}>
                    {t('items.detail')} →
                  </button>
                </details>
              ))}
            </div>
          )}
        </QueryStatus>
      </section>
    </div>
  );
}
