// The words an exported chart carries above it, so it still makes sense pasted into a report: the
// active filters, the data source (towns, lists, when the database was loaded) and when it was exported.
// Labels come from the dashboard's i18n layer; the few phrases it has no key for are kept here.
import {
  departmentTypeLabel,
  kindLabel,
  supportTypeLabel,
  type MessageKey,
  type Translate,
} from '../../client/lib/i18n.ts';
import type { Filters, Kind } from '../filters.ts';
import { KINDS } from '../filters.ts';
import type { TownRow } from '../responses.ts';

export type Lang = 'zh-CN' | 'en';

const PHRASES = {
  'zh-CN': {
    noFilters: '未筛选（全部事项）',
    source: '数据来源',
    lists: '清单',
    loaded: '数据载入',
    exported: '导出',
    zone: '北京时间',
    manyTowns: '{n} 个乡镇（{first} 等）',
    noTowns: '无乡镇',
    listSeparator: '、',
    partSeparator: '；',
    colon: '：',
    quote: '“{q}”',
    file: '（{file}）',
    topDepartments: '图中为关联事项最多的 {shown} 个部门（共 {total} 个）',
  },
  en: {
    noFilters: 'No filters (all items)',
    source: 'Source',
    lists: 'Lists',
    loaded: 'Data loaded',
    exported: 'Exported',
    zone: 'UTC+8',
    manyTowns: '{n} towns ({first} and others)',
    noTowns: 'no towns',
    listSeparator: ', ',
    partSeparator: '; ',
    colon: ': ',
    quote: '"{q}"',
    file: ' ({file})',
    topDepartments: 'Showing the {shown} departments with the most items, of {total}',
  },
} as const;

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));

/** `2026-11-29 09:41 北京时间`: the reform offices reading the report are in China. */
export function formatTime(value: Date | string | null, lang: Lang): string {
  if (value === null) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = Object.fromEntries(
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
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${PHRASES[lang].zone}`;
}

/** `当前筛选：清单：上级收回；部门：根河市林业和草原局`, or that there are none. */
export function describeFilters(
  filters: Filters,
  towns: readonly TownRow[],
  t: Translate,
  lang: Lang,
): string {
  const p = PHRASES[lang];
  const townName = (value: string) => towns.find((town) => town.townId === value)?.name ?? value;
  const entries: Array<[string, string[] | undefined]> = [
    [t('filters.town'), filters.town?.map(townName)],
    [t('filters.region'), filters.region],
    [t('filters.kind'), filters.kind?.map((kind) => kindLabel(t, kind))],
    [t('filters.category'), filters.category],
    [t('filters.department'), filters.department],
    [t('filters.departmentType'), filters.departmentType?.map((type) => departmentTypeLabel(t, type))],
    [t('filters.supportType'), filters.supportType?.map((type) => supportTypeLabel(t, type))],
    [t('filters.q'), filters.q ? [fill(p.quote, { q: filters.q })] : undefined],
  ];
  const parts = entries
    .filter((entry): entry is [string, string[]] => entry[1] !== undefined && entry[1].length > 0)
    .map(([key, values]) => t('filters.chip', { key, value: values.join(p.listSeparator) }));
  return `${t('filters.label')}${p.colon}${parts.length > 0 ? parts.join(p.partSeparator) : p.noFilters}`;
}

/**
 * `数据来源：<towns>；清单：<lists>` for the towns the filters select: `towns` are the first of them
 * (by full name), `total` how many there are.
 */
export function describeSource(
  filters: Filters,
  towns: readonly TownRow[],
  total: number,
  t: Translate,
  lang: Lang,
): string {
  const p = PHRASES[lang];
  const first = towns[0];
  const where = !first
    ? p.noTowns
    : total === 1
      ? `${first.fullName}${fill(p.file, { file: first.sourceFile })}`
      : total <= 3
        ? towns.map((town) => town.fullName).join(p.listSeparator)
        : fill(p.manyTowns, { n: total.toLocaleString(lang), first: first.fullName });
  const kinds: readonly Kind[] = filters.kind ?? KINDS;
  const lists = kinds.map((kind) => t(`kindLong.${kind}` as MessageKey)).join(p.listSeparator);
  return `${p.source}${p.colon}${where}${p.partSeparator}${p.lists}${p.colon}${lists}`;
}

/** `数据载入：…；导出：…`. */
export function describeTimes(loadedAt: string | null, exportedAt: Date, lang: Lang): string {
  const p = PHRASES[lang];
  return `${p.loaded}${p.colon}${formatTime(loadedAt, lang)}${p.partSeparator}${p.exported}${p.colon}${formatTime(exportedAt, lang)}`;
}

/** Said only when a chart shows the busiest departments of more. */
export function describeDepartmentCap(departments: { shown: number; total: number } | undefined, lang: Lang) {
  if (!departments || departments.shown >= departments.total) return undefined;
  return fill(PHRASES[lang].topDepartments, {
    shown: departments.shown.toLocaleString(lang),
    total: departments.total.toLocaleString(lang),
  });
}
