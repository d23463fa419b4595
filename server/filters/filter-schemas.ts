// The zod schemas of the filters every list endpoint shares, derived from the filter registry
// (shared/filters/filter-dimensions.ts): a closed dimension is a zod enum of its vocabulary, a free-text
// one bounded text (checked against the database's own values in known-values.ts), the search one
// string. Their descriptions are the OpenAPI document's.
import { z } from 'zod';
import {
  FILTER_DIMENSIONS,
  FILTER_NAMES,
  MAX_SEARCH_LENGTH,
  type FilterDimension,
  type FilterName,
  type FilterValueOf,
  type MultiFilterName,
} from '../../shared/filters/filter-dimensions.ts';

export const MAX_TEXT = MAX_SEARCH_LENGTH;
export const MAX_VALUES = 50;

// Lone surrogates and control characters cannot be meant as a filter value and do not belong in SQL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isCleanText = (value: string) => !CONTROL.test(value) && !LONE_SURROGATE.test(value);

/** Free text of 1..max characters. */
export const text = (max = MAX_TEXT) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(isCleanText, 'must be well-formed text without control characters');

/** One value or the parameter repeated; always an array after parsing. */
function many<T extends z.ZodType<string>>(item: T, expected: string) {
  return z
    .union([item, z.array(item).min(1).max(MAX_VALUES)], {
      error: `${expected} (repeat the parameter for several values, at most ${MAX_VALUES})`,
    })
    .transform((value): Array<z.output<T>> => (Array.isArray(value) ? value : [value]))
    .optional();
}

export const oneOf = (values: readonly string[]) => `must be one of ${values.join(', ')}`;

/** A search string given once, trimmed; empty means no filter. */
export const searchText = () =>
  z
    .string({ error: 'must be given once' })
    .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
    .refine(isCleanText, 'must be well-formed text without control characters')
    .transform((value) => value.trim() || undefined)
    .optional();

function dimensionSchema(name: FilterName): z.ZodType {
  const dimension: FilterDimension = FILTER_DIMENSIONS[name];
  const described = { description: dimension.description };
  if (dimension.values === 'search') return searchText().meta(described);
  if (dimension.values === 'text') {
    const expected = `must be ${dimension.expected} of 1 to ${MAX_TEXT} characters`;
    return many(text(), expected).meta(described);
  }
  const values = dimension.values as readonly [string, ...string[]];
  return many(z.enum(values), oneOf(values)).meta(described);
}

// What each dimension's schema accepts (a value or the parameter repeated; the search given once) and
// gives (an array; the search's trimmed text), for the types the routes and `hc<AppType>` see.
type Given<N extends FilterName> = N extends MultiFilterName ? FilterValueOf<N> | FilterValueOf<N>[] : string;
type Parsed<N extends FilterName> = N extends MultiFilterName ? FilterValueOf<N>[] : string;
type FilterShape = { [N in FilterName]: z.ZodOptional<z.ZodType<Parsed<N>, Given<N>>> };

/** One schema per dimension of the registry, in its order. */
export const filterShape = Object.fromEntries(
  FILTER_NAMES.map((name) => [name, dimensionSchema(name)]),
) as unknown as FilterShape;

export const filterQuery = z.strictObject(filterShape);
export type Filters = z.output<typeof filterQuery>;

/** Endpoints about towns rather than items only narrow by town and region. */
export const townQuery = z.strictObject({ town: filterShape.town, region: filterShape.region });
export type TownFilters = z.output<typeof townQuery>;
