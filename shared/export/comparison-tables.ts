// The comparison answers (changes between editions, divergent duties, conformance to a template) as
// the plain tables exports write and the Word report prints: one function per answer, headers from
// the dictionary, numbers as numbers. The dashboard's CSV/XLSX and the server's report share them.
import { formatNumber } from '../format.ts';
import { kindLabel, type Translate } from '../i18n.ts';
import { KINDS, type Kind } from '../vocabulary.ts';
import type { Cell, DataTable } from './data-table.ts';

type ChangeClass = 'added' | 'removed' | 'moved' | 'reworded';
type Source = { file: string; line: number; place: string | null } | null;

export interface ChangeRowLike {
  change: ChangeClass;
  fromKind: Kind | null;
  toKind: Kind | null;
  fromText: string | null;
  toText: string | null;
  similarity: number | null;
  burdenBack: boolean;
  fromSource: Source;
  toSource: Source;
}

export interface DivergentDutyLike {
  label: string;
  towns: number;
  split: number;
  kinds: Record<Kind, number>;
  townsByKind: Record<Kind, string[]>;
}

export interface TownConformanceLike {
  townName: string;
  matched: number;
  missing: number;
  extra: number;
  kindDiffers: number;
}

export interface ConformanceItemLike {
  templateKind: Kind | null;
  townKind: Kind | null;
  templateText: string | null;
  townText: string | null;
  similarity: number | null;
}

const kindOrNull = (t: Translate, kind: Kind | null): Cell => (kind ? kindLabel(t, kind) : null);
const sourceText = (source: Source): Cell =>
  source ? `${source.file}:${source.line}${source.place ? ` (${source.place})` : ''}` : null;
/** Scores as numbers with four decimals, so a spreadsheet can sort and filter them. */
const score = (value: number | null): Cell => (value === null ? null : Math.round(value * 10_000) / 10_000);

/** Every listed change, in the answer's order (burden-back moves first). */
export function changesTable(changes: readonly ChangeRowLike[], t: Translate, name: string): DataTable {
  return {
    name,
    columns: [
      { header: t('changes.change') },
      { header: t('changes.burdenBack') },
      { header: t('changes.fromKind') },
      { header: t('changes.toKind') },
      { header: t('changes.fromText'), width: 40 },
      { header: t('changes.toText'), width: 40 },
      { header: t('changes.similarity') },
      { header: t('changes.fromSource') },
      { header: t('changes.toSource') },
    ],
    rows: changes.map((c) => [
      t(`changes.class.${c.change}`),
      c.burdenBack ? t('changes.yes') : null,
      kindOrNull(t, c.fromKind),
      kindOrNull(t, c.toKind),
      c.fromText,
      c.toText,
      score(c.similarity),
      sourceText(c.fromSource),
      sourceText(c.toSource),
    ]),
  };
}

/** The counts of each class, burden back first, as the report and the summary export show them. */
export function changeCountsTable(
  counts: Record<ChangeClass | 'unchanged', number>,
  burdenBack: number,
  t: Translate,
  name: string,
): DataTable {
  return {
    name,
    columns: [{ header: t('changes.change') }, { header: t('chart.count') }],
    rows: [
      [t('changes.burdenBack'), burdenBack],
      ...(['moved', 'reworded', 'added', 'removed', 'unchanged'] as const).map((c): Cell[] => [
        t(`changes.class.${c}`),
        counts[c],
      ]),
    ],
  };
}

/** Divergent duties: label, towns, split, and per list how many towns and which (the first named). */
export function divergentTable(duties: readonly DivergentDutyLike[], t: Translate, name: string): DataTable {
  const separator = t('app.listSeparator');
  return {
    name,
    columns: [
      { header: t('divergence.duty'), width: 40 },
      { header: t('divergence.towns') },
      { header: t('divergence.split') },
      ...KINDS.flatMap((k) => [
        { header: `${kindLabel(t, k)} · ${t('divergence.towns')}` },
        { header: `${kindLabel(t, k)} · ${t('divergence.holders')}`, width: 30 },
      ]),
    ],
    rows: duties.map((d) => [
      d.label,
      d.towns,
      score(d.split),
      ...KINDS.flatMap((k): Cell[] => {
        const names = d.townsByKind[k];
        const more = d.kinds[k] - names.length;
        return [
          d.kinds[k],
          names.length === 0
            ? null
            : names.join(separator) + (more > 0 ? ` ${t('divergence.more', { n: formatNumber(more) })}` : ''),
        ];
      }),
    ]),
  };
}

/** Each town's matched / missing / extra / kind-differs counts. */
export function conformanceTable(
  towns: readonly TownConformanceLike[],
  t: Translate,
  name: string,
): DataTable {
  return {
    name,
    columns: [
      { header: t('compare.town') },
      { header: t('conformance.class.matched') },
      { header: t('conformance.class.missing') },
      { header: t('conformance.class.extra') },
      { header: t('conformance.class.kindDiffers') },
    ],
    rows: towns.map((x) => [x.townName, x.matched, x.missing, x.extra, x.kindDiffers]),
  };
}

/** The items of one conformance class of one town. */
export function conformanceItemsTable(
  items: readonly ConformanceItemLike[],
  t: Translate,
  name: string,
): DataTable {
  return {
    name,
    columns: [
      { header: t('conformance.templateKind') },
      { header: t('conformance.templateText'), width: 40 },
      { header: t('conformance.townKind') },
      { header: t('conformance.townText'), width: 40 },
      { header: t('changes.similarity') },
    ],
    rows: items.map((item) => [
      kindOrNull(t, item.templateKind),
      item.templateText,
      kindOrNull(t, item.townKind),
      item.townText,
      score(item.similarity),
    ]),
  };
}
