// One department's detail: the reclaimed items it took back, the cooperative items it shares with the
// town, and the support types it gives with them. Without a department, a picker.
import { useQuery } from '@tanstack/react-query';
import { Skeleton, ErrorState } from '../../../components/query-status.tsx';
import { formatNumber } from '../../../../shared/format.ts';
import { departmentLabel, departmentTypeLabel, supportTypeLabel } from '../../../../shared/i18n.ts';
import { KIND_COLORS, supportTypeColor } from '../../../../shared/charts/palette.ts';
import { SUPPORT_TYPES } from '../../../../shared/vocabulary.ts';
import { useI18n } from '../../../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../../../lib/use-url-state.tsx';
import { itemsQueryOptions } from '../../../lib/queries/items-query.ts';
import type { DepartmentRow } from '../../../../shared/charts/build-department-bars-option.ts';

interface Props {
  department: string | null;
  departments: readonly DepartmentRow[];
  onOpen: (department: string) => void;
  onClose: () => void;
}

export function DepartmentDetail({ department, departments, onOpen, onClose }: Props) {
  const { t } = useI18n();
  const { toggle, isSelected } = useFilterToggle();
  return (
    <section className="card detail" aria-labelledby="dept-detail-title" data-testid="department-detail">
      <header className="card-header">
        <h2 id="dept-detail-title" className="card-title">
          {department ? departmentLabel(t, department) : t('departments.detail')}
        </h2>
        {department && (
          <div className="button-row">
            <button
              type="button"
              className="button button-small"
              aria-pressed={isSelected('department', department)}
              onClick={() => toggle('department', department)}
              data-testid="dept-filter"
            >
              {t('departments.filter')}
            </button>
            <button type="button" className="button button-small" onClick={onClose}>
              {t('departments.close')}
            </button>
          </div>
        )}
      </header>
      {department ? (
        <DepartmentDetailBody
          department={department}
          type={departments.find((d) => d.department === department)?.type}
        />
      ) : (
        <div className="detail-picker">
          <p className="card-note">{t('departments.pickHint')}</p>
          <ul className="chip-list">
            {departments.map((d) => (
              <li key={d.department}>
                <button type="button" className="chip chip-plain" onClick={() => onOpen(d.department)}>
                  {departmentLabel(t, d.department)}{' '}
                  <span className="chip-count">{formatNumber(d.total)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function DepartmentDetailBody({ department, type }: { department: string; type: string | undefined }) {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  // Every item the department is linked to (in the chosen towns), for its lists below.
  const items = useQuery(
    itemsQueryOptions({
      department: [department],
      town: [...state.filters.town].sort(),
      limit: '200',
      sort: 'kind',
    }),
  );
  if (items.isPending) return <Skeleton height={480} />;
  if (items.isError) return <ErrorState error={items.error} onRetry={() => void items.refetch()} />;
  const rows = items.data.items;
  const tookBack = rows.filter((i) => i.kind === 'reclaimed');
  const shares = rows.filter((i) => i.kind === 'cooperative');
  const supportCounts = SUPPORT_TYPES.map((s) => ({
    type: s,
    count: shares.filter((i) => i.supportTypes.includes(s)).length,
  })).filter((s) => s.count > 0);
  const openItem = (itemId: string) => navigate((s) => ({ ...s, view: 'items', item: itemId }));

  const list = (title: string, kind: 'reclaimed' | 'cooperative', list: typeof rows, testId: string) => (
    <div className="detail-block" data-testid={testId}>
      <h3 className="detail-heading">
        <span className="swatch" style={{ background: KIND_COLORS[kind] }} aria-hidden="true" />
        {title} <span className="count">{formatNumber(list.length)}</span>
      </h3>
      {list.length === 0 ? (
        <p className="muted">{t('departments.none')}</p>
      ) : (
        <ol className="item-list">
          {list.map((i) => (
            <li key={i.itemId}>
              <button type="button" className="link-button" onClick={() => openItem(i.itemId)}>
                <span className="seq">{formatNumber(i.seq)}</span> {i.name}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );

  return (
    <div className="detail-body">
      {type && <p className="card-note">{departmentTypeLabel(t, type)}</p>}
      {list(t('departments.tookBack'), 'reclaimed', tookBack, 'dept-took-back')}
      {list(t('departments.shares'), 'cooperative', shares, 'dept-shares')}
      <div className="detail-block" data-testid="dept-support">
        <h3 className="detail-heading">{t('departments.supportGiven')}</h3>
        {supportCounts.length === 0 ? (
          <p className="muted">{t('departments.none')}</p>
        ) : (
          <ul className="chip-list">
            {supportCounts.map((s) => (
              <li key={s.type} className="chip chip-static">
                <span
                  className="swatch"
                  style={{ background: supportTypeColor(s.type) }}
                  aria-hidden="true"
                />
                {supportTypeLabel(t, s.type)} <span className="chip-count">{formatNumber(s.count)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
