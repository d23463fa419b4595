// Every penalty clause the town keeps under the filters, as an export table for the 执法 view: the view
// shows the first page of kept items (GET /api/penalties/by-bureau caps them), the export pages through
// all of them (each named with its town by the answer).
import type { DataTable } from '../../../../shared/export/data-table.ts';
import { keptClausesTable, type KeptItem } from '../../../../shared/export/kept-clauses-table.ts';
import type { Translate } from '../../../../shared/i18n.ts';
import { api, readJson } from '../../../lib/api-client.ts';
import { filtersToQuery, type Filters } from '../../../lib/url-state.ts';

/** Kept items read per request: the API's largest page. */
const KEPT_PAGE = 5000;

async function fetchAllKept(filters: Filters): Promise<KeptItem[]> {
  const out: KeptItem[] = [];
  for (let offset = 0; ; offset += KEPT_PAGE) {
    const query = {
      ...filtersToQuery(filters),
      // Only the kept items are wanted: one bureau, none of its items.
      limit: '1',
      itemsLimit: '0',
      keptLimit: String(KEPT_PAGE),
      keptOffset: String(offset),
    };
    const page = await readJson(await api.api.penalties['by-bureau'].$get({ query }));
    out.push(...page.kept);
    if (page.kept.length === 0 || offset + page.kept.length >= page.keptTotal) return out;
  }
}

export async function keptClausesExport(filters: Filters, t: Translate): Promise<DataTable> {
  return keptClausesTable(await fetchAllKept(filters), t, {
    name: t('enforcement.keptExport'),
    withTown: true,
  });
}
