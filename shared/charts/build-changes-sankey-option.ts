// Sankey of what moved between two editions of a town's lists: the older edition's three lists (and
// 新增, items that were not there) on the left, the newer edition's lists (and 删除) on the right.
// Unchanged and reworded items flow to their own list; moves cross; burden-back flows (towards the
// town) are drawn strongest. Pure option builder, like every chart, so it renders on the server too.
import type { EChartsOption } from 'echarts/types/dist/option';
import { formatNumber } from '../format.ts';
import { kindLabel, type Translate } from '../i18n.ts';
import { KINDS, type Kind } from '../vocabulary.ts';
import {
  ariaSentence,
  baseOption,
  escapeHtml,
  sankeyTooltip,
  type ChartOptionSettings,
} from './chart-base.ts';
import { kindColor } from './palette.ts';

export interface ChangeFlowInput {
  change: 'added' | 'removed' | 'moved' | 'reworded';
  fromKind: Kind | null;
  toKind: Kind | null;
  burdenBack: boolean;
}

export interface ChangesFlowData {
  from: string;
  to: string;
  unchangedByKind: Record<Kind, number>;
  changes: readonly ChangeFlowInput[];
}

/** A from → to flow between the two editions' lists; `added`/`removed` stand for the missing side. */
export interface ChangeFlow {
  source: Kind | 'added';
  target: Kind | 'removed';
  value: number;
  burdenBack: boolean;
}

export const ADDED_NODE = 'from:added';
export const REMOVED_NODE = 'to:removed';
const ADDED_COLOR = '#009E73';
const REMOVED_COLOR = '#7C8A9C';

/** The flows in a fixed order: the older lists in published order, then additions. */
export function changeFlows(data: ChangesFlowData): ChangeFlow[] {
  const counts = new Map<string, ChangeFlow>();
  const add = (source: ChangeFlow['source'], target: ChangeFlow['target'], n: number, back: boolean) => {
    if (n === 0) return;
    const key = `${source}>${target}`;
    const flow = counts.get(key) ?? { source, target, value: 0, burdenBack: back };
    flow.value += n;
    counts.set(key, flow);
  };
  for (const kind of KINDS) add(kind, kind, data.unchangedByKind[kind], false);
  for (const c of data.changes)
    add(c.fromKind ?? 'added', c.toKind ?? 'removed', 1, c.change === 'moved' && c.burdenBack);
  const rank = (value: string) => {
    const i = (KINDS as readonly string[]).indexOf(value);
    return i < 0 ? KINDS.length : i;
  };
  return [...counts.values()].sort(
    (a, b) => rank(a.source) - rank(b.source) || rank(a.target) - rank(b.target),
  );
}

const nodeId = (side: 'from' | 'to', value: string) => `${side}:${value}`;

export function buildChangesSankeyOption(
  data: ChangesFlowData,
  t: Translate,
  settings: ChartOptionSettings = {},
): EChartsOption {
  const flows = changeFlows(data);
  const label = (id: string): string => {
    if (id === ADDED_NODE) return t('changes.class.added');
    if (id === REMOVED_NODE) return t('changes.class.removed');
    return kindLabel(t, id.slice(id.indexOf(':') + 1));
  };
  const edition = (id: string) => (id.startsWith('from:') ? data.from : data.to);
  const fullLabel = (id: string) => `${edition(id)} · ${label(id)}`;
  const color = (id: string) =>
    id === ADDED_NODE
      ? ADDED_COLOR
      : id === REMOVED_NODE
        ? REMOVED_COLOR
        : kindColor(id.slice(id.indexOf(':') + 1));
  const ids = [
    ...KINDS.map((k) => nodeId('from', k)),
    ADDED_NODE,
    ...KINDS.map((k) => nodeId('to', k)),
    REMOVED_NODE,
  ];
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const f of flows) {
    const s = nodeId('from', f.source);
    const d = nodeId('to', f.target);
    outflow.set(s, (outflow.get(s) ?? 0) + f.value);
    inflow.set(d, (inflow.get(d) ?? 0) + f.value);
  }
  const value = (id: string) => Math.max(inflow.get(id) ?? 0, outflow.get(id) ?? 0);
  const used = ids.filter((id) => value(id) > 0);
  const description = ariaSentence(
    t,
    'aria.changes',
    flows.map(
      (f) =>
        `${fullLabel(nodeId('from', f.source))} → ${fullLabel(nodeId('to', f.target))} ${formatNumber(f.value)}`,
    ),
  );
  const base = baseOption(settings, description);
  return {
    ...base,
    tooltip: sankeyTooltip(
      base,
      fullLabel,
      (id) => `${escapeHtml(fullLabel(id))}<br/><b>${formatNumber(value(id))}</b>`,
    ),
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 90,
        top: 12,
        bottom: 12,
        nodeWidth: 14,
        nodeGap: 12,
        nodeAlign: 'justify',
        layoutIterations: 0,
        draggable: false,
        emphasis: { focus: 'adjacency' },
        label: {
          fontSize: 12,
          color: '#1F2A37',
          formatter: (p: { name: string }) => `${label(p.name)} ${formatNumber(value(p.name))}`,
        },
        data: used.map((id) => ({
          name: id,
          value: value(id),
          depth: id.startsWith('from:') ? 0 : 1,
          itemStyle: { color: color(id) },
        })),
        links: flows.map((f) => ({
          source: nodeId('from', f.source),
          target: nodeId('to', f.target),
          value: f.value,
          lineStyle: {
            color:
              f.source === 'added'
                ? ADDED_COLOR
                : f.target === 'removed'
                  ? REMOVED_COLOR
                  : kindColor(f.source),
            // Burden coming back to the town is what the reader looks for: drawn strongest.
            opacity: f.burdenBack ? 0.75 : f.source === f.target ? 0.18 : 0.45,
          },
        })),
        lineStyle: { curveness: 0.5 },
      },
    ],
  };
}

/** The table behind the chart (exports): from, to, items, burden back. */
export function changeFlowRows(data: ChangesFlowData, t: Translate): (string | number)[][] {
  return changeFlows(data).map((f) => [
    `${data.from} · ${f.source === 'added' ? t('changes.class.added') : kindLabel(t, f.source)}`,
    `${data.to} · ${f.target === 'removed' ? t('changes.class.removed') : kindLabel(t, f.target)}`,
    f.value,
    f.burdenBack ? t('changes.yes') : '',
  ]);
}
