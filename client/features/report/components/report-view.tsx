// The printable report: one A4-portrait document that states the active filters, the data source and the
// times once in its header, then the headline figures and every dashboard chart as an always-current SVG
// from GET /api/charts/:name.svg (rendered by the server with the same filters, without a caption of its
// own: `caption=report`), each titled by one line, 图 n. No figure is split across pages (print CSS in
// styles.css); the browser's "Save as PDF" gives the report file.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { CHART_TITLES, type ChartName } from '../../../../shared/charts/chart-names.ts';
import { QueryStatus } from '../../../components/query-status.tsx';
import { captionLines } from '../../../../shared/export/export-caption.ts';
import { useExportSource } from '../../../lib/export/use-export-env.ts';
import { summaryQueryOptions } from '../../../lib/queries/summary-query.ts';
import { formatNumber, formatShares } from '../../../../shared/format.ts';
import { kindLabel, type MessageKey } from '../../../../shared/i18n.ts';
import { filtersToQuery, serializeUrlState, type Filters } from '../../../lib/url-state.ts';
import { KINDS } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useUrlState } from '../../../lib/use-url-state.tsx';
import { ReportComparisons } from './report-comparisons.tsx';
import { ReportEnforcementTables } from './report-enforcement-tables.tsx';
import { ReportDocxButton } from '../../../lib/export/report-docx-button.tsx';

/** Printable width of A4 portrait between the @page margins (186 mm) in CSS pixels, rounded up. */
const PRINT_WIDTH = 720;

interface Section {
  heading: MessageKey;
  /** The charts by their GET /api/charts name; each is titled as on the dashboard. */
  charts: ChartName[];
}

const SECTIONS: Section[] = [
  { heading: 'report.sectionOverview', charts: ['flows', 'categories'] },
  { heading: 'report.sectionDepartments', charts: ['departments'] },
  { heading: 'report.sectionEnforcement', charts: ['bureaus'] },
  { heading: 'report.sectionSupport', charts: ['support-heatmap', 'support-types'] },
];

// The comparison needs two towns: shown only when the filters select more than one (as in the Word report).
const TOWNS_SECTION: Section = { heading: 'report.sectionTowns', charts: ['towns'] };

/**
 * Printed height of each chart (caption included), chosen so that the short ones pair up on one A4 page
 * (about 1,000 px between the margins): flows + categories, bureaus + support types; the departments and
 * the heatmap, with a row per department, keep a page each.
 */
const PRINT_HEIGHTS: Partial<Record<ChartName, number>> = {
  flows: 520,
  categories: 380,
  bureaus: 420,
  'support-types': 360,
};

function chartUrl(name: ChartName, filters: Filters, lang: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filtersToQuery(filters))) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  params.set('lang', lang);
  params.set('width', String(PRINT_WIDTH));
  // The header states the filters, source and times once; the figure line under the image titles it.
  params.set('caption', 'report');
  const height = PRINT_HEIGHTS[name];
  if (height !== undefined) params.set('height', String(height));
  return `/api/charts/${encodeURIComponent(name)}.svg?${params.toString()}`;
}

export function ReportView() {
  const { t, lang } = useI18n();
  const { state, navigate } = useUrlState();
  const { filters } = state;
  const summary = useQuery(summaryQueryOptions(filters));
  const source = useExportSource(filters);
  // The generation time is fixed when the report opens, not on every re-render.
  const generatedAt = useMemo(() => new Date(), []);
  const { towns } = source;
  const back = { ...state, view: 'overview' as const };

  let figureNo = 0;
  return (
    <article className="report" data-testid="report" lang={lang}>
      <div className="report-toolbar no-print">
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('report.print')}
        </button>
        <ReportDocxButton testId="report-docx" />
        <a
          className="button"
          href={serializeUrlState(back) || '?'}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            navigate(() => back);
          }}
        >
          {t('report.back')}
        </a>
      </div>

      <header className="report-header report-section">
        <h1 className="report-title">{t('report.heading', { title: t('app.title') })}</h1>
        <p className="report-subtitle">{t('app.subtitle')}</p>
        <ul className="report-meta" data-testid="report-meta" data-ready={source.ready}>
          {source.ready ? (
            captionLines({
              filters,
              towns,
              source: source.source,
              loadedAt: source.loadedAt,
              exportedAt: generatedAt,
              t,
              lang,
            }).map((line) => <li key={line}>{line}</li>)
          ) : (
            <li role="status">{t('state.loading')}</li>
          )}
        </ul>

        <h2 className="report-heading">{t('report.figures')}</h2>
        <QueryStatus query={summary} height={200}>
          {() =>
            summary.data && (
              <>
                <div className="report-figures" data-testid="report-figures">
                  <div className="report-figure-box">
                    <span className="report-figure-label">{t('overview.total')}</span>
                    <span className="report-figure-value">{formatNumber(summary.data.items.total)}</span>
                  </div>
                  {KINDS.map((kind) => (
                    <div className="report-figure-box" key={kind} data-testid={`report-figure-${kind}`}>
                      <span className="report-figure-label">{kindLabel(t, kind)}</span>
                      <span className="report-figure-value">{formatNumber(summary.data.items[kind])}</span>
                      <span className="report-figure-note">
                        {
                          formatShares(
                            KINDS.map((k) => summary.data.items[k]),
                            summary.data.items.total,
                          )[KINDS.indexOf(kind)]
                        }
                      </span>
                    </div>
                  ))}
                </div>
                <table className="table report-table" data-testid="report-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('report.metric')}</th>
                      <th scope="col" className="num">
                        {t('report.value')}
                      </th>
                      <th scope="col">{t('report.note')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(
                      [
                        [t('overview.penaltiesReclaimed'), summary.data.penalties.reclaimedItems, ''],
                        [
                          t('overview.penaltiesKept'),
                          summary.data.penalties.keptClauses,
                          t('overview.penaltiesKeptItems', {
                            n: formatNumber(summary.data.penalties.keptItems),
                          }),
                        ],
                        [
                          t('overview.withFundingOrStaff'),
                          summary.data.support.withFundingOrStaff,
                          t('overview.ofCooperative', {
                            n: formatNumber(summary.data.support.cooperativeItems),
                          }),
                        ],
                        [
                          t('overview.policyOnly'),
                          summary.data.support.policyOnly,
                          t('overview.ofCooperative', {
                            n: formatNumber(summary.data.support.cooperativeItems),
                          }),
                        ],
                        [t('overview.departments'), summary.data.departments, ''],
                      ] as const
                    ).map(([label, value, note]) => (
                      <tr key={label}>
                        {/* The English notes start lower-case (they follow a figure on the dashboard). */}
                        <td>{label.charAt(0).toUpperCase() + label.slice(1)}</td>
                        <td className="num">{formatNumber(value)}</td>
                        <td>{note}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )
          }
        </QueryStatus>
      </header>

      {[...SECTIONS, ...(source.source.total > 1 ? [TOWNS_SECTION] : [])].map((section) => (
        // Sections follow one another; only a figure or table row that would be cut moves to the next
        // page, so two charts share an A4 page where they fit.
        <section className="report-section" key={section.heading}>
          <h2 className="report-heading">{t(section.heading)}</h2>
          {section.charts.map((chart) => {
            figureNo += 1;
            const title = t(CHART_TITLES[chart]);
            return (
              <figure key={chart} className="report-figure" data-testid={`report-figure-${chart}`}>
                <img
                  src={chartUrl(chart, filters, lang)}
                  alt={title}
                  width={PRINT_WIDTH}
                  className="report-chart"
                  decoding="sync"
                />
                <figcaption className="report-caption">
                  {t('report.figure', { n: formatNumber(figureNo), title })}
                </figcaption>
              </figure>
            );
          })}
          {section.heading === 'report.sectionEnforcement' && <ReportEnforcementTables filters={filters} />}
        </section>
      ))}
      <ReportComparisons filters={filters} />
    </article>
  );
}
