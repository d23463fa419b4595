// One notice for filter values in the URL that are not in the data (`?department=不存在`, `?kind=foo`):
// it names each value and its filter and offers to remove them. While such a value is in the URL the
// notice stands in for the view, so no card shows the raw API error of a request that could never succeed.
import { useQueries } from '@tanstack/react-query';
import { TEXT_FILTER_NAMES, type MultiFilterName } from '../../shared/filters/filter-dimensions.ts';
import { filterLabel } from '../../shared/filters/filter-labels.ts';
import { knownValueQueryOptions } from '../lib/queries/known-value-query.ts';
import { unknownClosedValues, type UrlState } from '../lib/url-state.ts';
import { useI18n } from '../lib/use-i18n.tsx';
import { useUrlState } from '../lib/use-url-state.tsx';

export interface UnknownValues {
  values: Array<{ name: MultiFilterName; value: string }>;
}

/** The URL's filter values the data does not hold: closed ones from the vocabulary, text ones from the API. */
export function useUnknownFilterValues(): UnknownValues {
  const { state } = useUrlState();
  const asked = TEXT_FILTER_NAMES.flatMap((name) => state.filters[name].map((value) => ({ name, value })));
  const answers = useQueries({
    queries: asked.map(({ name, value }) => knownValueQueryOptions(name, value)),
  });
  return {
    values: [
      ...unknownClosedValues(window.location.search),
      ...asked.filter((_, i) => answers[i]?.data === false),
    ],
  };
}

function without(state: UrlState, values: UnknownValues['values']): UrlState {
  const filters = { ...state.filters };
  for (const { name, value } of values)
    (filters as Record<MultiFilterName, string[]>)[name] = (filters[name] as string[]).filter(
      (v) => v !== value,
    );
  return { ...state, page: 1, filters };
}

export function UnknownValuesNotice({ values }: { values: UnknownValues['values'] }) {
  const { t } = useI18n();
  const { navigate } = useUrlState();
  return (
    <div className="notice notice-warning" role="alert" data-testid="unknown-values">
      <p>
        {values.length === 1 && values[0]
          ? t('unknown.one', { value: values[0].value, filter: filterLabel(t, values[0].name) })
          : t('unknown.many', {
              values: values
                .map((v) => `${filterLabel(t, v.name)} “${v.value}”`)
                .join(t('unknown.separator')),
            })}
      </p>
      <button
        type="button"
        className="button"
        // A new state object, so the URL is rewritten without the dropped closed values too.
        onClick={() => navigate((s) => without(s, values), { replace: true })}
        data-testid="unknown-values-remove"
      >
        {values.length === 1 ? t('unknown.removeOne') : t('unknown.removeAll')}
      </button>
    </div>
  );
}
