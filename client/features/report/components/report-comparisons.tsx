// The printed report's comparison sections (issue #11), each only when it has data: for the filtered
// towns holding several editions (the first few), the changes between the two latest — counts by class,
// burden back first, and the moves that brought burden back; the duties the filtered towns handle
// differently (most split first); each town against the latest loaded template. The same tables as the
// Word report (shared/export/comparison-tables.ts).
import { useQueries, useQuery } from '@tanstack/react-query';
import type { DataTable } from '../../../../shared/export/data-table.ts';
import {
  changeCountsTable,
  changesTable,
  conformanceTable,
  divergentTable,
} from '../../../../shared/export/comparison-tables.ts';
import { formatNumber } from '../../../../shared/format.ts';
import { changesQueryOptions } from '../../../lib/queries/changes-query.ts';
import { conformanceQueryOptions } from '../../../lib/queries/conformance-query.ts';
import { divergentDutiesQueryOptions } from '../../../lib/queries/divergent-duties-query.ts';
import { editionTownsQueryOptions } from '../../../lib/queries/edition-towns-query.ts';
import { templatesQueryOptions } from '../../../lib/queries/templates-query.ts';
import { filtersToQuery, type Filters } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';

/** As the Word report (server/report-comparisons.ts). */
const CHANGE_TOWNS = 5;
const DIVERGENT_DUTIES = 20;
const CONFORMANCE_TOWNS = 100;

function ReportTable({ table, testId }: { table: DataTable; testId: string }) {
  return (
    <table className="table report-table" data-testid={testId}>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, i) => (
          <tr key={i}>
            {row.map((value, j) => (
              <td key={j} className={typeof value === 'number' ? 'num' : undefined}>
                {typeof value === 'number' ? formatNumber(value) : value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportComparisons({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const editionTowns = useQuery(editionTownsQueryOptions(filters));
  const several = (editionTowns.data?.towns ?? [])
    .filter((x) => x.editions.length >= 2)
    .slice(0, CHANGE_TOWNS);
  const changes = useQueries({ queries: several.map((x) => changesQueryOptions(x.town, null, null)) });
  const divergent = useQuery(
    divergentDutiesQueryOptions({ ...filtersToQuery(filters), limit: String(DIVERGENT_DUTIES) }),
  );
  const templates = useQuery(templatesQueryOptions());
  const template = templates.data?.templates[0]?.template;
  const conformance = useQuery({
    ...conformanceQueryOptions({
      ...filtersToQuery(filters),
      template: template ?? '',
      limit: String(CONFORMANCE_TOWNS),
    }),
    enabled: template !== undefined,
    // Beyond the towns conformance compares at once the answer is a 400: the section is left out.
    retry: false,
  });

  return (
    <>
      {changes.map(({ data }) => {
        if (!data) return null;
        const back = data.changes.filter((c) => c.change === 'moved' && c.burdenBack);
        return (
          <section className="report-section" key={data.town} data-testid="report-changes">
            <h2 className="report-heading">
              {t('report.changes', { town: data.townName, from: data.from, to: data.to })}
            </h2>
            <ReportTable
              table={changeCountsTable(data.counts, data.burdenBack, t, t('view.changes'))}
              testId="report-changes-counts"
            />
            {back.length > 0 && (
              <>
                <h3 className="report-table-title">
                  {t('changes.burdenBackList', { n: formatNumber(back.length) })}
                </h3>
                <ReportTable
                  table={changesTable(back, t, t('changes.burdenBack'))}
                  testId="report-burden-back"
                />
              </>
            )}
          </section>
        );
      })}
      {divergent.data && divergent.data.total > 0 && (
        <section className="report-section" data-testid="report-divergence">
          <h2 className="report-heading">
            {t('report.divergence', {
              n: formatNumber(divergent.data.duties.length),
              total: formatNumber(divergent.data.total),
            })}
          </h2>
          <ReportTable
            table={divergentTable(divergent.data.duties, t, '')}
            testId="report-divergence-table"
          />
        </section>
      )}
      {template && conformance.data && conformance.data.total > 0 && (
        <section className="report-section" data-testid="report-conformance">
          <h2 className="report-heading">{t('report.conformance', { template })}</h2>
          <ReportTable
            table={conformanceTable(conformance.data.towns, t, '')}
            testId="report-conformance-table"
          />
        </section>
      )}
    </>
  );
}
