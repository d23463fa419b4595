import { describe, expect, it } from 'vitest';
import { buildTownCompareOption, compareCategories } from '../../shared/charts/build-town-compare-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { CATEGORY_ROWS } from './seed-rows.ts';

type Bar = { name: string; stack: string; xAxisIndex: number; data: number[] };

describe('buildTownCompareOption', () => {
  const zh = createTranslator('zh-CN');
  const other = [
    { category: '党的建设', kind: 'basic', count: 20 },
    { category: '乡村振兴', kind: 'cooperative', count: 5 },
  ];

  it('shows one town in one grid when only one is loaded', () => {
    const option = buildTownCompareOption([{ name: '阿龙山镇', rows: CATEGORY_ROWS }], zh);
    expect(option.grid).toHaveLength(1);
    expect((option.title as Array<{ text: string }>).map((t) => t.text)).toEqual(['阿龙山镇']);
    const series = option.series as Bar[];
    expect(series.map((s) => s.data.reduce((a, b) => a + b, 0))).toEqual([70, 47, 64]);
  });

  it('puts two towns side by side on the same scale and the union of their categories', () => {
    const towns = [
      { name: '阿龙山镇', rows: CATEGORY_ROWS },
      { name: '金河镇', rows: other },
    ];
    expect(compareCategories(towns).slice(-2)).toEqual(['文化旅游', '乡村振兴']);
    const option = buildTownCompareOption(towns, zh);
    expect(option.grid).toHaveLength(2);
    expect((option.xAxis as Array<{ max: number }>).map((x) => x.max)).toEqual([50, 50]);
    const second = (option.series as Bar[]).filter((s) => s.xAxisIndex === 1);
    expect(second.map((s) => s.name)).toEqual(['基本履职', '配合履职', '上级收回']);
    expect(second[0]?.data[0]).toBe(20);
    expect(second[1]?.data.at(-1)).toBe(5);
  });
});
