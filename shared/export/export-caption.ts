// The words every export carries, so a chart or table still makes sense pasted into a report: the active
// filters, the data source (towns, lists, when the database was loaded) and when it was exported. Pure
// (no DOM, React or ECharts), so the server's SVG charts (server/routes/charts.ts) caption with it too.
import {
  DISPLAY_ORDER,
  type FilterValueOf,
  type MultiFilterName,
  type SearchFilterName,
} from '../filters/filter-dimensions.ts';
import { filterLabel, filterValueLabel } from '../filters/filter-labels.ts';
import { formatNumber } from '../format.ts';
import { dictionaries, type Lang, type MessageKey, type Translate } from '../i18n.ts';
import { KINDS } from '../vocabulary.ts';

/**
 * The filters a caption describes: the dashboard's URL state, or a server query where a filter not
 * given is absent rather than empty.
 */
export type CaptionFilters = {
  readonly [N in MultiFilterName]?: readonly FilterValueOf<N>[] | undefined;
} & { readonly [N in SearchFilterName]?: string | undefined };

export interface SourceTown {
  townId: string;
  name: string;
  fullName: string;
  sourceFile: string;
}

export interface ExportCaption {
  title: string;
  /** Filters, source, times: one line each. */
  lines: string[];
  /** False when the figure is titled by the text around it (a report's figure line): not drawn. */
  showTitle?: boolean;
}

type Phrase = MessageKey extends infer K ? (K extends `caption.${infer P}` ? P : never) : never;

/** The caption's fixed words in one language (the `caption.*` entries of the i18n dictionary). */
const phrases = (lang: Lang) => (phrase: Phrase) => dictionaries[lang][`caption.${phrase}`];

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));

function shanghaiParts(date: Date): Record<string, string> {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
}

/** `2026-11-29 09:41 北京时间`: the offices reading the report are in China. */
export function formatExportTime(value: Date | string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const p = shanghaiParts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${phrases(lang)('zone')}`;
}

/** `20261129-0941` (Beijing time), for file names. */
export function fileTimeStamp(date: Date): string {
  const p = shanghaiParts(date);
  return `${p.year}${p.month}${p.day}-${p.hour}${p.minute}`;
}

/** The filters in words, without the leading "当前筛选", or '' when there are none. */
export function filterParts(
  filters: CaptionFilters,
  towns: readonly SourceTown[],
  t: Translate,
  lang: Lang,
): string[] {
  const p = phrases(lang);
  const townName = (id: string) => towns.find((town) => town.townId === id)?.name;
  const parts: string[] = [];
  for (const name of DISPLAY_ORDER) {
    const given = filters[name];
    if (given === undefined || given.length === 0) continue;
    // A search is quoted; several values are listed.
    const value =
      typeof given === 'string'
        ? fill(p('quote'), { q: given })
        : given.map((v) => filterValueLabel(t, name, v, townName)).join(p('listSeparator'));
    parts.push(t('filters.chip', { key: filterLabel(t, name), value }));
  }
  return parts;
}

/** `当前筛选：清单：上级收回；部门：根河市林业和草原局`, or that there are none. */
export function describeFilters(
  filters: CaptionFilters,
  towns: readonly SourceTown[],
  t: Translate,
  lang: Lang,
): string {
  const p = phrases(lang);
  const parts = filterParts(filters, towns, t, lang);
  return `${t('filters.label')}${p('colon')}${parts.length > 0 ? parts.join(p('partSeparator')) : p('noFilters')}`;
}

/** The towns a caption names as the data source: the first ones (by full name) and how many in all. */
export interface SourceTowns {
  towns: readonly SourceTown[];
  total: number;
}

/** The loaded towns the town filter picks by id, or all of them when it picks none. */
export function pickSourceTowns(filters: CaptionFilters, loaded: readonly SourceTown[]): SourceTowns {
  const ids = filters.town ?? [];
  const towns = ids.length > 0 ? loaded.filter((town) => ids.includes(town.townId)) : loaded;
  return { towns, total: towns.length };
}

/**
 * `数据来源：<towns>；清单：<lists>`. `source` is the towns the filters select; without it they are
 * picked from `towns` (the loaded ones) by the town filter.
 */
export function describeSource(
  filters: CaptionFilters,
  towns: readonly SourceTown[],
  t: Translate,
  lang: Lang,
  source: SourceTowns = pickSourceTowns(filters, towns),
): string {
  const p = phrases(lang);
  const { total } = source;
  const first = source.towns[0];
  const where = !first
    ? p('noTowns')
    : total === 1
      ? `${first.fullName}${fill(p('file'), { file: first.sourceFile })}`
      : total <= 3
        ? source.towns.map((town) => town.fullName).join(p('listSeparator'))
        : fill(p('manyTowns'), { n: formatNumber(total), first: first.fullName });
  const kinds = filters.kind && filters.kind.length > 0 ? filters.kind : KINDS;
  const lists = kinds.map((kind) => t(`kindLong.${kind}`)).join(p('listSeparator'));
  return `${p('source')}${p('colon')}${where}${p('partSeparator')}${p('lists')}${p('colon')}${lists}`;
}

/** `数据载入：…；导出：…`. */
export function describeTimes(loadedAt: string | null | undefined, exportedAt: Date, lang: Lang): string {
  const p = phrases(lang);
  return `${p('loaded')}${p('colon')}${formatExportTime(loadedAt, lang)}${p('partSeparator')}${p('exported')}${p('colon')}${formatExportTime(exportedAt, lang)}`;
}

/** Said only when a chart shows the busiest departments of more (the API caps its lists). */
export function describeDepartmentCap(
  departments: { shown: number; total: number } | undefined,
  lang: Lang,
): string | undefined {
  if (!departments || departments.shown >= departments.total) return undefined;
  return fill(phrases(lang)('topDepartments'), {
    shown: formatNumber(departments.shown),
    total: formatNumber(departments.total),
  });
}

export interface CaptionSource {
  filters: CaptionFilters;
  /** The loaded towns (names the town filter's ids; picks the source unless `source` is given). */
  towns: readonly SourceTown[];
  /** The towns the filters select, when the caller knows them better (the server asks the database). */
  source?: SourceTowns;
  loadedAt: string | null | undefined;
  exportedAt: Date;
  t: Translate;
  lang: Lang;
}

/**
 * The facts every export states, one line each: the filters, the data source, the load and export times.
 * A stand-alone figure or file carries them under its title; a report states them once, in its header.
 */
export function captionLines(s: CaptionSource): string[] {
  return [
    describeFilters(s.filters, s.towns, s.t, s.lang),
    describeSource(s.filters, s.towns, s.t, s.lang, s.source),
    describeTimes(s.loadedAt, s.exportedAt, s.lang),
  ];
}

export function buildCaption(title: string, s: CaptionSource): ExportCaption {
  return { title, lines: captionLines(s) };
}

/**
 * The two ways a chart figure is captioned. `full`: it stands alone (a single chart's SVG or PNG), so it
 * carries its title and every fact of captionLines. `report`: it sits in a report whose header states
 * those facts once and whose own text titles the figure (one line, 图 n), so the figure draws only what
 * is particular to it (the department cap), and nothing when there is none.
 */
export const CAPTION_LAYOUTS = ['full', 'report'] as const;
export type CaptionLayout = (typeof CAPTION_LAYOUTS)[number];

/** A chart figure's caption in a layout; `notes` are the chart's own lines (describeDepartmentCap). */
export function figureCaption(
  layout: CaptionLayout,
  title: string,
  s: CaptionSource,
  notes: readonly string[] = [],
): ExportCaption {
  return layout === 'full'
    ? { title, lines: [...captionLines(s), ...notes] }
    : { title, lines: [...notes], showTitle: false };
}

/** A file name from a title and the export time: characters Windows forbids become `_`. */
export function exportFileName(title: string, exportedAt: Date, extension: string): string {
  const stem = title.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'export';
  return `${stem}-${fileTimeStamp(exportedAt)}.${extension}`;
}
