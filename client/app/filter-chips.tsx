// The active filters as removable chips (buttons, so they are keyboard-operable), and "clear all".
import { filterLabel, filterValueLabel } from '../../shared/filters/filter-labels.ts';
import { DISPLAY_ORDER } from '../../shared/filters/filter-dimensions.ts';
import { kindColor } from '../../shared/charts/palette.ts';
import { clearFilters, hasFilters, setQuery, toggleFilter } from '../lib/url-state.ts';
import { useI18n } from '../lib/use-i18n.tsx';
import { useUrlState } from '../lib/use-url-state.tsx';

export function FilterChips({ townNames }: { townNames: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const { state, navigate } = useUrlState();
  const { filters } = state;
  // One chip per value, in the registry's display order; the search is one chip of its own.
  const chips = DISPLAY_ORDER.flatMap((name) => {
    const value = filters[name];
    const values = typeof value === 'string' ? (value ? [value] : []) : (value as string[]);
    return values.map((v) => ({
      id: typeof value === 'string' ? name : `${name}:${v}`,
      label: t('filters.chip', {
        key: filterLabel(t, name),
        value: filterValueLabel(t, name, v, (id) => townNames.get(id)),
      }),
      color: name === 'kind' ? kindColor(v) : undefined,
      remove: () =>
        navigate((s) =>
          typeof value === 'string' ? setQuery(s, '') : toggleFilter(s, name as never, v as never),
        ),
    }));
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
