// The dashboard shell: header (title, town selector, language and pattern switches), view tabs, filter
// chips and the current view. Views are lazy-loaded so the first paint does not wait for ECharts.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useEffect, useMemo, useState, type MouseEvent } from 'react';
import { Skeleton } from '../components/query-status.tsx';
import { RegionPicker } from '../features/regions/components/region-picker.tsx';
import { summaryQueryOptions } from '../lib/queries/summary-query.ts';
import { townsQueryOptions } from '../lib/queries/towns-query.ts';
import { healthQueryOptions } from '../lib/queries/health-query.ts';
import { formatDateTime, formatNumber } from '../../shared/format.ts';
import { viewLabel } from '../../shared/i18n.ts';
import { documentTitle } from './document-title.ts';
import { ReportDocxButton } from '../lib/export/report-docx-button.tsx';
import { TAB_VIEWS, serializeUrlState, toggleFilter, type View } from '../lib/url-state.ts';
import { useI18n } from '../lib/use-i18n.tsx';
import { useUrlState } from '../lib/use-url-state.tsx';
import { ExportAllButton } from '../lib/export/export-menu.tsx';
import { CopyLinkButton } from './copy-link-button.tsx';
import { FilterChips } from './filter-chips.tsx';
import { ViewErrorBoundary } from './view-error-boundary.tsx';
import { UnknownValuesNotice, useUnknownFilterValues } from './unknown-values-notice.tsx';

const views: Record<View, React.LazyExoticComponent<() => React.JSX.Element>> = {
  overview: lazy(() =>
    import('../features/overview/components/overview-view.tsx').then((m) => ({ default: m.OverviewView })),
  ),
  departments: lazy(() =>
    import('../features/departments/components/departments-view.tsx').then((m) => ({
      default: m.DepartmentsView,
    })),
  ),
  enforcement: lazy(() =>
    import('../features/enforcement/components/enforcement-view.tsx').then((m) => ({
      default: m.EnforcementView,
    })),
  ),
  support: lazy(() =>
    import('../features/support/components/support-view.tsx').then((m) => ({ default: m.SupportView })),
  ),
  items: lazy(() =>
    import('../features/items/components/items-view.tsx').then((m) => ({ default: m.ItemsView })),
  ),
  quality: lazy(() =>
    import('../features/quality/components/quality-view.tsx').then((m) => ({ default: m.QualityView })),
  ),
  towns: lazy(() =>
    import('../features/towns/components/towns-view.tsx').then((m) => ({ default: m.TownsView })),
  ),
  changes: lazy(() =>
    import('../features/changes/components/changes-view.tsx').then((m) => ({ default: m.ChangesView })),
  ),
  divergence: lazy(() =>
    import('../features/divergence/components/divergence-view.tsx').then((m) => ({
      default: m.DivergenceView,
    })),
  ),
  conformance: lazy(() =>
    import('../features/conformance/components/conformance-view.tsx').then((m) => ({
      default: m.ConformanceView,
    })),
  ),
  imports: lazy(() =>
    import('../features/imports/components/imports-view.tsx').then((m) => ({ default: m.ImportsView })),
  ),
  report: lazy(() =>
    import('../features/report/components/report-view.tsx').then((m) => ({ default: m.ReportView })),
  ),
};

const MAX_TOWN_SELECT = 50;

export function App() {
  const { t, lang } = useI18n();
  const { state, navigate } = useUrlState();
  const towns = useQuery(townsQueryOptions());
  // The filter's towns by name: beyond the first page of every town (a national database) too.
  const filterTowns = useQuery({
    ...townsQueryOptions({ town: state.filters.town }, MAX_TOWN_SELECT),
    enabled: state.filters.town.length > 0,
  });
  const health = useQuery(healthQueryOptions());
  const summary = useQuery({ ...summaryQueryOptions(state.filters), placeholderData: keepPreviousData });
  const townNames = useMemo(
    () =>
      new Map(
        [...(towns.data?.towns ?? []), ...(filterTowns.data?.towns ?? [])].map(
          (x) => [x.townId, x.name] as const,
        ),
      ),
    [towns.data, filterTowns.data],
  );
  const townList = towns.data?.towns ?? [];
  // When the database was last loaded (any town), not the latest of the towns listed.
  const loadedAt = health.data?.loadedAt ?? undefined;
  const View = views[state.view];
  const unknown = useUnknownFilterValues();
  // The tab's title names the view and the filters, so tabs, history and bookmarks tell views apart.
  const title = documentTitle(t, state, (id) => townNames.get(id));
  useEffect(() => {
    document.title = title;
  }, [title]);
  // On a phone the header's actions fold into one menu (CSS shows the menu button below 640 px).
  const [menuOpen, setMenuOpen] = useState(false);

  const goToView = (e: MouseEvent<HTMLAnchorElement>, view: View) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate((s) => ({ ...s, view }));
  };

  return (
    <div className={state.view === 'report' ? 'app app-report' : 'app'}>
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <h1 className="app-title">{t('app.title')}</h1>
          <p className="app-subtitle">
            {t('app.subtitle')}
            {townList.length === 1 && townList[0] ? ` · ${townList[0].fullName}` : ''}
          </p>
        </div>
        <button
          type="button"
          className="button header-menu-button"
          aria-expanded={menuOpen}
          aria-controls="header-controls"
          onClick={() => setMenuOpen((open) => !open)}
          data-testid="header-menu"
        >
          <span aria-hidden="true">☰</span> {t('app.menu')}
        </button>
        <div id="header-controls" className={menuOpen ? 'header-controls is-open' : 'header-controls'}>
          <RegionPicker />
          {/* A list of every town helps with a county's handful; beyond that the region picker finds towns. */}
          {townList.length > 1 && townList.length <= MAX_TOWN_SELECT && (
            <label className="select-label">
              {t('app.town')}
              <select
                value={state.filters.town.length === 1 ? state.filters.town[0] : ''}
                onChange={(e) => {
                  const town = e.target.value;
                  navigate((s) => {
                    const cleared = { ...s, page: 1, filters: { ...s.filters, town: [] } };
                    return town ? toggleFilter(cleared, 'town', town) : cleared;
                  });
                }}
                data-testid="town-select"
              >
                <option value="">{t('app.allTowns')}</option>
                {townList.map((x) => (
                  <option key={x.townId} value={x.townId}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <CopyLinkButton />
          {state.view !== 'report' && (
            <>
              <a
                href={serializeUrlState({ ...state, view: 'report' })}
                className="button"
                title={t('report.openHint')}
                onClick={(e) => goToView(e, 'report')}
                data-testid="open-report"
              >
                {t('report.open')}
              </a>
              {/* 数据质量 lists load warnings, not charts or tables of the data: nothing to zip there. */}
              <ReportDocxButton testId="header-report-docx" />
              <ExportAllButton
                unavailable={
                  state.view === 'quality'
                    ? t('export.allNoneQuality')
                    : state.view === 'imports'
                      ? t('imports.noExport')
                      : undefined
                }
              />
            </>
          )}
          <button
            type="button"
            className="button"
            aria-pressed={state.decal}
            title={t('app.decalHint')}
            onClick={() => navigate((s) => ({ ...s, decal: !s.decal }))}
            data-testid="decal-toggle"
          >
            <span className="decal-icon" aria-hidden="true" /> {t('app.decal')}
          </button>
          <button
            type="button"
            className="button"
            lang={lang === 'en' ? 'zh-CN' : 'en'}
            aria-label={`${t('app.language')}: ${t('app.switchLanguage')}`}
            onClick={() => navigate((s) => ({ ...s, lang: s.lang === 'en' ? 'zh-CN' : 'en' }))}
            data-testid="lang-toggle"
          >
            {t('app.switchLanguage')}
          </button>
        </div>
      </header>

      <nav className="tabs" aria-label={t('view.navLabel')}>
        {TAB_VIEWS.map((v) => (
          <a
            key={v}
            href={serializeUrlState({ ...state, view: v }) || '?'}
            className="tab"
            aria-current={state.view === v ? 'page' : undefined}
            onClick={(e) => goToView(e, v)}
            data-testid={`tab-${v}`}
          >
            {viewLabel(t, v)}
            {v === 'items' && summary.data && (
              <span className="tab-count" data-testid="tab-items-count">
                {formatNumber(summary.data.items.total)}
              </span>
            )}
          </a>
        ))}
      </nav>

      <FilterChips townNames={townNames} />

      <main id="main" className="app-main" tabIndex={-1}>
        <ViewErrorBoundary resetKey={state.view}>
          {/* The check runs beside the view's own requests (no wait for known links); an unknown value
              replaces the view with the notice as soon as the answer arrives. */}
          {unknown.values.length > 0 ? (
            <UnknownValuesNotice values={unknown.values} />
          ) : (
            <Suspense fallback={<Skeleton height={600} />}>
              <View />
            </Suspense>
          )}
        </ViewErrorBoundary>
      </main>

      <footer className="app-footer">
        {loadedAt && <span>{t('app.loadedAt', { time: formatDateTime(loadedAt, lang) })}</span>}
      </footer>
    </div>
  );
}
