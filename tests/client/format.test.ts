import { describe, expect, it } from 'vitest';
import {
  axisDepartmentLabel,
  axisDepartmentLabels,
  formatNumber,
  formatPercent,
  formatScore,
  formatShares,
  largestRemainderPercents,
  shortDepartmentName,
  truncate,
} from '../../shared/format.ts';

describe('formatNumber', () => {
  it('groups thousands the zh-CN way', () => {
    expect(formatNumber(181)).toBe('181');
    expect(formatNumber(12345)).toBe('12,345');
    expect(formatNumber(0)).toBe('0');
  });

  it('formats shares as whole percentages', () => {
    expect(formatPercent(70, 181)).toBe('39%');
    expect(formatPercent(1, 0)).toBe('0%');
  });
});

describe('formatScore', () => {
  it('shows a similarity or split with two decimals', () => {
    expect([formatScore(0.8667), formatScore(1), formatScore(0.5)]).toEqual(['0.87', '1.00', '0.50']);
  });
});

describe('department labels', () => {
  it('strips the city prefix but keeps 市委 for party organs', () => {
    expect(shortDepartmentName('根河市林业和草原局')).toBe('林业和草原局');
    expect(shortDepartmentName('根河市委宣传部')).toBe('市委宣传部');
    expect(shortDepartmentName('中共根河市委政法委员会')).toBe('市委政法委员会');
    expect(shortDepartmentName('根河市市场监督管理局')).toBe('市场监督管理局');
    expect(shortDepartmentName('呼伦贝尔市生态环境局根河市分局')).toBe('生态环境局根河市分局');
  });

  it('strips the shortest county or banner prefix (a county bureau keeps its whole function)', () => {
    expect(shortDepartmentName('广远县城市管理综合执法局')).toBe('城市管理综合执法局');
    expect(shortDepartmentName('恒南县农牧水利科技局')).toBe('农牧水利科技局');
    expect(shortDepartmentName('中共广远县委政法委员会')).toBe('县委政法委员会');
    expect(shortDepartmentName('鄂伦春自治旗林业和草原局')).toBe('林业和草原局');
    expect(shortDepartmentName('兴安盟生态环境局')).toBe('生态环境局');
  });

  it('leaves names without a city prefix alone', () => {
    expect(shortDepartmentName('阿龙山镇')).toBe('阿龙山镇');
    expect(shortDepartmentName('市场监督管理局')).toBe('市场监督管理局');
    expect(shortDepartmentName('城市管理综合执法局')).toBe('城市管理综合执法局');
    expect(shortDepartmentName('根河经济开发区管理委员会')).toBe('根河经济开发区管理委员会');
  });

  it("keeps the prefix of a chart's departments that would otherwise read the same", () => {
    const label = axisDepartmentLabels(
      ['广远县城市管理综合执法局', '恒南县城市管理综合执法局', '恒南县农牧水利科技局', '根河市林业和草原局'],
      20,
    );
    expect(label('广远县城市管理综合执法局')).toBe('广远县城市管理综合执法局');
    expect(label('恒南县城市管理综合执法局')).toBe('恒南县城市管理综合执法局');
    expect(label('恒南县农牧水利科技局')).toBe('农牧水利科技局');
    expect(label('根河市林业和草原局')).toBe('林业和草原局');
    // One town's bureaus (the seed's): every name short, as axisDepartmentLabel gives it.
    const seed = ['根河市林业和草原局', '呼伦贝尔市生态环境局根河市分局', '根河市委宣传部'];
    const one = axisDepartmentLabels(seed, 11);
    expect(seed.map(one)).toEqual(seed.map((name) => axisDepartmentLabel(name, 11)));
  });

  it('truncates by characters with an ellipsis', () => {
    expect(truncate('城市管理综合执法局', 20)).toBe('城市管理综合执法局');
    expect(truncate('城市管理综合执法局', 5)).toBe('城市管理…');
    expect(axisDepartmentLabel('根河市人力资源和社会保障局', 8)).toBe('人力资源和社会…');
  });
});

describe('palette', () => {
  it('gives support types colours distinct from the list kinds', async () => {
    const { KIND_COLORS, SUPPORT_TYPE_COLORS } = await import('../../shared/charts/palette.ts');
    const kinds = new Set(Object.values(KIND_COLORS).map((c) => c.toLowerCase()));
    for (const color of Object.values(SUPPORT_TYPE_COLORS))
      expect(kinds.has(color.toLowerCase())).toBe(false);
  });
});

describe('largestRemainderPercents', () => {
  it('gives shares that add up to 100 where rounding each alone gives 101', () => {
    // 2/7, 2/7, 3/7 = 28.57, 28.57, 42.86: rounded alone 29 + 29 + 43 = 101.
    expect([2, 2, 3].map((p) => Math.round((p / 7) * 100))).toEqual([29, 29, 43]);
    expect(largestRemainderPercents([2, 2, 3])).toEqual([29, 28, 43]);
  });

  it("keeps the seed's shares (70 / 47 / 64 of 181 → 39 / 26 / 35)", () => {
    expect(largestRemainderPercents([70, 47, 64], 181)).toEqual([39, 26, 35]);
    expect(formatShares([70, 47, 64], 181)).toEqual(['39%', '26%', '35%']);
  });

  it('adds up to 100 for thirds and for any split of a whole', () => {
    expect(largestRemainderPercents([1, 1, 1])).toEqual([34, 33, 33]);
    for (const parts of [
      [1, 1, 1, 1, 1, 1, 1],
      [13, 0, 5],
      [999, 1, 1],
      [3, 3, 3, 3, 3, 3],
    ]) {
      expect(largestRemainderPercents(parts).reduce((a, b) => a + b, 0)).toBe(100);
    }
  });

  it('gives zeros for an empty whole and less than 100 for parts of a larger whole', () => {
    expect(largestRemainderPercents([0, 0])).toEqual([0, 0]);
    expect(largestRemainderPercents([1, 1], 4)).toEqual([25, 25]);
  });
});
