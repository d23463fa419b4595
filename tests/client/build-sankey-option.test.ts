import { describe, expect, it } from 'vitest';
import {
  buildSankeyOption,
  flowClickFilters,
  flowNodeFilter,
  flowNodeLabel,
} from '../../shared/charts/build-sankey-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { KIND_COLORS } from '../../shared/charts/palette.ts';
import { FLOWS } from './seed-rows.ts';

type Sankey = {
  type: string;
  data: Array<{ name: string; value: number; depth: number; itemStyle: Record<string, unknown> }>;
  links: Array<{ source: string; target: string; value: number; lineStyle: { color: string } }>;
  label: { formatter: (p: { name: string }) => string };
};

describe('buildSankeyOption', () => {
  const zh = createTranslator('zh-CN');
  const sankey = (settings = {}) => (buildSankeyOption(FLOWS, zh, settings).series as Sankey[])[0] as Sankey;

  it('places categories, kinds and departments in three layers and sizes nodes by flow', () => {
    const s = sankey();
    expect(s.type).toBe('sankey');
    const byId = new Map(s.data.map((n) => [n.name, n]));
    expect(byId.get('category:生态环保')).toMatchObject({ depth: 0, value: 43 });
    expect(byId.get('kind:basic')).toMatchObject({ depth: 1, value: 26 });
    expect(byId.get('department:根河市林业和草原局')).toMatchObject({ depth: 2, value: 16 });
    expect(byId.get('department:town')).toMatchObject({ depth: 2, value: 26 });
  });

  it('keeps every link value and colours links by their list kind', () => {
    const s = sankey();
    expect(s.links.map((l) => l.value)).toEqual([26, 18, 25, 26, 6, 10]);
    expect(s.links[2]?.lineStyle.color).toBe(KIND_COLORS.reclaimed);
    expect(s.links[4]?.lineStyle.color).toBe(KIND_COLORS.cooperative);
  });

  it('labels kind nodes in the current language, the town as itself and departments without the city prefix', () => {
    const s = sankey();
    expect(s.label.formatter({ name: 'kind:reclaimed' })).toBe('上级收回');
    expect(s.label.formatter({ name: 'department:town' })).toBe('乡镇本级');
    expect(s.label.formatter({ name: 'department:根河市林业和草原局' })).toBe('林业和草原局');
    const en = (buildSankeyOption(FLOWS, createTranslator('en')).series as Sankey[])[0] as Sankey;
    expect(en.label.formatter({ name: 'kind:basic' })).toBe('Basic');
    expect(
      flowNodeLabel({ id: 'department:town', layer: 'department', name: '阿龙山镇' }, createTranslator('en')),
    ).toBe('The town itself');
  });

  it('outlines the nodes used as filters', () => {
    const s = sankey({ selectedNodeIds: new Set(['department:根河市林业和草原局']) });
    const node = s.data.find((n) => n.name === 'department:根河市林业和草原局');
    expect(node?.itemStyle).toMatchObject({ borderColor: '#111827', borderWidth: 2 });
  });

  it('maps node ids to filters', () => {
    expect(flowNodeFilter('category:党的建设')).toEqual({ key: 'category', value: '党的建设' });
    expect(flowNodeFilter('kind:cooperative')).toEqual({ key: 'kind', value: 'cooperative' });
    expect(flowNodeFilter('department:根河市林业和草原局')).toEqual({
      key: 'department',
      value: '根河市林业和草原局',
    });
    expect(flowNodeFilter('department:town')).toEqual({ key: 'kind', value: 'basic' });
    expect(flowNodeFilter('nonsense')).toBeNull();
  });

  it('reads a click on a node as its filter and a click on a link as both ends', () => {
    expect(flowClickFilters({ dataType: 'node', name: 'kind:reclaimed' })).toEqual({
      link: false,
      filters: [{ key: 'kind', value: 'reclaimed' }],
    });
    expect(
      flowClickFilters({
        dataType: 'edge',
        data: { source: 'kind:reclaimed', target: 'department:根河市城市管理综合执法局', value: 11 },
      }),
    ).toEqual({
      link: true,
      filters: [
        { key: 'kind', value: 'reclaimed' },
        { key: 'department', value: '根河市城市管理综合执法局' },
      ],
    });
    expect(
      flowClickFilters({ dataType: 'edge', data: { source: 'category:党的建设', target: 'kind:basic' } })
        .filters,
    ).toEqual([
      { key: 'category', value: '党的建设' },
      { key: 'kind', value: 'basic' },
    ]);
    expect(flowClickFilters({ componentType: 'series' })).toEqual({ link: false, filters: [] });
  });
});
