// The town ranking's option builder, on rows shaped like GET /api/towns/compare answers for three towns
// loaded from the seed (阿龙山镇 and 金河镇 in 根河市, 白狼镇 in 阿尔山市) and two namesakes.
import { describe, expect, it } from 'vitest';
import {
  buildTownRankingOption,
  rankingChartHeight,
  rankingLabels,
  rankingValue,
  type TownRankingRow,
} from '../../shared/charts/build-town-ranking-option.ts';
import { createTranslator } from '../../shared/i18n.ts';

const town = (
  townId: string,
  name: string,
  [province, city, county]: [string, string, string],
  reclaimed: number,
  reclaimedPenalties: number,
): TownRankingRow => ({
  townId,
  name,
  fullName: `${province}${city}${county}${name}`,
  province,
  city,
  county,
  counts: { basic: 70, cooperative: 47, reclaimed, total: 117 + reclaimed },
  reclaimedPenalties,
  keptClauses: 30,
});

const GENHE: [string, string, string] = ['内蒙古自治区', '呼伦贝尔市', '根河市'];
const ARXAN: [string, string, string] = ['内蒙古自治区', '兴安盟', '阿尔山市'];
// Ranked by reclaimed items, as the API answers for region=内蒙古自治区.
const ROWS = [
  town('t9a1f00c001', '白狼镇', ARXAN, 64, 28),
  town('t2bbd4796eb', '阿龙山镇', GENHE, 64, 28),
  town('t5c0ffee0a2', '金河镇', GENHE, 58, 22),
];

type Bar = { id: string; data: Array<{ name: string; value: number; itemStyle: { opacity: number } }> };
type YAxis = { data: string[]; axisLabel: { formatter: (v: string) => string } };

describe('buildTownRankingOption', () => {
  const zh = createTranslator('zh-CN');
  const en = createTranslator('en');

  it('draws one bar per town in the order given, reclaimed items by default', () => {
    const option = buildTownRankingOption(ROWS, zh);
    const [series] = option.series as Bar[];
    expect(series?.id).toBe('ranking:reclaimed');
    expect(series?.data.map((d) => [d.name, d.value])).toEqual([
      ['t9a1f00c001', 64],
      ['t2bbd4796eb', 64],
      ['t5c0ffee0a2', 58],
    ]);
    const y = option.yAxis as YAxis;
    expect(y.data).toEqual(['t9a1f00c001', 't2bbd4796eb', 't5c0ffee0a2']);
    expect(y.data.map((id) => y.axisLabel.formatter(id))).toEqual(['1. 白狼镇', '2. 阿龙山镇', '3. 金河镇']);
    expect((option.xAxis as { name: string }).name).toBe('上级收回事项');
  });

  it('numbers ranks from the page offset and shows the chosen measure', () => {
    const option = buildTownRankingOption(ROWS.slice(1), en, { metric: 'reclaimedPenalties', offset: 20 });
    const y = option.yAxis as YAxis;
    expect(y.data.map((id) => y.axisLabel.formatter(id))).toEqual(['21. 阿龙山镇', '22. 金河镇']);
    expect((option.series as Bar[])[0]?.data.map((d) => d.value)).toEqual([28, 22]);
    expect((option.xAxis as { name: string }).name).toBe('reclaimed penalty items');
  });

  it('reads every measure from a row', () => {
    const alongshan = ROWS[1]!;
    expect(
      (['reclaimed', 'cooperative', 'basic', 'total', 'reclaimedPenalties', 'keptClauses'] as const).map(
        (m) => rankingValue(alongshan, m),
      ),
    ).toEqual([64, 47, 70, 181, 28, 30]);
  });

  it('highlights the towns in the town filter and fades the others', () => {
    const option = buildTownRankingOption(ROWS, zh, { selected: new Set(['t5c0ffee0a2']) });
    const [series] = option.series as Bar[];
    expect(series?.data.map((d) => d.itemStyle.opacity)).toEqual([0.45, 0.45, 1]);
    const y = option.yAxis as YAxis;
    expect(y.axisLabel.formatter('t5c0ffee0a2')).toBe('{sel|▶ 3. 金河镇}');
  });

  it('tells namesakes apart by county', () => {
    const namesakes = [
      town('t0000000001', '城关镇', ['甘肃省', '兰州市', '永登县'], 40, 10),
      town('t0000000002', '城关镇', ['河南省', '洛阳市', '宜阳县'], 30, 8),
      ROWS[2]!,
    ];
    expect([...rankingLabels(namesakes).values()]).toEqual([
      '城关镇（永登县）',
      '城关镇（宜阳县）',
      '金河镇',
    ]);
  });

  it('puts every count in the tooltip', () => {
    const option = buildTownRankingOption(ROWS, zh);
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = formatter({ name: 't5c0ffee0a2' });
    expect(html).toContain('3. 金河镇');
    expect(html).toContain('内蒙古自治区呼伦贝尔市根河市金河镇');
    expect(html).toContain('上级收回：58');
    expect(html).toContain('收回处罚：22');
    expect(html).toContain('保留条款：30');
  });

  it('grows the chart with the rows', () => {
    expect(rankingChartHeight(2)).toBe(160);
    expect(rankingChartHeight(20)).toBe(48 + 20 * 26);
  });
});
