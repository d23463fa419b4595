// Number, date and label formatting shared by charts, tables, headline figures and exports: every
// number the dashboard shows goes through here. Pure, DOM-free.
import type { Lang } from './i18n.ts';

const numberFormat = new Intl.NumberFormat('zh-CN');

/** Every number on the dashboard goes through this one formatter (zh-CN grouping). */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** A moment in the reader's own time zone and language's style (the header's load time). */
export function formatDateTime(value: string | Date, lang: Lang): string {
  return new Date(value).toLocaleString(lang);
}

/** Share of a whole as a whole-number percentage, e.g. "34%". */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${numberFormat.format(Math.round((part / whole) * 100))}%`;
}

/**
 * Whole-number percentages of `parts` in `whole` that add up to exactly 100 when the parts make up the
 * whole (largest-remainder rounding: each share is rounded down, then the points left go to the largest
 * remainders, ties to the earlier part). Rounding each share on its own can give 101% (e.g. 1/3, 1/3, 1/3
 * → 33+33+33; 2/7, 2/7, 3/7 → 29+29+43 = 101).
 */
export function largestRemainderPercents(
  parts: readonly number[],
  whole = parts.reduce((a, b) => a + b, 0),
): number[] {
  if (whole <= 0) return parts.map(() => 0);
  const exact = parts.map((p) => (p / whole) * 100);
  const floors = exact.map(Math.floor);
  const target = Math.round(exact.reduce((a, b) => a + b, 0));
  let left = target - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, rest: e - Math.floor(e) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}

/** A whole-number percentage as text, e.g. 34 → "34%". */
export function formatPercentValue(percent: number): string {
  return `${numberFormat.format(percent)}%`;
}

/** The shares of parts of one whole as percentages that add up (largestRemainderPercents), as text. */
export function formatShares(parts: readonly number[], whole?: number): string[] {
  return largestRemainderPercents(parts, whole).map(formatPercentValue);
}

/**
 * A department name without its city/county/banner prefix, for axis labels where the full name would not
 * fit: 根河市林业和草原局 → 林业和草原局, 根河市委宣传部 → 市委宣传部, 中共根河市委政法委员会 → 市委政法委员会,
 * 呼伦贝尔市生态环境局根河市分局 → 生态环境局根河市分局, 广远县城市管理综合执法局 → 城市管理综合执法局 (the
 * shortest prefix ending in 市/县/旗/盟 wins: not 广远县城市 → 管理综合执法局). Callers show the full name in
 * the tooltip.
 */
export function shortDepartmentName(name: string): string {
  const m = /^(?:中共)?[\u4e00-\u9fff]{2,6}?([市县旗盟])(委?)(.+)$/u.exec(name);
  if (!m || !m[3]) return name;
  return m[2] ? `${m[1]}委${m[3]}` : m[3];
}

/** Cuts a label to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Short department label for chart axes: prefix stripped, then truncated. */
export function axisDepartmentLabel(name: string, max = 10): string {
  return truncate(shortDepartmentName(name), max);
}

/**
 * Axis labels for the departments of one chart: each short (axisDepartmentLabel) unless another of them
 * would read the same, and then whole (truncated). Over many counties 广远县城市管理综合执法局 and
 * 恒南县城市管理综合执法局 would both read 城市管理综合执法局: the prefix is what tells them apart.
 */
export function axisDepartmentLabels(names: readonly string[], max = 10): (name: string) => string {
  const namesOf = new Map<string, Set<string>>();
  for (const name of names) {
    const short = shortDepartmentName(name);
    namesOf.set(short, (namesOf.get(short) ?? new Set()).add(name));
  }
  return (name) => {
    const short = shortDepartmentName(name);
    return truncate((namesOf.get(short)?.size ?? 0) > 1 ? name : short, max);
  };
}

const scoreFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A score between 0 and 1 (a similarity, a split) with two decimals, e.g. 0.8667 → "0.87". */
export function formatScore(value: number): string {
  return scoreFormat.format(value);
}
