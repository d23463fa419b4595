// The filter registry: every dimension the dashboard and the API filter by, declared once — its URL and
// query name (the key), its values, its chip label, what it means (OpenAPI), and which fast paths of the
// server's query planner can honour it. Everything else is derived from this object: the server's zod
// schemas and OpenAPI parameters (server/filters/filter-schemas.ts), the known-value checks, the
// planner's allow-list (server/queries/plan.ts), the dashboard's URL state and chips
// (client/lib/url-state.ts, client/app/filter-chips.tsx) and the export captions.
//
// Adding a dimension: add an entry here; the type checker then asks for its SQL over the base tables
// (server/filters/filter-sql.ts) and, for free text, the database's list of its known values
// (server/queries/known-values.ts). See the README, "Adding a filter".
import { DEPARTMENT_TYPES, KINDS, SUPPORT_TYPES, type Labels } from '../vocabulary.ts';

/**
 * The planner's fast paths (server/queries/plan.ts), in the order it tries them: `rollup` reads the
 * counts tables narrowed to towns and kinds; `typed` reads the same counts split by the items' sets of
 * department types; `facts` reads the item facts of the filtered categories, department types and
 * support types; `links` reads the link facts of the filtered departments. A dimension lists the ones whose tables can
 * narrow by it; an active filter that does not list a path keeps the planner off it.
 */
export const FAST_PATHS = ['rollup', 'typed', 'facts', 'links'] as const;
export type FastPath = (typeof FAST_PATHS)[number];

interface DimensionBase {
  /** Chip and caption label (`filters.<name>` in the i18n dictionary). */
  label: Labels;
  /** What the parameter does (the OpenAPI description). */
  description: string;
  /** The planner's fast paths that can narrow by this dimension; [] = always the base tables. */
  fastPaths: readonly FastPath[];
}

/** Several values from a closed vocabulary; each value is labelled `<name>.<value>` in the dictionary. */
export interface ClosedDimension extends DimensionBase {
  values: readonly string[];
}

/** Several free-text values, each checked against the values the database holds. */
export interface TextDimension extends DimensionBase {
  values: 'text';
  /** The error message's "must be …": what one value is. */
  expected: string;
  /** Values are town ids shown by the town's name (chips, captions); otherwise shown as they are. */
  shownAs?: 'townName';
}

/** One search string (never repeated); empty means no filter. */
export interface SearchDimension extends DimensionBase {
  values: 'search';
}

export type FilterDimension = ClosedDimension | TextDimension | SearchDimension;

export const FILTER_DIMENSIONS = {
  town: {
    label: { zh: '乡镇', en: 'Town' },
    values: 'text',
    expected: 'a town id or name',
    shownAs: 'townName',
    description: 'Town id (t + 10 hex digits), name or full name',
    fastPaths: ['rollup', 'typed', 'facts', 'links'],
  },
  region: {
    label: { zh: '地区', en: 'Region' },
    values: 'text',
    expected: 'a region name or path',
    description:
      'Province, city, county or town name (e.g. 根河市), or a path from GET /api/regions (e.g. 内蒙古自治区呼伦贝尔市根河市); keeps the towns inside it',
    fastPaths: ['rollup', 'typed', 'facts', 'links'],
  },
  kind: {
    label: { zh: '清单', en: 'List' },
    values: KINDS,
    description: 'List kind',
    fastPaths: ['rollup', 'typed', 'facts', 'links'],
  },
  category: {
    label: { zh: '类别', en: 'Category' },
    values: 'text',
    expected: 'a category name',
    description: 'Category name, e.g. 党的建设',
    fastPaths: ['facts', 'links'],
  },
  department: {
    label: { zh: '部门', en: 'Department' },
    values: 'text',
    expected: 'a department name',
    description: 'Canonical department name; keeps items linked to it',
    fastPaths: ['links'],
  },
  departmentType: {
    label: { zh: '部门类型', en: 'Department type' },
    values: DEPARTMENT_TYPES,
    description: 'Keeps items linked to a department of this type',
    fastPaths: ['typed', 'facts'],
  },
  supportType: {
    label: { zh: '保障', en: 'Support' },
    values: SUPPORT_TYPES,
    description: 'Keeps cooperative items whose support (履职保障) has this type',
    fastPaths: ['facts', 'links'],
  },
  edition: {
    label: { zh: '版本', en: 'Edition' },
    values: 'text',
    expected: 'an edition label',
    description:
      'Edition label (e.g. 2026年版, GET /api/editions); keeps the towns whose latest edition — the one every view shows — has this label',
    fastPaths: [],
  },
  q: {
    label: { zh: '搜索', en: 'Search' },
    values: 'search',
    description: 'Substring of the item name or any of its texts',
    fastPaths: ['facts', 'links'],
  },
} as const satisfies Record<string, FilterDimension>;

export type FilterDimensions = typeof FILTER_DIMENSIONS;
export type FilterName = keyof FilterDimensions;
export const FILTER_NAMES = Object.keys(FILTER_DIMENSIONS) as FilterName[];

/** Dimensions of several values (all but the search). */
export type MultiFilterName = {
  [N in FilterName]: FilterDimensions[N]['values'] extends 'search' ? never : N;
}[FilterName];
/** Dimensions of free-text values, checked against the database's own values. */
export type TextFilterName = {
  [N in FilterName]: FilterDimensions[N]['values'] extends 'text' ? N : never;
}[FilterName];
export type SearchFilterName = Exclude<FilterName, MultiFilterName>;

/** One value of a dimension: a vocabulary value for closed ones, any text otherwise. */
export type FilterValueOf<N extends FilterName> = FilterDimensions[N]['values'] extends readonly (infer V)[]
  ? V
  : string;

const isMulti = (name: FilterName): name is MultiFilterName => FILTER_DIMENSIONS[name].values !== 'search';
export const MULTI_FILTER_NAMES: readonly MultiFilterName[] = FILTER_NAMES.filter(isMulti);
export const TEXT_FILTER_NAMES = FILTER_NAMES.filter(
  (name): name is TextFilterName => FILTER_DIMENSIONS[name].values === 'text',
);
export const SEARCH_FILTER_NAMES = FILTER_NAMES.filter((name): name is SearchFilterName => !isMulti(name));

/**
 * The order chips, captions and the URL name the active filters: the registry's, except that a region
 * comes before the towns inside it (the API lists town first, as it always has).
 */
export const DISPLAY_ORDER: readonly FilterName[] = [
  'region',
  ...FILTER_NAMES.filter((name) => name !== 'region'),
];

/** The closed vocabulary of a dimension, or undefined for free text and search. */
export function closedValues(name: FilterName): readonly string[] | undefined {
  const values: FilterDimension['values'] = FILTER_DIMENSIONS[name].values;
  return typeof values === 'string' ? undefined : values;
}

/** Longest search text, in characters. */
export const MAX_SEARCH_LENGTH = 100;
