// The report's enforcement tables: every penalty item the departments took back (by department), and
// every penalty clause the town keeps (by the basic item that bundles it), so the printed report holds
// the lists a reader would otherwise copy from the 执法 view one by one.
import { useQuery } from '@tanstack/react-query';
import { ClauseList } from '../../../components/clause-list.tsx';
import { QueryStatus } from '../../../components/query-status.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { categoryLabel, departmentLabel } from '../../../../shared/i18n.ts';
import { itemsQueryOptions } from '../../../lib/queries/items-query.ts';
import { penaltiesQueryOptions } from '../../../lib/queries/penalties-query.ts';
import type { Filters } from '../../../lib/url-state.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';

/** Each bureau's penalty items the report lists in full (the API's most per bureau). */
const ALL_ITEMS = 1000;

export function ReportEnforcementTables({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const penalties = useQuery(penaltiesQueryOptions(filters, ALL_ITEMS));
  // The names of the basic items that bundle the kept clauses (the penalties endpoint gives ids only).
  const names = useQuery({
    ...itemsQueryOptions({ kind: ['basic'], town: [...filters.town].sort(), limit: '200', sort: 'seq' }),
    select: (page) => new Map(page.items.map((i) => [i.itemId, i.name])),
  });
  const bureaus = penalties.data?.bureaus ?? [];
  const reclaimed = bureaus.flatMap((b) => b.items.map((i) => ({ ...i, department: b.department })));
  const kept = penalties.data?.kept ?? [];
  const clauses = kept.reduce((s, k) => s + k.clauses.length, 0);
  return (
    <QueryStatus query={penalties} height={200}>
      {() => (
        <>
          <h3 className="report-table-title" data-testid="report-reclaimed-title">
            {t('report.reclaimedPenalties', { n: formatNumber(reclaimed.length) })}
          </h3>
          {reclaimed.length === 0 ? (
            <p className="muted">{t('report.none')}</p>
          ) : (
            <table className="table report-table" data-testid="report-reclaimed-penalties">
              <thead>
                <tr>
                  <th scope="col">{t('report.department')}</th>
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
                    <td className="num">{formatNumber(i.seq)}</td>
                    <td>{i.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3 className="report-table-title" data-testid="report-kept-title">
            {t('report.keptClauses', { clauses: formatNumber(clauses), items: formatNumber(kept.length) })}
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
                    <td className="num">{formatNumber(k.seq)}</td>
                    <td>{categoryLabel(t, k.category)}</td>
                    <td>{names.data?.get(k.itemId) ?? ''}</td>
                    <td>
                      <ClauseList clauses={k.clauses} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </QueryStatus>
  );
}
