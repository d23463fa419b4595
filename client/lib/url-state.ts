// The dashboard's whole state (view, filters, table paging, open panels, language) lives in the URL
// query string, so a copied link reproduces the view and back/forward work. Pure functions only:
// parse a search string into a state, serialize it back, and the state transitions the UI needs.
// The filters are the filter registry's dimensions (shared/filters/filter-dimensions.ts).
import {
  DISPLAY_ORDER,
  FILTER_NAMES,
  MAX_SEARCH_LENGTH,
  MULTI_FILTER_NAMES,
  closedValues,
  type FilterValueOf,
  type MultiFilterName,
  type SearchFilterName,
} from '../../shared/filters/filter-dimensions.ts';
import { LANGS, type Lang } from '../../shared/i18n.ts';
import { RANKING_METRICS, type RankingMetric } from '../../shared/charts/build-town-ranking-option.ts';

export const VIEWS = [
  'overview',
  'departments',
  'enforcement',
  'support',
  'items',
  'quality',
  'towns',
  'changes',
  'divergence',
  'conformance',
  'imports',
  'report',
] as const;
export type View = (typeof VIEWS)[number];
/** Views with a tab; the printable report opens from its own header button. */
export const TAB_VIEWS: readonly View[] = VIEWS.filter((v) => v !== 'report');

export const ITEM_SORTS = ['kind', 'seq', 'category', 'name'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

/** Measures the towns view ranks the towns of a region by (GET /api/towns/compare `sort`). */
export const TOWN_RANKS = RANKING_METRICS;
export type TownRank = RankingMetric;
export const TOWN_RANK_SIZES = [20, 50, 100] as const;

/** How the divergence view orders duties (GET /api/duties/divergent `sort`). */
export const DUTY_SORTS = ['split', 'towns'] as const;
export type DutySort = (typeof DUTY_SORTS)[number];
/** The conformance classes a town's row drills into (GET /api/conformance `items`). */
export const CONFORMANCE_CLASSES = ['matched', 'missing', 'extra', 'kindDiffers'] as const;
export type ConformanceClass = (typeof CONFORMANCE_CLASSES)[number];

/** The filters of every API list endpoint, one entry per dimension of the filter registry. */
export type Filters = { [N in MultiFilterName]: FilterValueOf<N>[] } & { [N in SearchFilterName]: string };

/** The multi-valued filters, in the order their chips are shown. */
export const FILTER_KEYS = DISPLAY_ORDER.filter((name): name is MultiFilterName =>
  (MULTI_FILTER_NAMES as readonly string[]).includes(name),
);
export type FilterKey = MultiFilterName;
export type FilterValue<K extends FilterKey> = Filters[K][number];

export interface UrlState {
  view: View;
  lang: Lang;
  /** Decal patterns on chart series, for colour-blind readers. */
  decal: boolean;
  filters: Filters;
  /** Items table: 1-based page, sort column and direction. */
  page: number;
  sort: ItemSort;
  order: 'asc' | 'desc';
  /** Item shown in the detail panel. */
  item: string | null;
  /** Department shown in the department detail. */
  dept: string | null;
  /** Towns compared side by side. */
  townA: string | null;
  townB: string | null;
  /** Charts currently shown as tables ("view as table"), by chart id. */
  tables: string[];
  /** Town ranking: the measure and the towns per page. */
  rank: TownRank;
  rankSize: number;
  /** The edition of the item in the detail panel, when it is not its town's latest. */
  itemEdition: string | null;
  /** Changes and conformance: the town compared, and the two editions (null: the two latest). */
  ctown: string | null;
  from: string | null;
  to: string | null;
  /** Divergence: order, page and the duty drilled into. */
  dsort: DutySort;
  dorder: 'asc' | 'desc';
  dpage: number;
  duty: string | null;
  /** Conformance: the template (null: the latest loaded) and the class drilled into. */
  template: string | null;
  conf: ConformanceClass | null;
}

export const MAX_Q_LENGTH = MAX_SEARCH_LENGTH;
const MAX_VALUE_LENGTH = 200;

export function emptyFilters(): Filters {
  const filters: Record<string, string | string[]> = {};
  for (const name of FILTER_NAMES)
    filters[name] = MULTI_FILTER_NAMES.includes(name as MultiFilterName) ? [] : '';
  return filters as Filters;
}

export function defaultUrlState(): UrlState {
  return {
    view: 'overview',
    lang: 'zh-CN',
    decal: false,
    filters: emptyFilters(),
    page: 1,
    sort: 'kind',
    order: 'asc',
    item: null,
    dept: null,
    townA: null,
    townB: null,
    tables: [],
    rank: 'reclaimed',
    rankSize: TOWN_RANK_SIZES[0],
    itemEdition: null,
    ctown: null,
    from: null,
    to: null,
    dsort: 'split',
    dorder: 'desc',
    dpage: 1,
    duty: null,
    template: null,
    conf: null,
  };
}

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Repeated params, trimmed, de-duplicated, unknown enum values dropped. */
function many(params: URLSearchParams, key: string, allowed?: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of params.getAll(key)) {
    const v = raw.trim();
    if (v === '' || v.length > MAX_VALUE_LENGTH || out.includes(v)) continue;
    if (allowed && !allowed.includes(v)) continue;
    out.push(v);
  }
  return out;
}

function single(params: URLSearchParams, key: string): string | null {
  const v = params.get(key)?.trim();
  return v ? v.slice(0, MAX_VALUE_LENGTH) : null;
}

function parseFilters(params: URLSearchParams): Filters {
  const filters: Record<string, string | string[]> = {};
  for (const name of FILTER_NAMES) {
    filters[name] = MULTI_FILTER_NAMES.includes(name as MultiFilterName)
      ? many(params, name, closedValues(name))
      : (params.get(name) ?? '').trim().slice(0, MAX_Q_LENGTH);
  }
  return filters as Filters;
}

/** Parses `location.search` (with or without the leading ?). Never throws; bad values fall back. */
export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const d = defaultUrlState();
  const page = Number.parseInt(params.get('page') ?? '', 10);
  const dpage = Number.parseInt(params.get('dpage') ?? '', 10);
  const duty = single(params, 'duty');
  return {
    view: oneOf(VIEWS, params.get('view')) ?? d.view,
    lang: oneOf(LANGS, params.get('lang')) ?? d.lang,
    decal: params.get('decal') === '1',
    filters: parseFilters(params),
    page: Number.isFinite(page) && page >= 1 ? page : d.page,
    sort: oneOf(ITEM_SORTS, params.get('sort')) ?? d.sort,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    item: single(params, 'item'),
    dept: single(params, 'dept'),
    townA: single(params, 'townA'),
    townB: single(params, 'townB'),
    tables: many(params, 'table'),
    rank: oneOf(TOWN_RANKS, params.get('rank')) ?? d.rank,
    rankSize: TOWN_RANK_SIZES.find((n) => String(n) === params.get('rankSize')) ?? d.rankSize,
    itemEdition: single(params, 'itemEdition'),
    ctown: single(params, 'ctown'),
    from: single(params, 'from'),
    to: single(params, 'to'),
    dsort: oneOf(DUTY_SORTS, params.get('dsort')) ?? d.dsort,
    dorder: params.get('dorder') === 'asc' ? 'asc' : 'desc',
    dpage: Number.isFinite(dpage) && dpage >= 1 ? dpage : d.dpage,
    duty: duty !== null && /^\d{1,9}$/.test(duty) ? duty : null,
    template: single(params, 'template'),
    conf: oneOf(CONFORMANCE_CLASSES, params.get('conf')),
  };
}

/** Serializes to a search string ('' or '?…'); defaults are left out so URLs stay short. */
export function serializeUrlState(state: UrlState): string {
  const d = defaultUrlState();
  const params = new URLSearchParams();
  if (state.view !== d.view) params.set('view', state.view);
  for (const name of DISPLAY_ORDER) {
    const value = state.filters[name];
    if (typeof value === 'string') {
      if (value) params.set(name, value);
    } else for (const v of value) params.append(name, v);
  }
  if (state.page !== d.page) params.set('page', String(state.page));
  if (state.sort !== d.sort) params.set('sort', state.sort);
  if (state.order !== d.order) params.set('order', state.order);
  if (state.item) params.set('item', state.item);
  if (state.dept) params.set('dept', state.dept);
  if (state.townA) params.set('townA', state.townA);
  if (state.townB) params.set('townB', state.townB);
  for (const t of state.tables) params.append('table', t);
  if (state.rank !== d.rank) params.set('rank', state.rank);
  if (state.rankSize !== d.rankSize) params.set('rankSize', String(state.rankSize));
  if (state.itemEdition) params.set('itemEdition', state.itemEdition);
  if (state.ctown) params.set('ctown', state.ctown);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.dsort !== d.dsort) params.set('dsort', state.dsort);
  if (state.dorder !== d.dorder) params.set('dorder', state.dorder);
  if (state.dpage !== d.dpage) params.set('dpage', String(state.dpage));
  if (state.duty) params.set('duty', state.duty);
  if (state.template) params.set('template', state.template);
  if (state.conf) params.set('conf', state.conf);
  if (state.lang !== d.lang) params.set('lang', state.lang);
  if (state.decal) params.set('decal', '1');
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Adds the value to a multi-valued filter, or removes it if present. Resets paging. */
export function toggleFilter<K extends FilterKey>(state: UrlState, key: K, value: FilterValue<K>): UrlState {
  const current = state.filters[key] as string[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, page: 1, dpage: 1, filters: { ...state.filters, [key]: next } };
}

/**
 * Toggles several filter values as one selection (a heatmap cell is a department AND a support type):
 * removes them all when all are already set, otherwise adds the missing ones.
 */
export function toggleFilters(
  state: UrlState,
  pairs: ReadonlyArray<{ key: FilterKey; value: string }>,
): UrlState {
  const allSet = pairs.every(({ key, value }) => (state.filters[key] as string[]).includes(value));
  const filters = { ...state.filters };
  for (const { key, value } of pairs) {
    const current = filters[key] as string[];
    const next = allSet
      ? current.filter((v) => v !== value)
      : current.includes(value)
        ? current
        : [...current, value];
    (filters as Record<FilterKey, string[]>)[key] = next;
  }
  return { ...state, page: 1, dpage: 1, filters };
}

export function setQuery(state: UrlState, q: string): UrlState {
  return { ...state, page: 1, dpage: 1, filters: { ...state.filters, q: q.trim().slice(0, MAX_Q_LENGTH) } };
}

export function clearFilters(state: UrlState): UrlState {
  return { ...state, page: 1, dpage: 1, filters: emptyFilters() };
}

export function hasFilters(filters: Filters): boolean {
  return FILTER_NAMES.some((name) => filters[name].length > 0);
}

export function toggleTable(state: UrlState, chartId: string): UrlState {
  const tables = state.tables.includes(chartId)
    ? state.tables.filter((t) => t !== chartId)
    : [...state.tables, chartId];
  return { ...state, tables };
}

/** The filters as API query parameters (repeated params for multi-values); empty ones left out. */
export type ApiFilterQuery = { [N in MultiFilterName]?: FilterValueOf<N>[] } & {
  [N in SearchFilterName]?: string;
};

/**
 * The filters as API query parameters and query-key part: empty values left out and multi-values sorted,
 * so equal filter sets share one cache entry whatever order they were clicked in.
 */
export function filtersToQuery(filters: Filters): ApiFilterQuery {
  const out: Record<string, string | string[]> = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (typeof value === 'string') {
      if (value) out[name] = value;
    } else if (value.length > 0) out[name] = [...value].sort();
  }
  return out as ApiFilterQuery;
}

/**
 * The filters a chart's own query sends (cross-filtering): every filter but the dimensions the chart
 * itself selects, so the chart keeps all its values and highlights the selected ones, while the other
 * charts narrow. A second click in the chart adds a second value instead of hunting in a one-bar chart.
 */
export function crossFilters(filters: Filters, own: readonly FilterKey[]): Filters {
  const out = { ...filters };
  for (const key of own) (out as Record<FilterKey, string[]>)[key] = [];
  return out;
}

/**
 * The values of closed dimensions in a search string that are not in their vocabulary (`?kind=foo`):
 * parseUrlState drops them, and the dashboard names them in one notice instead of ignoring them silently.
 */
export function unknownClosedValues(search: string): Array<{ name: MultiFilterName; value: string }> {
  const params = new URLSearchParams(search);
  const out: Array<{ name: MultiFilterName; value: string }> = [];
  for (const name of MULTI_FILTER_NAMES) {
    const allowed = closedValues(name);
    if (!allowed) continue;
    for (const raw of params.getAll(name)) {
      const value = raw.trim();
      if (value && !allowed.includes(value) && !out.some((u) => u.name === name && u.value === value))
        out.push({ name, value });
    }
  }
  return out;
}
