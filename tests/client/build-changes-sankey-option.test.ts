// The changes Sankey on the seed against its second edition (tests/support/second-edition.ts): two
// moves in each direction, five rewordings, one removal and one addition per list. The flows are
// counted from the injected changes and the seed's 70 / 47 / 64.
import { describe, expect, it } from 'vitest';
import {
  buildChangesSankeyOption,
  changeFlowRows,
  changeFlows,
  type ChangesFlowData,
} from '../../shared/charts/build-changes-sankey-option.ts';
import { KIND_COLORS } from '../../shared/charts/palette.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { KINDS } from '../../shared/vocabulary.ts';
import { secondEdition } from '../support/second-edition.ts';

type Sankey = {
  type: string;
  data: Array<{ name: string; value: number; depth: number }>;
  links: Array<{
    source: string;
    target: string;
    value: number;
    lineStyle: { color: string; opacity: number };
  }>;
  label: { formatter: (p: { name: string }) => string };
};

const injected = secondEdition().changes;
const data: ChangesFlowData = {
  from: '2025年版',
  to: '2026年版',
  // The seed's lists less what moved out, was reworded or removed from each.
  unchangedByKind: { basic: 63, cooperative: 41, reclaimed: 57 },
  changes: injected.map((c) => ({
    ...c,
    burdenBack: c.change === 'moved' && KINDS.indexOf(c.toKind!) < KINDS.indexOf(c.fromKind!),
  })),
};

describe('changeFlows', () => {
  it('counts each from-list → to-list flow, additions and removals as their own ends', () => {
    expect(changeFlows(data).map((f) => [f.source, f.target, f.value, f.burdenBack])).toEqual([
      ['basic', 'basic', 65, false],
      ['basic', 'cooperative', 2, false],
      ['basic', 'reclaimed', 2, false],
      ['basic', 'removed', 1, false],
      ['cooperative', 'basic', 2, true],
      ['cooperative', 'cooperative', 42, false],
      ['cooperative', 'reclaimed', 2, false],
      ['cooperative', 'removed', 1, false],
      ['reclaimed', 'basic', 2, true],
      ['reclaimed', 'cooperative', 2, true],
      ['reclaimed', 'reclaimed', 59, false],
      ['reclaimed', 'removed', 1, false],
      ['added', 'basic', 1, false],
      ['added', 'cooperative', 1, false],
      ['added', 'reclaimed', 1, false],
    ]);
  });
});

describe('buildChangesSankeyOption', () => {
  const zh = createTranslator('zh-CN');
  const sankey = (buildChangesSankeyOption(data, zh).series as Sankey[])[0]!;

  it('puts the old lists and 新增 left, the new lists and 删除 right, sized to the seed and its edition', () => {
    const byId = new Map(sankey.data.map((n) => [n.name, n]));
    expect(sankey.type).toBe('sankey');
    expect(byId.get('from:basic')).toMatchObject({ depth: 0, value: 70 });
    expect(byId.get('from:cooperative')).toMatchObject({ depth: 0, value: 47 });
    expect(byId.get('from:reclaimed')).toMatchObject({ depth: 0, value: 64 });
    expect(byId.get('from:added')).toMatchObject({ depth: 0, value: 3 });
    expect(byId.get('to:basic')).toMatchObject({ depth: 1, value: 70 });
    expect(byId.get('to:removed')).toMatchObject({ depth: 1, value: 3 });
    expect(sankey.links.reduce((n, l) => n + l.value, 0)).toBe(181 + 3);
  });

  it('draws burden-back flows strongest, in the colour of the list they left', () => {
    const back = sankey.links.filter((l) => l.lineStyle.opacity === 0.75);
    expect(back.map((l) => `${l.source}>${l.target}`)).toEqual([
      'from:cooperative>to:basic',
      'from:reclaimed>to:basic',
      'from:reclaimed>to:cooperative',
    ]);
    expect(back[1]!.lineStyle.color).toBe(KIND_COLORS.reclaimed);
  });

  it('labels nodes with the list and its count in either language, and describes the flows', () => {
    expect(sankey.label.formatter({ name: 'from:reclaimed' })).toBe('上级收回 64');
    expect(sankey.label.formatter({ name: 'from:added' })).toBe('新增 3');
    const en = (buildChangesSankeyOption(data, createTranslator('en')).series as Sankey[])[0]!;
    expect(en.label.formatter({ name: 'to:removed' })).toBe('Removed 3');
    const option = buildChangesSankeyOption(data, zh) as { aria: { label: { description: string } } };
    expect(option.aria.label.description).toContain('2025年版 · 配合履职 → 2026年版 · 基本履职 2');
  });

  it('gives the export the same flows with editions named', () => {
    expect(changeFlowRows(data, createTranslator('en'))[4]).toEqual([
      '2025年版 · Cooperative',
      '2026年版 · Basic',
      2,
      'yes',
    ]);
  });
});
