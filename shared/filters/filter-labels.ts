// A filter in words, for the chips on the dashboard and the captions of exports and server charts: the
// dimension's label and each value's, both from the filter registry and the i18n dictionary.
import { categoryLabel, departmentLabel, vocabularyLabel, type Translate } from '../i18n.ts';
import {
  FILTER_DIMENSIONS,
  closedValues,
  type FilterDimension,
  type FilterName,
} from './filter-dimensions.ts';

export const filterLabel = (t: Translate, name: FilterName): string => t(`filters.${name}`);

/**
 * One value of a filter as a reader knows it: a vocabulary value by its label, a town id by the town's
 * name (when `townName` knows it), anything else as it is.
 */
export function filterValueLabel(
  t: Translate,
  name: FilterName,
  value: string,
  townName: (townId: string) => string | undefined,
): string {
  if (closedValues(name)) return vocabularyLabel(t, name, value);
  if (name === 'category') return categoryLabel(t, value);
  if (name === 'department') return departmentLabel(t, value);
  const dimension: FilterDimension = FILTER_DIMENSIONS[name];
  return 'shownAs' in dimension && dimension.shownAs === 'townName' ? (townName(value) ?? value) : value;
}
