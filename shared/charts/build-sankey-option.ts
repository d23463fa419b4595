// Sankey of the burden shift: category → list kind → responsible department (or the town itself).
// Pure option builder (no DOM, no ECharts registration) so the same chart can be rendered server-side.
import type { EChartsOption } from 'echarts/types/dist/option';
import {
  ariaSentence,
  baseOption,
  dot,
  escapeHtml,
  sankeyTooltip,
  selectedItemStyle,
  DIMMED_OPACITY,
  GLOSS_RICH,
  rowsHeight,
  withGlossLine,
  type ChartOptionSettings,
} from './chart-base.ts';
import { axisDepartmentLabels, formatNumber } from '../format.ts';
import { categoryLabel, departmentGlossLabel, departmentLabel, kindLabel, type Translate } from '../i18n.ts';
import { CATEGORY_COLOR, TOWN_COLOR, kindColor } from './palette.ts';

export interface FlowNode {
  id: string;
  layer: 'category' | 'kind' | 'department' | string;
  name: string;
}
export interface FlowLink {
  source: string;
  target: string;
  value: number;
}
export interface FlowsData {
  nodes: FlowNode[];
  links: FlowLink[];
}

export interface SankeySettings extends ChartOptionSettings {
  /** Node ids currently used as filters (e.g. `department:根河市林业和草原局`). */
  selectedNodeIds?: ReadonlySet<string>;
}

export const TOWN_NODE_ID = 'department:town';
const LAYER_DEPTH: Record<string, number> = { category: 0, kind: 1, department: 2 };

/** What a node means as a filter: `kind:basic` → { key: 'kind', value: 'basic' }. */
export function flowNodeFilter(
  id: string,
): { key: 'category' | 'kind' | 'department'; value: string } | null {
  if (id === TOWN_NODE_ID) return { key: 'kind', value: 'basic' };
  const m = /^(category|kind|department):(.+)$/.exec(id);
  if (!m || !m[2]) return null;
  return { key: m[1] as 'category' | 'kind' | 'department', value: m[2] };
}

/**
 * What a click on the flow chart selects: a node stands for its own filter (toggled); a link for both
 * of its ends together (category → list, list → department), which are switched on.
 */
export function flowClickFilters(params: Record<string, unknown>): {
  link: boolean;
  filters: Array<NonNullable<ReturnType<typeof flowNodeFilter>>>;
} {
  const ids: unknown[] = [];
  if (params.dataType === 'node') ids.push(params.name);
  if (params.dataType === 'edge' && typeof params.data === 'object' && params.data !== null) {
    const link = params.data as { source?: unknown; target?: unknown };
    ids.push(link.source, link.target);
  }
  const filters = ids.flatMap((id) => {
    const filter = typeof id === 'string' ? flowNodeFilter(id) : null;
    return filter ? [filter] : [];
  });
  return { link: params.dataType === 'edge', filters };
}

/** Full (untruncated) display name of a node, translated where it is a list kind or the town. */
export function flowNodeLabel(node: FlowNode, t: Translate): string {
  if (node.id === TOWN_NODE_ID) return t('chart.town');
  if (node.layer === 'kind') return kindLabel(t, node.id.slice('kind:'.length));
  if (node.layer === 'category') return categoryLabel(t, node.name);
  if (node.layer === 'department') return departmentLabel(t, node.name);
  return node.name;
}

/** Characters of a gloss that fit the Sankey's label column at 9 px, ellipsis included. */
const SANKEY_GLOSS_MAX = 23;

const departmentNodes = (data: FlowsData) => data.nodes.filter((n) => n.layer === 'department');

/** Whether the department labels take two lines (English: the name and the bureau's function). */
function hasGlossLines(data: FlowsData, t: Translate): boolean {
  return departmentNodes(data).some((n) => n.id !== TOWN_NODE_ID && departmentGlossLabel(t, n.name) !== null);
}

/**
 * The chart's height for its department nodes (the tallest layer): enough for each label to show, two
 * lines each in English. The seed's 24 departments and the town: 640 px in Chinese, 840 in English.
 */
export function sankeyHeight(data: FlowsData, t: Translate): number {
  return rowsHeight(departmentNodes(data).length, hasGlossLines(data, t) ? 32 : 24, 40, 360);
}

function nodeColor(node: FlowNode): string {
  if (node.id === TOWN_NODE_ID) return TOWN_COLOR;
  if (node.layer === 'kind') return kindColor(node.id.slice('kind:'.length));
  if (node.layer === 'category') return CATEGORY_COLOR;
  return '#7C8A9C';
}

export function buildSankeyOption(
  data: FlowsData,
  t: Translate,
  settings: SankeySettings = {},
): EChartsOption {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const fullLabel = (id: string): string => {
    const node = byId.get(id);
    return node ? flowNodeLabel(node, t) : id;
  };
  const departmentAxis = axisDepartmentLabels(
    departmentNodes(data).map((n) => n.name),
    12,
  );
  const shortLabel = (id: string): string => {
    const node = byId.get(id);
    if (!node) return id;
    if (node.layer !== 'department' || node.id === TOWN_NODE_ID) return fullLabel(id);
    // The Chinese name without its city, and in English the bureau's function under it in 9 px type,
    // cut to fit the labels' 150 px on a phone (longer ones ran off the chart); the tooltip gives all.
    return withGlossLine(t, node.name, departmentAxis(node.name), SANKEY_GLOSS_MAX);
  };
  // A node's size is the larger of what flows in and what flows out (first and last layers have one side).
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const l of data.links) {
    outflow.set(l.source, (outflow.get(l.source) ?? 0) + l.value);
    inflow.set(l.target, (inflow.get(l.target) ?? 0) + l.value);
  }
  const nodeValue = (id: string): number => Math.max(inflow.get(id) ?? 0, outflow.get(id) ?? 0);
  const linkColor = (l: FlowLink): string => {
    const kindEnd = l.source.startsWith('kind:') ? l.source : l.target.startsWith('kind:') ? l.target : null;
    return kindEnd ? kindColor(kindEnd.slice('kind:'.length)) : CATEGORY_COLOR;
  };

  // A layer with a selected node keeps all its nodes but dims the others, and the links through them.
  const selectedIds = settings.selectedNodeIds ?? new Set<string>();
  const selectedLayers = new Set(data.nodes.filter((n) => selectedIds.has(n.id)).map((n) => n.layer));
  const dimmed = (id: string): boolean => {
    const node = byId.get(id);
    return node !== undefined && selectedLayers.has(node.layer) && !selectedIds.has(id);
  };

  const description = ariaSentence(
    t,
    'aria.flows',
    data.links.map((l) => `${fullLabel(l.source)} → ${fullLabel(l.target)} ${formatNumber(l.value)}`),
  );
  const base = baseOption(settings, description);
  const twoLines = hasGlossLines(data, t);
  return {
    ...base,
    tooltip: sankeyTooltip(base, fullLabel, (id) => {
      const node = byId.get(id);
      const color = node ? nodeColor(node) : CATEGORY_COLOR;
      return `${dot(color)}${escapeHtml(fullLabel(id))}<br/><b>${formatNumber(nodeValue(id))}</b>`;
    }),
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 150,
        top: 12,
        bottom: 12,
        nodeWidth: 14,
        // Two-line labels in English need more room between the nodes.
        nodeGap: twoLines ? 18 : 10,
        nodeAlign: 'justify',
        layoutIterations: 32,
        draggable: false,
        emphasis: { focus: 'adjacency' },
        label: {
          fontSize: 11,
          color: '#1F2A37',
          formatter: (p: { name: string }) => shortLabel(p.name),
          rich: GLOSS_RICH,
        },
        data: data.nodes.map((n) => ({
          name: n.id,
          value: nodeValue(n.id),
          depth: LAYER_DEPTH[n.layer] ?? 2,
          itemStyle: {
            color: nodeColor(n),
            ...selectedItemStyle(selectedIds.has(n.id)),
            ...(dimmed(n.id) ? { opacity: DIMMED_OPACITY } : {}),
          },
        })),
        links: data.links.map((l) => ({
          source: l.source,
          target: l.target,
          value: l.value,
          lineStyle: { color: linkColor(l), opacity: dimmed(l.source) || dimmed(l.target) ? 0.08 : 0.32 },
        })),
        lineStyle: { curveness: 0.5 },
        labelLayout: { hideOverlap: true },
      },
    ],
  };
}
