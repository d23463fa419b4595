import { describe, expect, it } from 'vitest';
import { buildBureauBarsOption } from '../../shared/charts/build-bureau-bars-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { KIND_COLORS } from '../../shared/charts/palette.ts';
import { BUREAUS } from './seed-rows.ts';

describe('buildBureauBarsOption', () => {
  it('ranks the departments by reclaimed penalty items (28 in the seed)', () => {
    const option = buildBureauBarsOption(BUREAUS, createTranslator('zh-CN'));
    expect((option.yAxis as { data: string[] }).data).toEqual([
      '根河市城市管理综合执法局',
      '根河市林业和草原局',
      '根河市农牧水利科技局',
      '根河市自然资源局',
    ]);
    const series = (
      option.series as Array<{ name: string; itemStyle: { color: string }; data: Array<{ value: number }> }>
    )[0];
    expect(series?.data.map((d) => d.value)).toEqual([11, 7, 6, 4]);
    expect(series?.data.reduce((a, d) => a + d.value, 0)).toBe(28);
    expect(series?.name).toBe('收回的处罚事项');
    expect(series?.itemStyle.color).toBe(KIND_COLORS.reclaimed);
  });

  it("labels the seed's bureaus without their city, and keeps the county where two would read the same", () => {
    const axis = (bureaus: typeof BUREAUS) =>
      option(bureaus).yAxis as { data: string[]; axisLabel: { formatter: (v: string) => string } };
    const option = (bureaus: typeof BUREAUS) => buildBureauBarsOption(bureaus, createTranslator('zh-CN'));
    const seed = axis(BUREAUS);
    expect(seed.data.map(seed.axisLabel.formatter)).toEqual([
      '城市管理综合执法局',
      '林业和草原局',
      '农牧水利科技局',
      '自然资源局',
    ]);
    const counties = ['广远县城市管理综合执法局', '恒南县城市管理综合执法局', '恒南县林业和草原局'].map(
      (department, i) => ({ department, type: 'government', count: 10 - i, items: [] }),
    );
    const many = axis(counties);
    expect(many.data.map(many.axisLabel.formatter)).toEqual([
      '广远县城市管理综合执…',
      '恒南县城市管理综合执…',
      '林业和草原局',
    ]);
  });

  it('lists the penalty items of a bureau in its tooltip', () => {
    const option = buildBureauBarsOption(BUREAUS, createTranslator('en'));
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = formatter([{ axisValue: '根河市林业和草原局' }]);
    expect(html).toContain('根河市林业和草原局');
    expect(html).toContain('Government department');
    expect(html).toContain('Items：<b>7</b>');
    expect(html).toContain('<br/>34. 对擅自在草原上开展经营性旅游活动');
  });

  it("names each item's town when a bureau's items come from several towns (numbers restart per town)", () => {
    const item = (townId: string, townName: string, seq: number) => ({
      itemId: `${townId}-r${seq}`,
      townName,
      seq,
      name: `事项${seq}`,
    });
    const bureau = {
      department: '根河市林业和草原局',
      type: 'government',
      count: 3,
      items: [item('t1', '阿龙山镇', 34), item('t1', '阿龙山镇', 35), item('t2', '满归镇', 34)],
    };
    const formatter = (
      buildBureauBarsOption([bureau], createTranslator('zh-CN')).tooltip as {
        formatter: (p: unknown) => string;
      }
    ).formatter;
    expect(
      formatter([{ axisValue: '根河市林业和草原局' }])
        .split('<br/>')
        .slice(-3),
    ).toEqual(['阿龙山镇 34. 事项34', '阿龙山镇 35. 事项35', '满归镇 34. 事项34']);
  });

  it('counts the items a capped bureau leaves out from its full count, not from the items listed', () => {
    // GET /api/penalties/by-bureau lists at most itemsLimit (50) items per bureau; count is the full number.
    const items = Array.from({ length: 50 }, (_, i) => ({
      itemId: `t2bbd4796eb-r${i + 1}`,
      townName: '阿龙山镇',
      seq: i + 1,
      name: `事项${i + 1}`,
    }));
    const capped = { department: '根河市城市管理综合执法局', type: 'government', count: 120, items };
    const whole = {
      department: '根河市自然资源局',
      type: 'government',
      count: 10,
      items: items.slice(0, 10),
    };
    const small = {
      department: '根河市林业和草原局',
      type: 'government',
      count: 3,
      items: items.slice(0, 3),
    };
    const option = buildBureauBarsOption([capped, whole, small], createTranslator('zh-CN'));
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;

    const html = formatter([{ axisValue: '根河市城市管理综合执法局' }]);
    expect(html).toContain('事项数：<b>120</b>');
    expect(html).toContain('8. 事项8');
    expect(html).not.toContain('9. 事项9');
    expect(html.split('<br/>').at(-1)).toBe('… +112');

    expect(
      formatter([{ axisValue: '根河市自然资源局' }])
        .split('<br/>')
        .at(-1),
    ).toBe('… +2');
    const all = formatter([{ axisValue: '根河市林业和草原局' }]);
    expect(all.split('<br/>').at(-1)).toBe('3. 事项3');
    expect(all).not.toContain('+');
  });
});
