// The items list as an export table: every filtered item (all pages, fetched 200 at a time, in the
// table's sort order) with Chinese headers, full department names and the source line of each item.
import { api, readJson } from '../api-client.ts';
import { kindLabel, supportTypeLabel, type Translate } from '../../../shared/i18n.ts';
import { filtersToQuery, type Filters, type ItemSort } from '../url-state.ts';
import type { DataTable } from '../../../shared/export/data-table.ts';

export const EXPORT_PAGE_SIZE = 200;

export interface ExportItem {
  itemId: string;
  townName: string;
  kind: string;
  seq: number;
  category: string;
  name: string;
  departments: string[];
  supportTypes: string[];
  isPenalty: boolean;
  sourceFile: string;
  sourceLine: number;
}

/** Pages through GET /api/items until every filtered item is read. */
export async function fetchAllItems(
  filters: Filters,
  sort: ItemSort,
  order: 'asc' | 'desc',
  signal?: AbortSignal,
): Promise<ExportItem[]> {
  const out: ExportItem[] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
    const query = {
      ...filtersToQuery(filters),
      limit: String(EXPORT_PAGE_SIZE),
      offset: String(offset),
      sort,
      order,
    };
    const page = await readJson(await api.api.items.$get({ query }, { init: signal ? { signal } : {} }));
    out.push(...page.items);
    if (page.items.length === 0 || offset + page.items.length >= page.total) return out;
  }
}

export function itemsTable(items: readonly ExportItem[], t: Translate, name: string): DataTable {
  const yes = t('items.yes');
  return {
    name,
    columns: [
      { header: t('filters.town') },
      { header: t('items.kind') },
      { header: t('items.seq'), width: 8 },
      { header: t('items.category') },
      { header: t('items.name'), width: 48 },
      { header: t('items.departments'), width: 40 },
      { header: t('items.support'), width: 30 },
      { header: t('items.penalty'), width: 8 },
      { header: t('towns.source') },
      { header: t('quality.line'), width: 8 },
      { header: t('export.itemId') },
    ],
    rows: items.map((i) => [
      i.townName,
      kindLabel(t, i.kind),
      i.seq,
      i.category,
      i.name,
      i.departments.join('、'),
      i.supportTypes.map((s) => supportTypeLabel(t, s)).join('、'),
      i.isPenalty ? yes : '',
      i.sourceFile,
      i.sourceLine,
      i.itemId,
    ]),
  };
}
