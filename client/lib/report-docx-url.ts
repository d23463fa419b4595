// The address of the Word report (GET /api/report.docx) for the current filters and language; the
// header's and the report page's 导出 Word buttons fetch it (client/lib/export/report-docx-button.tsx).
import type { Lang } from '../../shared/i18n.ts';
import { filtersToQuery, type Filters } from './url-state.ts';

export function reportDocxUrl(filters: Filters, lang: Lang): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filtersToQuery(filters)))
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  params.set('lang', lang);
  return `/api/report.docx?${params.toString()}`;
}
