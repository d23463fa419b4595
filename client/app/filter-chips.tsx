// The active filters as removable chips (buttons, so they are keyboard-operable), and "clear all".
import {
  departmentTypeLabel,
  kindLabel,
  supportTypeLabel,
  type MessageKey,
  type Translate,
} from '../lib/i18n.ts';
import { kindColor } from '../lib/palette.ts';
import { FILTER_KEYS, clearFilters, hasFilters, setQuery, type FilterKey } from '../lib/url-state.ts';
import { useI18n } from '../lib/use-i18n.tsx';
import { useFilterToggle, useUrlState } from '../lib/use-url-state.tsx';

const KEY_LABELS: Record<FilterKey | 'q', MessageKey> = {
  town: 'filters.town',
  region: 'filters.region',
  kind: 'filters.kind',
  category: 'filters.category',
  department: 'filters.department',
  departmentType: 'filters.departmentType',
  supportType: 'filters.supportType',
  q: 'filters.q',
};

function valueLabel(
  t: Translate,
  key: FilterKey,
  value: string,
  townNames: ReadonlyMap<string, string>,
): string {
  switch (key) {
    case 'kind':
      return kindLabel(t, value);
    case 'departmentType':
      return departmentTypeLabel(t, value);
    case 'supportType':
      return supportTypeLabel(t, value);
    case 'town':
      return townNames.get(value) ?? value;
    default:
      return value;
  }
}

export function FilterChips({ townNames }: { townNames: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const { toggle } = useFilterToggle();
  const { filters } = state;
  const chips = FILTER_KEYS.flatMap((key) =>
    (filters[key] as string[]).map((value) => ({
      id: `${key}:${value}`,
      label: t('filters.chip', { key: t(KEY_LABELS[key]), value: valueLabel(t, key, value, townNames) }),
      color: key === 'kind' ? kindColor(value) : undefined,
      remove: () => toggle(key, value as never),
    })),
  );
  if (filters.q)
    chips.push({
      id: 'q',
      label: t('filters.chip', { key: t('filters.q'), value: filters.q }),
      color: undefined,
      remove: () => navigate((s) => setQuery(s, '')),
    });

  return (
    <div className="filter-bar" role="region" aria-label={t('filters.label')} data-testid="filter-bar">
      <span className="filter-bar-label">{t('filters.label')}</span>
      {hasFilters(filters) ? (
        <>
          <ul className="chip-list">
            {chips.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="chip chip-filter"
                  onClick={c.remove}
                  aria-label={t('filters.remove', { label: c.label })}
                  data-testid={`chip-${c.id}`}
                >
                  {c.color && <span className="swatch" style={{ background: c.color }} aria-hidden="true" />}
                  {c.label}
                  <span className="chip-x" aria-hidden="true">
                    ×
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => navigate(clearFilters)}
          >
            {t('filters.clear')}
          </button>
        </>
      ) : (
        <span className="muted">{t('filters.none')}</span>
      )}
    </div>
  );
}
