// The one colour palette: every chart and table uses these, so a list kind has the same colour
// everywhere. Okabe–Ito hues, chosen to stay distinguishable for colour-blind readers.
import type { DepartmentType, Kind, SupportType } from './url-state.ts';

export const KIND_COLORS: Record<Kind, string> = {
  basic: '#0072B2',
  cooperative: '#E69F00',
  reclaimed: '#CC79A7',
};

export const DEPARTMENT_TYPE_COLORS: Record<DepartmentType, string> = {
  party: '#B2472E',
  government: '#3F6E8C',
  branch: '#5E8C5A',
  other: '#8A8A8A',
};

// Support types avoid the three list-kind hues, so a support colour is never read as a list kind.
export const SUPPORT_TYPE_COLORS: Record<SupportType, string> = {
  policy: '#56B4E9',
  training: '#009E73',
  guidance: '#7B7FD1',
  technical: '#D9C83A',
  funding: '#D55E00',
  staff: '#8C564B',
  materials: '#6B8E23',
  other: '#999999',
};

/** Category nodes and bars: neutral slate so kind colours stay the strongest signal. */
export const CATEGORY_COLOR = '#5B6B7F';
/** The town itself as a Sankey target. */
export const TOWN_COLOR = '#0072B2';
/** Heatmap ramp, light to dark. */
export const HEAT_RAMP = ['#F2F6FA', '#BBD3E8', '#6A9FCB', '#2F6A9E', '#163E63'];

export const TEXT_COLOR = '#1F2A37';
export const MUTED_TEXT_COLOR = '#5B6472';
export const GRID_LINE_COLOR = '#E3E7ED';
export const SELECTED_BORDER_COLOR = '#111827';

export const FONT_FAMILY =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';

export function kindColor(kind: string): string {
  return KIND_COLORS[kind as Kind] ?? '#999999';
}

export function departmentTypeColor(type: string): string {
  return DEPARTMENT_TYPE_COLORS[type as DepartmentType] ?? DEPARTMENT_TYPE_COLORS.other;
}

export function supportTypeColor(type: string): string {
  return SUPPORT_TYPE_COLORS[type as SupportType] ?? SUPPORT_TYPE_COLORS.other;
}
