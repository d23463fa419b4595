import { describe, expect, it } from 'vitest';
import { buildSupportHeatmapOption, heatmapAxes } from '../../shared/charts/build-support-heatmap-option.ts';
import { buildSupportTypesOption } from '../../shared/charts/build-support-types-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { SUPPORT_CELLS, SUPPORT_TYPES_ROWS } from './seed-rows.ts';

type Cell = { value: [number, number, number]; department: string; supportType: string; itemStyle: object };

describe('buildSupportHeatmapOption', () => {
  it('orders support types by the taxonomy and departments by support given', () => {
    expect(heatmapAxes(SUPPORT_CELLS)).toEqual({
      types: ['policy', 'training', 'funding'],
      departments: ['根河市林业和草原局', '根河市自然资源局', '根河市民政局'],
    });
  });

  it('places each cell at [type, department, items] and keeps its names for click handling', () => {
    const option = buildSupportHeatmapOption(SUPPORT_CELLS, createTranslator('zh-CN'), {
      selectedDepartments: new Set(['根河市自然资源局']),
      selectedSupportTypes: new Set(['policy']),
    });
    const cells = (option.series as Array<{ data: Cell[] }>)[0]?.data ?? [];
    expect(cells.map((c) => c.value)).toEqual([
      [0, 0, 5],
      [1, 0, 5],
      [0, 1, 6],
      [2, 2, 1],
      [0, 2, 3],
    ]);
    expect(cells[2]).toMatchObject({ department: '根河市自然资源局', supportType: 'policy' });
    expect(cells[2]?.itemStyle).toEqual({ borderColor: '#111827', borderWidth: 2 });
    expect((option.visualMap as { max: number }).max).toBe(6);
    const xLabel = (option.xAxis as { axisLabel: { formatter: (v: string) => string } }).axisLabel;
    expect(xLabel.formatter('funding')).toBe('经费支持');
    expect(xLabel.formatter('policy')).toBe('{sel|▶ 政策解读}');
  });
});

describe('buildSupportTypesOption', () => {
  it('ranks support types by cooperative items, policy interpretation first', () => {
    const option = buildSupportTypesOption(SUPPORT_TYPES_ROWS, createTranslator('en'));
    const y = option.yAxis as { data: string[]; axisLabel: { formatter: (v: string) => string } };
    expect(y.data).toEqual(['policy', 'training', 'guidance', 'funding', 'staff']);
    expect(y.axisLabel.formatter('policy')).toBe('Policy interpretation');
    const series = (option.series as Array<{ data: Array<{ value: number }> }>)[0];
    expect(series?.data.map((d) => d.value)).toEqual([37, 24, 11, 4, 3]);
  });
});
