import { describe, expect, it } from 'vitest';
import {
  buildSankeyOption,
  flowClickFilters,
  flowNodeFilter,
  flowNodeLabel,
  sankeyHeight,
  type FlowsData,
} from '../../shared/charts/build-sankey-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { KIND_COLORS } from '../../shared/charts/palette.ts';
import { FLOWS } from './seed-rows.ts';

type Sankey = {
  type: string;
  nodeGap: number;
  data: Array<{ name: string; value: number; depth: number; itemStyle: Record<string, unknown> }>;
  links: Array<{ source: string; target: string; value: number; lineStyle: { color: string } }>;
  label: { formatter: (p: { name: string }) => string; rich: Record<string, { fontSize?: number }> };
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

  describe('department labels in English', () => {
    const en = createTranslator('en');
    const enSankey = (data: FlowsData = FLOWS) =>
      (buildSankeyOption(data, en).series as Sankey[])[0] as Sankey;
    // The seed's 24 departments and the town, in the department layer.
    const seedLayer = (names: string[]): FlowsData => ({
      nodes: [
        { id: 'department:town', layer: 'department', name: '阿龙山镇' },
        ...names.map((name) => ({ id: `department:${name}`, layer: 'department', name })),
      ],
      links: [],
    });
    const departments = Array.from({ length: 24 }, (_, i) =>
      i === 0 ? '根河市林业和草原局' : `根河市部门${i}`,
    );

    it('keep the Chinese name and put the bureau’s function under it, as the other charts do', () => {
      const s = enSankey();
      expect(s.label.formatter({ name: 'department:根河市林业和草原局' })).toBe(
        '林业和草原局\n{gloss|Forestry and Grassland…}',
      );
      expect(s.label.rich.gloss?.fontSize).toBe(9);
      // In Chinese one line, the name alone; the town is the town in both.
      expect(sankey().label.formatter({ name: 'department:根河市林业和草原局' })).toBe('林业和草原局');
      expect(s.label.formatter({ name: 'department:town' })).toBe('The town itself');
    });

    it('cut a long gloss to fit the label column on a phone, and leave an unknown bureau one line', () => {
      const data = seedLayer(['根河市农牧水利科技局', '根河市某某中心']);
      const s = enSankey(data);
      const label = s.label.formatter({ name: 'department:根河市农牧水利科技局' });
      expect(label).toBe('农牧水利科技局\n{gloss|Agriculture, Animal Hu…}');
      expect(Array.from(label.split('{gloss|')[1] ?? '').length).toBeLessThanOrEqual(24);
      expect(s.label.formatter({ name: 'department:根河市某某中心' })).toBe('某某中心');
    });

    it('space the nodes and grow the chart so that every two-line label has room', () => {
      const data = seedLayer(departments);
      expect(sankeyHeight(data, zh)).toBe(640);
      expect(sankeyHeight(data, en)).toBe(840);
      expect(enSankey(data).nodeGap).toBe(18);
      expect((buildSankeyOption(data, zh).series as Sankey[])[0]?.nodeGap).toBe(10);
      // No glossed department (none known): one line each, the Chinese spacing.
      const unknown = seedLayer(['根河市某某中心']);
      expect(enSankey(unknown).nodeGap).toBe(10);
    });
  });
});
