// 对标 (conformance): how far each filtered town's lists are from a loaded template (指导目录) — matched,
// missing, extra and in a different list — with a drill-down to the items of each class. With no
// template loaded the view says so and how to load one.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ItemLink } from '../../../components/item-link.tsx';
import { KindTag } from '../../../components/kind-tag.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { SimpleTable } from '../../../components/simple-table.tsx';
import { conformanceItemsTable, conformanceTable } from '../../../../shared/export/comparison-tables.ts';
import { formatNumber, formatScore } from '../../../../shared/format.ts';
import { ExportMenu } from '../../../lib/export/export-menu.tsx';
import type { ExportSource } from '../../../lib/export/export-sources.ts';
import { conformanceQueryOptions } from '../../../lib/queries/conformance-query.ts';
import { templatesQueryOptions } from '../../../lib/queries/templates-query.ts';
import { CONFORMANCE_CLASSES, filtersToQuery, type ConformanceClass } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useUrlState } from '../../../lib/use-url-state.tsx';

/** Towns listed at once; the count above the table says how many the filters select. */
const TOWNS_SHOWN = 500;

export function ConformanceView() {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const templates = useQuery(templatesQueryOptions());
  const list = templates.data?.templates ?? [];
  const template = list.find((x) => x.template === state.template) ?? list[0];
  const conformance = useQuery({
    ...conformanceQueryOptions({
      ...filtersToQuery(state.filters),
      template: template?.template ?? '',
      limit: String(TOWNS_SHOWN),
    }),
    enabled: template !== undefined,
  });
  const towns = useMemo(() => conformance.data?.towns ?? [], [conformance.data]);
  const title = template ? t('conformance.title', { template: template.template }) : t('view.conformance');
  const exportSource = useMemo<ExportSource>(
    () => ({
      id: 'conformance-table',
      title,
      height: 0,
      getOption: () => null,
      getTable: async () => conformanceTable(towns, t, t('view.conformance')),
    }),
    [towns, t, title],
  );
  const drillTown = towns.find((x) => x.town === state.ctown) ? state.ctown : null;
  const drill = (town: string, cls: ConformanceClass) =>
    navigate((s) => ({ ...s, ctown: town, conf: s.ctown === town && s.conf === cls ? null : cls }));

  if (templates.data && list.length === 0)
    return (
      <div className="view">
        <section className="card notice-card" data-testid="conformance-no-template">
          <p className="notice" role="status">
            {t('conformance.noTemplate')}
          </p>
          <pre className="command">
            <code>{t('conformance.command')}</code>
          </pre>
        </section>
      </div>
    );

  return (
    <div className={`view ${drillTown && state.conf ? 'grid-3-2 has-detail' : ''}`}>
      <section className="card" aria-labelledby="conformance-title" data-testid="conformance-card">
        <header className="card-header">
          <div>
            <h2 id="conformance-title" className="card-title">
              {title}{' '}
              {conformance.data && (
                <span className="count">
                  {t('conformance.total', { n: formatNumber(conformance.data.total) })}
                </span>
              )}
            </h2>
            <p className="card-note">
              {t('conformance.note')} {t('conformance.drillHint')}
            </p>
          </div>
          <ExportMenu source={exportSource} formats={['csv', 'xlsx']} />
        </header>
        {list.length > 1 && (
          <div className="toolbar">
            <label className="select-label">
              {t('conformance.template')}
              <select
                value={template?.template ?? ''}
                onChange={(e) => navigate((s) => ({ ...s, template: e.target.value, conf: null }))}
                data-testid="conformance-template"
              >
                {list.map((x) => (
                  <option key={x.template} value={x.template}>
                    {x.template}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        <QueryStatus
          query={templates.isPending ? templates : conformance}
          height={240}
          isEmpty={towns.length === 0}
        >
          {() => (
            <SimpleTable
              caption={title}
              testId="conformance-table"
              rows={towns}
              rowKey={(x) => x.town}
              columns={[
                { key: 'town', header: t('compare.town'), cell: (x) => <strong>{x.townName}</strong> },
                ...CONFORMANCE_CLASSES.map((cls) => ({
                  key: cls,
                  header: t(`conformance.class.${cls}`),
                  numeric: true,
                  cell: (x: (typeof towns)[number]) => (
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={drillTown === x.town && state.conf === cls}
                      onClick={() => drill(x.town, cls)}
                      data-testid={`conformance-${cls}`}
                    >
                      {formatNumber(x[cls])}
                    </button>
                  ),
                })),
              ]}
            />
          )}
        </QueryStatus>
      </section>
      {drillTown && state.conf && template && (
        <ConformanceItems
          template={template.template}
          town={drillTown}
          cls={state.conf}
          onClose={() => navigate((s) => ({ ...s, conf: null }))}
        />
      )}
    </div>
  );
}

/** One town's items of one class, template and town text side by side, linked to the town's item. */
function ConformanceItems({
  template,
  town,
  cls,
  onClose,
}: {
  template: string;
  town: string;
  cls: ConformanceClass;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { state } = useUrlState();
  const detail = useQuery(
    conformanceQueryOptions({ ...filtersToQuery({ ...state.filters, town: [town] }), template }),
  );
  const answer = detail.data?.towns[0];
  const items = useMemo(() => answer?.items?.[cls] ?? [], [answer, cls]);
  const heading = answer
    ? t('conformance.items', {
        town: answer.townName,
        cls: t(`conformance.class.${cls}`),
        n: formatNumber(items.length),
      })
    : t(`conformance.class.${cls}`);
  const exportSource = useMemo<ExportSource>(
    () => ({
      id: 'conformance-items',
      title: heading,
      height: 0,
      getOption: () => null,
      getTable: async () => conformanceItemsTable(items, t, t(`conformance.class.${cls}`)),
    }),
    [items, t, heading, cls],
  );
  return (
    <aside className="card detail" aria-labelledby="conformance-items-title" data-testid="conformance-items">
      <header className="card-header">
        <h2 id="conformance-items-title" className="card-title">
          {heading}
        </h2>
        <ExportMenu source={exportSource} formats={['csv', 'xlsx']} />
        <button type="button" className="button button-small" onClick={onClose}>
          {t('items.close')}
        </button>
      </header>
      <QueryStatus query={detail} height={240} isEmpty={items.length === 0}>
        {() => (
          <SimpleTable
            caption={heading}
            testId="conformance-items-table"
            rows={items}
            rowKey={(i, n) => `${n}:${i.templateItemId}>${i.townItemId}`}
            columns={[
              {
                key: 'template',
                header: t('conformance.templateText'),
                cell: (i) =>
                  i.templateText && (
                    <>
                      {i.templateKind && <KindTag kind={i.templateKind} />} {i.templateText}
                    </>
                  ),
              },
              {
                key: 'town',
                header: t('conformance.townText'),
                cell: (i) =>
                  i.townText &&
                  i.townItemId && (
                    <>
                      {i.townKind && <KindTag kind={i.townKind} />}{' '}
                      <ItemLink itemId={i.townItemId}>{i.townText}</ItemLink>
                    </>
                  ),
              },
              {
                key: 'similarity',
                header: t('changes.similarity'),
                numeric: true,
                cell: (i) => (i.similarity === null ? '' : formatScore(i.similarity)),
              },
            ]}
          />
        )}
      </QueryStatus>
    </aside>
  );
}
