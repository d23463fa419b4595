import { describe, expect, it } from 'vitest';
import {
  buildDepartmentBarsOption,
  departmentBarsHeight,
  departmentTypeGroups,
  orderDepartments,
} from '../../shared/charts/build-department-bars-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { DEPARTMENT_ROWS } from './seed-rows.ts';

type Bar = { name: string; stack: string; yAxisIndex: number; data: Array<{ value: number }> };
type YAxis = { data: string[]; axisLabel: { formatter: (v: string) => string } };

describe('buildDepartmentBarsOption', () => {
  const zh = createTranslator('zh-CN');

  it('orders departments by type (party, government, branch, other), then by items', () => {
    expect(orderDepartments(DEPARTMENT_ROWS).map((r) => r.department)).toEqual([
      '根河市委宣传部',
      '中共根河市委政法委员会',
      '根河市农牧水利科技局',
      '根河市林业和草原局',
      '根河市城市管理综合执法局',
      '根河市卫生健康委员会',
      '根河市应急管理局',
      '根河市自然资源局',
      '呼伦贝尔市生态环境局根河市分局',
      '根河市消防救援大队',
    ]);
    expect(departmentTypeGroups(orderDepartments(DEPARTMENT_ROWS)).map((g) => [g.type, g.count])).toEqual([
      ['party', 2],
      ['government', 6],
      ['branch', 1],
      ['other', 1],
    ]);
  });

  it('draws one grid per department type, headed by the translated type', () => {
    const option = buildDepartmentBarsOption(DEPARTMENT_ROWS, zh);
    expect((option.title as Array<{ text: string }>).map((t) => t.text)).toEqual([
      '党委部门（2）',
      '政府部门（6）',
      '垂直/派驻机构（1）',
      '其他（1）',
    ]);
    expect((option.yAxis as YAxis[])[1]?.data).toEqual([
      '根河市农牧水利科技局',
      '根河市林业和草原局',
      '根河市城市管理综合执法局',
      '根河市卫生健康委员会',
      '根河市应急管理局',
      '根河市自然资源局',
    ]);
  });

  it('stacks cooperative and reclaimed items per department with the seed counts', () => {
    const series = buildDepartmentBarsOption(DEPARTMENT_ROWS, zh).series as Bar[];
    const government = series.filter((s) => s.yAxisIndex === 1);
    expect(government.map((s) => s.name)).toEqual(['配合履职', '上级收回']);
    expect(government[0]?.stack).toBe(government[1]?.stack);
    expect(government[0]?.data.map((d) => d.value)).toEqual([3, 6, 2, 5, 4, 6]);
    expect(government[1]?.data.map((d) => d.value)).toEqual([14, 10, 11, 8, 6, 4]);
    // 根河市城市管理综合执法局: 2 cooperative + 11 reclaimed = 13 items.
    expect((government[0]?.data[2]?.value ?? 0) + (government[1]?.data[2]?.value ?? 0)).toBe(13);
  });

  it('shortens names on the axis only; the category value stays the full name', () => {
    const option = buildDepartmentBarsOption(DEPARTMENT_ROWS, zh, {
      selected: new Set(['根河市林业和草原局']),
    });
    const y = (option.yAxis as YAxis[])[1] as YAxis;
    expect(y.data).toContain('根河市林业和草原局');
    expect(y.axisLabel.formatter('根河市城市管理综合执法局')).toBe('城市管理综合执法局');
    expect(y.axisLabel.formatter('根河市林业和草原局')).toBe('{sel|▶ 林业和草原局}');
  });

  it('uses one rounded value scale for every group', () => {
    const option = buildDepartmentBarsOption(DEPARTMENT_ROWS, zh);
    expect((option.xAxis as Array<{ max: number }>).map((x) => x.max)).toEqual([20, 20, 20, 20]);
  });

  it('is as tall as its rows, and keeps the legend and the axis their pixels however many departments', () => {
    const en = createTranslator('en');
    // The seed's 10 departments in 4 groups: 10 + 4 × 1.3 rows of 24 px (32 in English), plus 90.
    expect(departmentBarsHeight(DEPARTMENT_ROWS, zh)).toBe(455);
    expect(departmentBarsHeight(DEPARTMENT_ROWS, en)).toBe(576);
    // 50 government departments, as at national: the first heading stays 40 px from the top (it was 6 %
    // of the chart, ~80 px of blank under the legend) and the last grid ends 50 px above the bottom.
    const many = Array.from({ length: 50 }, (_, i) => ({
      department: `第${i}局`,
      type: 'government',
      cooperative: 50 - i,
      reclaimed: i,
      total: 50,
    }));
    for (const [rows, t] of [
      [DEPARTMENT_ROWS, zh],
      [many, zh],
      [many, en],
    ] as const) {
      const height = departmentBarsHeight(rows, t);
      const option = buildDepartmentBarsOption(rows, t);
      const px = (pct: string) => (parseFloat(pct) * height) / 100;
      const titles = option.title as Array<{ top: string }>;
      const grids = option.grid as Array<{ top: string; height: string }>;
      expect(px(titles[0]!.top)).toBeCloseTo(40, 6);
      const last = grids.at(-1)!;
      expect(height - px(last.top) - px(last.height)).toBeCloseTo(50, 6);
    }
    expect(departmentBarsHeight(many, zh)).toBe(Math.round((50 + 1.3) * 24 + 90));
  });
});
