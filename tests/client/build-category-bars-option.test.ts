import { describe, expect, it } from 'vitest';
import { buildCategoryBarsOption, categoryMatrix } from '../../shared/charts/build-category-bars-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { categoryLabelWidth } from '../../shared/charts/chart-base.ts';
import { longestWordWidth } from '../../shared/text-width.ts';
import { KIND_COLORS } from '../../shared/charts/palette.ts';
import { CATEGORY_ROWS } from './seed-rows.ts';

type Bar = {
  id: string;
  name: string;
  itemStyle: { color: string };
  data: Array<{ value: number; itemStyle: object }>;
};

describe('buildCategoryBarsOption', () => {
  const zh = createTranslator('zh-CN');

  it('puts the categories in first-appearance order on the x axis', () => {
    const option = buildCategoryBarsOption(CATEGORY_ROWS, zh);
    const xAxis = option.xAxis as { data: string[] };
    expect(xAxis.data).toEqual([
      '党的建设',
      '经济发展',
      '民生服务',
      '平安法治',
      '生态环保',
      '城乡建设',
      '综合政务',
      '文化旅游',
    ]);
  });

  it('has one series per list kind with the seed counts, zero where a kind has no items', () => {
    const series = buildCategoryBarsOption(CATEGORY_ROWS, zh).series as Bar[];
    expect(series.map((s) => s.name)).toEqual(['基本履职', '配合履职', '上级收回']);
    expect(series.map((s) => s.data.map((d) => d.value))).toEqual([
      [26, 6, 13, 4, 7, 6, 8, 0],
      [4, 0, 12, 9, 18, 3, 0, 1],
      [1, 0, 9, 11, 25, 18, 0, 0],
    ]);
    expect(series.map((s) => s.data.reduce((a, d) => a + d.value, 0))).toEqual([70, 47, 64]);
  });

  it('colours each kind from the palette and names series in English when asked', () => {
    const series = buildCategoryBarsOption(CATEGORY_ROWS, createTranslator('en')).series as Bar[];
    expect(series.map((s) => s.name)).toEqual(['Basic', 'Cooperative', 'Reclaimed']);
    expect(series.map((s) => s.itemStyle.color)).toEqual([
      KIND_COLORS.basic,
      KIND_COLORS.cooperative,
      KIND_COLORS.reclaimed,
    ]);
  });

  it('marks a selected category with a border on its bars and a bold axis label', () => {
    const option = buildCategoryBarsOption(CATEGORY_ROWS, zh, { selected: new Set(['生态环保']) });
    const series = option.series as Bar[];
    expect(series[2]?.data[4]?.itemStyle).toEqual({ borderColor: '#111827', borderWidth: 2 });
    // The chart keeps every category while one is selected: the others are dimmed, not removed.
    expect(series[2]?.data[3]?.itemStyle).toEqual({ opacity: 0.3 });
    expect(series[2]?.data).toHaveLength(categoryMatrix(CATEGORY_ROWS).categories.length);
    const label = (option.xAxis as { axisLabel: { formatter: (v: string) => string } }).axisLabel;
    expect(label.formatter('生态环保')).toBe('{sel|▶ 生态环保}');
    expect(label.formatter('党的建设')).toBe('党的建设');
  });

  it('dims the series of the kinds a legend selection leaves out', () => {
    const option = buildCategoryBarsOption(CATEGORY_ROWS, zh, { selectedKinds: new Set(['reclaimed']) });
    const series = option.series as Array<{ itemStyle: { opacity: number } }>;
    expect(series.map((s) => s.itemStyle.opacity)).toEqual([0.3, 0.3, 1]);
  });

  it('enables ARIA and turns decal patterns on only when asked', () => {
    expect(buildCategoryBarsOption(CATEGORY_ROWS, zh).aria).toMatchObject({
      enabled: true,
      decal: { show: false },
    });
    expect(buildCategoryBarsOption(CATEGORY_ROWS, zh, { decal: true }).aria).toMatchObject({
      enabled: true,
      decal: { show: true },
    });
  });

  it('describes the chart to a screen reader as a sentence with names and numbers', () => {
    const aria = buildCategoryBarsOption(CATEGORY_ROWS, zh).aria as { label: { description: string } };
    expect(aria.label.description).toMatch(
      /^各类别事项数，共 8 个类别：党的建设 基本履职 26, 配合履职 4, 上级收回 1；/u,
    );
    expect(aria.label.description).not.toContain('NaN');
    const en = buildCategoryBarsOption(CATEGORY_ROWS, createTranslator('en')).aria as {
      label: { description: string };
    };
    expect(en.label.description).toMatch(
      /^Items per category, 8 categories: Party building Basic 26, Cooperative 4, Reclaimed 1; /u,
    );
  });

  it('builds an empty matrix from no rows', () => {
    expect(categoryMatrix([])).toEqual({ categories: [], kinds: [], counts: [] });
  });

  describe('category labels for the width the chart gets', () => {
    const en = createTranslator('en');
    type Label = { width?: number; overflow?: string; rotate: number; fontSize: number };
    const labelOf = (settings: Parameters<typeof buildCategoryBarsOption>[2]) =>
      (buildCategoryBarsOption(CATEGORY_ROWS, en, settings).xAxis as { axisLabel: Label }).axisLabel;

    it("gives each label its category's share of the axis", () => {
      // The seed's eight categories on a chart 1,376 px wide: (1,376 - 60) / 8 - 8 = 156.
      expect(categoryLabelWidth(1376, 8)).toBe(156);
      expect(categoryLabelWidth(300, 20)).toBe(40);
    });

    it('measures the longest word, a Han character as wide as the font', () => {
      // "administration": 14 Latin letters at 12 px × 0.6.
      expect(longestWordWidth(['General administration', 'Party building'], 12)).toBeCloseTo(100.8);
      expect(longestWordWidth(['生态环保'], 12)).toBe(48);
    });

    it('breaks labels into lines where the longest word fits its share, rotates them where it does not', () => {
      expect(labelOf({ width: 1376 })).toMatchObject({ width: 156, overflow: 'break', rotate: 0 });
      // 652 px: (652 - 60) / 8 - 8 = 66 px, narrower than "administration".
      const tablet = labelOf({ width: 652 });
      expect(tablet.rotate).toBe(50);
      expect(tablet.width).toBeUndefined();
      // Chinese names are four characters (48 px): they fit the same chart side by side.
      const zhTablet = (
        buildCategoryBarsOption(CATEGORY_ROWS, zh, { width: 652 }).xAxis as { axisLabel: Label }
      ).axisLabel;
      expect(zhTablet).toMatchObject({ width: 66, overflow: 'break', rotate: 0 });
      // A phone rotates whatever the width; without a width labels stay on one line.
      expect(labelOf({ width: 1376, narrow: true })).toMatchObject({ rotate: 50, fontSize: 11 });
      expect(labelOf({})).toMatchObject({ rotate: 0 });
      expect(labelOf({}).width).toBeUndefined();
    });
  });
});
