// The browser tab's title for a dashboard state: the view, the active filters in words, the dashboard's
// name (e.g. "部门 · 部门：根河市林业和草原局 · 乡镇履职事项清单"). Pure.
import { DISPLAY_ORDER } from '../../shared/filters/filter-dimensions.ts';
import { filterLabel, filterValueLabel } from '../../shared/filters/filter-labels.ts';
import { viewLabel, type Translate } from '../../shared/i18n.ts';
import type { UrlState } from '../lib/url-state.ts';

export function documentTitle(
  t: Translate,
  state: UrlState,
  townName: (townId: string) => string | undefined,
): string {
  const filters = DISPLAY_ORDER.flatMap((name) => {
    const value = state.filters[name];
    const values = typeof value === 'string' ? (value ? [value] : []) : (value as string[]);
    if (values.length === 0) return [];
    const shown = values.map((v) => filterValueLabel(t, name, v, townName));
    return [t('filters.chip', { key: filterLabel(t, name), value: shown.join(t('app.listSeparator')) })];
  });
  const view = state.view === 'report' ? t('report.open') : viewLabel(t, state.view);
  return [view, ...filters, t('app.title')].join(' · ');
}
