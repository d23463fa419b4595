// Support: which department gives which support (heatmap) and how many cooperative duties come with
// each support type.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart } from '../../../components/chart.tsx';
import { ChartCard } from '../../../components/chart-card.tsx';
import { FilterCellButton, SimpleTable } from '../../../components/simple-table.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { departmentLabel, supportTypeLabel } from '../../../../shared/i18n.ts';
import { SUPPORT_TYPES, type SupportType } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { crossFilters } from '../../../lib/url-state.ts';
import { supportQueryOptions } from '../api/support-query.ts';
import {
  buildSupportHeatmapOption,
  heatmapAxes,
  supportHeatmapHeight,
} from '../../../../shared/charts/build-support-heatmap-option.ts';
import {
  buildSupportTypesOption,
  supportTypesHeight,
} from '../../../../shared/charts/build-support-types-option.ts';

const asSupportType = (v: unknown): SupportType | null =>
  typeof v === 'string' && (SUPPORT_TYPES as readonly string[]).includes(v) ? (v as SupportType) : null;

export function SupportView() {
  const { t } = useI18n();
  const { state } = useUrlState();
  const { filters, toggle, toggleMany, isSelected } = useFilterToggle();
  // The heatmap selects departments and support types, the bars support types: each query leaves its
  // own selections out so the chart keeps every value and highlights the chosen ones.
  const support = useQuery(supportQueryOptions(crossFilters(filters, ['department', 'supportType'])));
  const supportTypes = useQuery(supportQueryOptions(crossFilters(filters, ['supportType'])));
  const heatmapHeight = supportHeatmapHeight(support.data?.cells ?? [], t);
  const typesHeight = supportTypesHeight(supportTypes.data?.types ?? []);

  const heatmapOption = useMemo(
    () =>
      support.data
        ? buildSupportHeatmapOption(support.data.cells, t, {
            decal: state.decal,
            selectedDepartments: new Set(filters.department),
            selectedSupportTypes: new Set(filters.supportType),
          })
        : null,
    [support.data, t, state.decal, filters.department, filters.supportType],
  );
  const typesOption = useMemo(
    () =>
      supportTypes.data
        ? buildSupportTypesOption(supportTypes.data.types, t, {
            decal: state.decal,
            selected: new Set(filters.supportType),
          })
        : null,
    [supportTypes.data, t, state.decal, filters.supportType],
  );

  return (
    <div className="view grid-3-2">
      <ChartCard
        id="support-heatmap"
        exportCategory={t('departments.name')}
        exportColumn={t('filters.supportType')}
        title={t('support.heatmap')}
        note={t('support.heatmapNote')}
        height={heatmapHeight}
        query={support}
        isEmpty={support.data?.cells.length === 0}
        chart={() =>
          heatmapOption && (
            <Chart
              option={heatmapOption}
              height={heatmapHeight}
              label={t('support.heatmap')}
              testId="chart-support-heatmap"
              onEvents={{
                click: (p) => {
                  if (p.componentType === 'xAxis') {
                    const s = asSupportType(p.value);
                    if (s) toggle('supportType', s);
                  } else if (p.componentType === 'yAxis' && typeof p.value === 'string') {
                    toggle('department', p.value);
                  } else if (p.componentType === 'series') {
                    const d = p.data as { department?: string; supportType?: string } | undefined;
                    if (d?.department && d.supportType)
                      toggleMany([
                        { key: 'department', value: d.department },
                        { key: 'supportType', value: d.supportType },
                      ]);
                  }
                },
              }}
            />
          )
        }
        table={() => {
          const cells = support.data?.cells ?? [];
          const { types, departments } = heatmapAxes(cells);
          const value = (d: string, s: string) =>
            cells.find((c) => c.department === d && c.supportType === s)?.items ?? 0;
          return (
            <SimpleTable
              caption={t('support.heatmap')}
              rows={departments}
              rowKey={(d) => d}
              columns={[
                {
                  key: 'department',
                  header: t('departments.name'),
                  cell: (d) => (
                    <FilterCellButton
                      pressed={isSelected('department', d)}
                      onToggle={() => toggle('department', d)}
                    >
                      {departmentLabel(t, d)}
                    </FilterCellButton>
                  ),
                },
                ...types.map((s) => ({
                  key: s,
                  header: supportTypeLabel(t, s),
                  numeric: true,
                  cell: (d: string) => formatNumber(value(d, s)),
                })),
              ]}
            />
          );
        }}
      />
      <ChartCard
        id="support-types"
        exportCategory={t('filters.supportType')}
        title={t('support.types')}
        note={t('support.typesNote')}
        height={typesHeight}
        query={supportTypes}
        isEmpty={supportTypes.data?.types.length === 0}
        chart={() =>
          typesOption && (
            <Chart
              option={typesOption}
              height={typesHeight}
              label={t('support.types')}
              testId="chart-support-types"
              onEvents={{
                click: (p) => {
                  const s = asSupportType(p.componentType === 'yAxis' ? p.value : p.name);
                  if (s) toggle('supportType', s);
                },
              }}
            />
          )
        }
        table={() => (
          <SimpleTable
            caption={t('support.types')}
            rows={supportTypes.data?.types ?? []}
            rowKey={(r) => r.supportType}
            columns={[
              {
                key: 'type',
                header: t('filters.supportType'),
                cell: (r) => {
                  const s = asSupportType(r.supportType);
                  return s ? (
                    <FilterCellButton
                      pressed={isSelected('supportType', s)}
                      onToggle={() => toggle('supportType', s)}
                    >
                      {supportTypeLabel(t, s)}
                    </FilterCellButton>
                  ) : (
                    r.supportType
                  );
                },
              },
              { key: 'items', header: t('chart.items'), numeric: true, cell: (r) => formatNumber(r.items) },
            ]}
          />
        )}
      />
    </div>
  );
}
