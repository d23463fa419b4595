// The report's enforcement tables: the penalty items the departments took back (by department), and the
// penalty clauses the town keeps (by the basic item that bundles it), so the printed report holds the
// lists a reader would otherwise copy from the 执法 view one by one. As in the Word report, a long list
// prints its first REPORT_TABLE_ROWS rows and says how many there are (a national list runs to a million
// rows); the titles count the whole lists.
import { useQuery } from '@tanstack/react-query';
import { ClauseList } from '../../../components/clause-list.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { bureausFilling, REPORT_TABLE_ROWS } from '../../../../shared/export/first-rows.ts';
import { formatNumber } from '../../../../shared/format.ts';
import { categoryLabel, departmentLabel } from '../../../../shared/i18n.ts';
import { penaltiesQueryOptions } from '../../../lib/queries/penalties-query.ts';
import { summaryQueryOptions } from '../../../lib/queries/summary-query.ts';
import type { Filters } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { severalTowns } from '../../../../shared/several-towns.ts';

export function ReportEnforcementTables({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  // The bureaus' counts (no items), the whole list's size and the first kept items; then the items of
  // only the bureaus that fill the rows printed.
  const penalties = useQuery(
    penaltiesQueryOptions(filters, 0, { limit: REPORT_TABLE_ROWS, keptLimit: REPORT_TABLE_ROWS }),
  );
  const summary = useQuery(summaryQueryOptions(filters));
  const fill = bureausFilling(penalties.data?.bureaus ?? [], REPORT_TABLE_ROWS);
  const listed = useQuery({
    ...penaltiesQueryOptions(filters, REPORT_TABLE_ROWS, { limit: Math.max(fill, 1), keptLimit: 0 }),
    enabled: fill > 0,
  });
  const reclaimedTotal = penalties.data?.itemsTotal ?? 0;
  const reclaimed = (listed.data?.bureaus ?? [])
    .flatMap((b) => b.items.map((i) => ({ ...i, department: b.department })))
    .slice(0, REPORT_TABLE_ROWS);
  const kept = penalties.data?.kept ?? [];
  const keptTotal = penalties.data?.keptTotal ?? 0;
  // With several towns' items listed, a town column (numbers repeat across towns).
  const reclaimedTowns = severalTowns(reclaimed);
  const keptTowns = severalTowns(kept);
  /** 前 N 条，共 M 条 under a table that shows fewer rows than its list has. */
  const firstRowsNote = (shown: number, total: number, testId: string) =>
    shown < total && (
      <p className="muted" data-testid={testId}>
        {t('report.firstRows', { n: formatNumber(shown), total: formatNumber(total) })}
      </p>
    );
  return (
    <QueryStatus query={penalties} height={200}>
      {() => (
        <>
          <h3 className="report-table-title" data-testid="report-reclaimed-title">
            {t('report.reclaimedPenalties', { n: formatNumber(reclaimedTotal) })}
          </h3>
          {reclaimedTotal === 0 ? (
            <p className="muted">{t('report.none')}</p>
          ) : listed.data === undefined ? (
            // The bureaus' items are still on their way: no empty table, no "前 0 条" under it.
            <p className="muted" role="status">
              {t('state.loading')}
            </p>
          ) : (
            <table className="table report-table" data-testid="report-reclaimed-penalties">
              <thead>
                <tr>
                  <th scope="col">{t('report.department')}</th>
                  {reclaimedTowns && <th scope="col">{t('filters.town')}</th>}
                  <th scope="col" className="num">
                    {t('report.seq')}
                  </th>
                  <th scope="col">{t('report.item')}</th>
                </tr>
              </thead>
              <tbody>
                {reclaimed.map((i) => (
                  <tr key={`${i.department}:${i.itemId}`}>
                    <td>{departmentLabel(t, i.department)}</td>
                    {reclaimedTowns && <td>{i.townName}</td>}
                    <td className="num">{formatNumber(i.seq)}</td>
                    <td>{i.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {listed.data !== undefined &&
            firstRowsNote(reclaimed.length, reclaimedTotal, 'report-reclaimed-first-rows')}
          <h3 className="report-table-title" data-testid="report-kept-title">
            {t('report.keptClauses', {
              clauses: formatNumber(summary.data?.penalties.keptClauses ?? 0),
              items: formatNumber(keptTotal),
            })}
          </h3>
          {kept.length === 0 ? (
            <p className="muted">
              {filters.department.length > 0 || filters.departmentType.length > 0
                ? t('enforcement.keptNoDepartment')
                : t('report.none')}
            </p>
          ) : (
            <table className="table report-table" data-testid="report-kept-clauses">
              <thead>
                <tr>
                  {keptTowns && <th scope="col">{t('filters.town')}</th>}
                  <th scope="col" className="num">
                    {t('report.seq')}
                  </th>
                  <th scope="col">{t('report.category')}</th>
                  <th scope="col">{t('report.item')}</th>
                  <th scope="col">{t('report.clauses')}</th>
                </tr>
              </thead>
              <tbody>
                {kept.map((k) => (
                  <tr key={k.itemId}>
                    {keptTowns && <td>{k.townName}</td>}
                    <td className="num">{formatNumber(k.seq)}</td>
                    <td>{categoryLabel(t, k.category)}</td>
                    <td>{k.name}</td>
                    <td>
                      <ClauseList clauses={k.clauses} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {firstRowsNote(kept.length, keptTotal, 'report-kept-first-rows')}
        </>
      )}
    </QueryStatus>
  );
}
