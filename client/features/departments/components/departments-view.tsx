// Departments: items per department split by list kind, grouped by department type, and the detail of
// one department (what it took back, what it shares with the town, what support it gives).
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart, legendToggle } from '../../../components/chart.tsx';
import { ChartCard } from '../../../components/chart-card.tsx';
import { FilterCellButton, SimpleTable } from '../../../components/simple-table.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { departmentLabel, departmentTypeLabel, kindLabel } from '../../../../shared/i18n.ts';
import { KINDS } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { crossFilters } from '../../../lib/url-state.ts';
import { departmentsQueryOptions } from '../api/departments-query.ts';
import {
  buildDepartmentBarsOption,
  departmentBarsHeight,
  orderDepartments,
} from '../../../../shared/charts/build-department-bars-option.ts';
import { DepartmentDetail } from './department-detail.tsx';

export function DepartmentsView() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const { filters, toggle, isSelected } = useFilterToggle();
  // The chart selects departments (bars) and kinds (legend): its query leaves those filters out.
  const departments = useQuery(departmentsQueryOptions(crossFilters(filters, ['department', 'kind'])));
  const openDetail = (dept: string) => navigate((s) => ({ ...s, dept: s.dept === dept ? null : dept }));

  const option = useMemo(
    () =>
      departments.data
        ? buildDepartmentBarsOption(departments.data.rows, t, {
            decal: state.decal,
            selected: new Set(filters.department),
            selectedKinds: new Set(filters.kind),
          })
        : null,
    [departments.data, t, state.decal, filters.department, filters.kind],
  );
  const rows = departments.data?.rows ?? [];
  const chartHeight = departmentBarsHeight(rows, t);

  return (
    <div className="view grid-3-2">
      <ChartCard
        id="departments"
        title={t('departments.chart')}
        note={t('departments.chartNote')}
        height={chartHeight}
        query={departments}
        isEmpty={departments.data?.rows.length === 0}
        exportTable={() => ({
          name: t('departments.chart'),
          columns: [
            { header: t('departments.name') },
            { header: t('filters.departmentType') },
            { header: kindLabel(t, 'cooperative') },
            { header: kindLabel(t, 'reclaimed') },
            { header: t('departments.total') },
          ],
          rows: orderDepartments(departments.data?.rows ?? []).map((r) => [
            r.department,
            departmentTypeLabel(t, r.type),
            r.cooperative,
            r.reclaimed,
            r.total,
          ]),
        })}
        chart={() =>
          option && (
            <Chart
              option={option}
              height={chartHeight}
              label={t('departments.chart')}
              testId="chart-departments"
              onEvents={{
                click: (p) => {
                  if (p.componentType === 'yAxis' && typeof p.value === 'string') openDetail(p.value);
                  else if (p.componentType === 'series' && typeof p.name === 'string')
                    toggle('department', p.name);
                },
                legendselectchanged: legendToggle((name) => {
                  const kind = KINDS.find((k) => kindLabel(t, k) === name);
                  if (kind) toggle('kind', kind);
                }),
              }}
            />
          )
        }
        table={() => (
          <SimpleTable
            caption={t('departments.chart')}
            testId="table-departments"
            rows={orderDepartments(departments.data?.rows ?? [])}
            rowKey={(r) => r.department}
            columns={[
              {
                key: 'department',
                header: t('departments.name'),
                cell: (r) => (
                  <FilterCellButton
                    pressed={isSelected('department', r.department)}
                    onToggle={() => toggle('department', r.department)}
                  >
                    {departmentLabel(t, r.department)}
                  </FilterCellButton>
                ),
              },
              { key: 'type', header: t('departments.type'), cell: (r) => departmentTypeLabel(t, r.type) },
              {
                key: 'cooperative',
                header: kindLabel(t, 'cooperative'),
                numeric: true,
                cell: (r) => formatNumber(r.cooperative),
              },
              {
                key: 'reclaimed',
                header: kindLabel(t, 'reclaimed'),
                numeric: true,
                cell: (r) => formatNumber(r.reclaimed),
              },
              {
                key: 'total',
                header: t('departments.total'),
                numeric: true,
                cell: (r) => formatNumber(r.total),
              },
              {
                key: 'open',
                header: <span className="visually-hidden">{t('departments.open')}</span>,
                cell: (r) => (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => openDetail(r.department)}
                  >
                    {t('departments.open')}
                  </button>
                ),
              },
            ]}
          />
        )}
      />
      <DepartmentDetail
        department={state.dept}
        departments={departments.data?.rows ?? []}
        onOpen={openDetail}
        onClose={() => navigate((s) => ({ ...s, dept: null }))}
      />
    </div>
  );
}
