// The one colour palette: every chart and table uses these, so a list kind has the same colour
// everywhere. Okabe–Ito hues, chosen to stay distinguishable for colour-blind readers; the
// vocabularies' own colours are declared with them in shared/vocabulary.ts.
import {
  DEPARTMENT_TYPE_TERMS,
  DEPARTMENT_TYPES,
  KIND_TERMS,
  KINDS,
  SUPPORT_TYPE_TERMS,
  SUPPORT_TYPES,
  type DepartmentType,
  type Kind,
  type SupportType,
} from '../vocabulary.ts';

const colors = <V extends string>(values: readonly V[], color: (value: V) => string) =>
  Object.fromEntries(values.map((value) => [value, color(value)])) as Record<V, string>;

/** The vocabularies' colours (shared/vocabulary.ts), by value. */
export const KIND_COLORS = colors(KINDS, (kind) => KIND_TERMS[kind].color);
export const DEPARTMENT_TYPE_COLORS = colors(DEPARTMENT_TYPES, (type) => DEPARTMENT_TYPE_TERMS[type].color);
export const SUPPORT_TYPE_COLORS = colors(SUPPORT_TYPES, (type) => SUPPORT_TYPE_TERMS[type].color);

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
