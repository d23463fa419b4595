// The query parameters every list endpoint shares, as zod schemas, and the SQL condition they select.
// Values reach SQL only as bound parameters; the SQL text is assembled from fixed fragments.
import { listValue } from '@duckdb/node-api';
import { z } from 'zod';
import type { Params } from './db.ts';

export const KINDS = ['basic', 'cooperative', 'reclaimed'] as const;
export const DEPARTMENT_TYPES = ['party', 'government', 'branch', 'other'] as const;
export const SUPPORT_TYPES = [
  'policy',
  'training',
  'guidance',
  'technical',
  'funding',
  'staff',
  'materials',
  'other',
] as const;
export const MAX_TEXT = 100;
export const MAX_VALUES = 50;

export type Kind = (typeof KINDS)[number];

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

const oneOf = (values: readonly string[]) => `must be one of ${values.join(', ')}`;

// kind, departmentType and supportType are closed sets fixed by the schema: zod enums. town, category
// and department come from the loaded lists (a new town can bring a category the seed lacks), so they
// are bounded text here and checked against the database's own values in known-values.ts.
export const filterShape = {
  town: many(text(), `must be a town id or name of 1 to ${MAX_TEXT} characters`).meta({
    description: 'Town id (t + 10 hex digits), name or full name',
  }),
  region: many(text(), `must be a region name or path of 1 to ${MAX_TEXT} characters`).meta({
    description:
      'Province, city, county or town name (e.g. 根河市), or a path from GET /api/regions (e.g. 内蒙古自治区呼伦贝尔市根河市); keeps the towns inside it',
  }),
  kind: many(z.enum(KINDS), oneOf(KINDS)).meta({ description: 'List kind' }),
  category: many(text(), `must be a category name of 1 to ${MAX_TEXT} characters`).meta({
    description: 'Category name, e.g. 党的建设',
  }),
  department: many(text(), `must be a department name of 1 to ${MAX_TEXT} characters`).meta({
    description: 'Canonical department name; keeps items linked to it',
  }),
  departmentType: many(z.enum(DEPARTMENT_TYPES), oneOf(DEPARTMENT_TYPES)).meta({
    description: 'Keeps items linked to a department of this type',
  }),
  supportType: many(z.enum(SUPPORT_TYPES), oneOf(SUPPORT_TYPES)).meta({
    description: 'Keeps cooperative items whose support (履职保障) has this type',
  }),
  q: z
    .string({ error: 'must be given once' })
    .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
    .refine(isCleanText, 'must be well-formed text without control characters')
    .transform((value) => value.trim() || undefined)
    .optional()
    .meta({ description: 'Substring of the item name or any of its texts' }),
};

export const filterQuery = z.strictObject(filterShape);
export type Filters = z.output<typeof filterQuery>;

/** Endpoints about towns rather than items only narrow by town and region. */
export const townQuery = z.strictObject({ town: filterShape.town, region: filterShape.region });
export type TownFilters = z.output<typeof townQuery>;

// Strict digits only: "1e2", "+5", " 5" and "5.0" are refused rather than guessed at.
const digits = (min: number, max: number) =>
  z
    .string({ error: 'must be given once' })
    .regex(/^\d{1,9}$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const integer = (name: string, min: number, max: number, fallback: number) =>
  digits(min, max)
    .default(fallback)
    .meta({
      type: 'integer',
      minimum: min,
      maximum: max,
      default: fallback,
      description: name,
    } as z.GlobalMeta);

const optionalInteger = (name: string, min: number, max: number) =>
  digits(min, max)
    .optional()
    .meta({ type: 'integer', minimum: min, maximum: max, description: name } as z.GlobalMeta);

// Unfiltered answers grow with the towns loaded: every county brings its own departments (their names
// carry the county's), so lists of departments, bureaus and towns are capped by default. The caps are
// far above one town's numbers (24 departments, 4 penalty bureaus), and every capped list comes with
// its full size so a client can say "top 50 of 3,195" or page on.
export const LIST_DEFAULTS = {
  departments: 50,
  supportDepartments: 50,
  bureaus: 50,
  itemsPerBureau: 50,
  kept: 50,
  flowDepartments: 50,
  towns: 1000,
  qualityRows: 500,
} as const;

const offset = (name: string) => integer(name, 0, 1_000_000, 0);

export const departmentsQuery = z.strictObject({
  ...filterShape,
  limit: integer('Departments to return, most items first', 1, 5000, LIST_DEFAULTS.departments),
  offset: offset('Departments to skip'),
});
export type DepartmentsQuery = z.output<typeof departmentsQuery>;

export const supportQuery = z.strictObject({
  ...filterShape,
  limit: integer('Departments in cells, most support given first', 1, 5000, LIST_DEFAULTS.supportDepartments),
});

export const penaltiesQuery = z.strictObject({
  ...filterShape,
  limit: integer('Bureaus to return, most penalty items first', 1, 5000, LIST_DEFAULTS.bureaus),
  itemsLimit: integer(
    'Items listed per bureau (count is always the full number)',
    0,
    1000,
    LIST_DEFAULTS.itemsPerBureau,
  ),
  keptLimit: integer('Basic items with kept clauses to return', 0, 5000, LIST_DEFAULTS.kept),
  keptOffset: offset('Basic items with kept clauses to skip'),
});
export type PenaltiesQuery = z.output<typeof penaltiesQuery>;

export const flowsQuery = z.strictObject({
  ...filterShape,
  limit: integer('Department nodes, most links first', 1, 5000, LIST_DEFAULTS.flowDepartments),
});

export const townsQuery = townQuery.extend({
  limit: integer('Towns to return, by full name', 1, 50_000, LIST_DEFAULTS.towns),
  offset: offset('Towns to skip'),
});

export const qualityQuery = townQuery.extend({
  limit: integer('Load issues and rewritten names to return (each)', 1, 50_000, LIST_DEFAULTS.qualityRows),
});

export const ITEM_SORTS = ['kind', 'seq', 'category', 'name'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export const itemsQuery = z.strictObject({
  ...filterShape,
  limit: integer('Page size', 1, 200, 50),
  offset: integer('Rows to skip', 0, 1_000_000, 0),
  sort: z.enum(ITEM_SORTS, { error: oneOf(ITEM_SORTS) }).default('kind'),
  order: z.enum(['asc', 'desc'], { error: oneOf(['asc', 'desc']) }).default('asc'),
});
export type ItemsQuery = z.output<typeof itemsQuery>;

export const REGION_LEVELS = ['province', 'city', 'county', 'town'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const regionsQuery = z.strictObject({
  q: filterShape.q.meta({ description: 'Substring of the region name or its path' }),
  level: z
    .enum(REGION_LEVELS, { error: oneOf(REGION_LEVELS) })
    .optional()
    .meta({ description: 'Only regions of this level' }),
  limit: integer('Regions to return', 1, 50, 20),
});
export type RegionsQuery = z.output<typeof regionsQuery>;

export const TOWN_COMPARE_SORTS = [
  'reclaimed',
  'cooperative',
  'basic',
  'total',
  'reclaimedPenalties',
  'keptClauses',
  'name',
] as const;
export type TownCompareSort = (typeof TOWN_COMPARE_SORTS)[number];

export const townCompareQuery = z.strictObject({
  ...filterShape,
  limit: integer('Towns per page', 1, 500, 100),
  offset: integer('Towns to skip', 0, 1_000_000, 0),
  sort: z.enum(TOWN_COMPARE_SORTS, { error: oneOf(TOWN_COMPARE_SORTS) }).default('reclaimed'),
  order: z.enum(['asc', 'desc'], { error: oneOf(['asc', 'desc']) }).default('desc'),
});
export type TownCompareQuery = z.output<typeof townCompareQuery>;

export const LANGS = ['zh-CN', 'en'] as const;

export const chartQuery = z.strictObject({
  ...filterShape,
  lang: z
    .enum(LANGS, { error: oneOf(LANGS) })
    .default('zh-CN')
    .meta({ description: 'Language of the labels' }),
  width: integer('Image width in pixels', 320, 2400, 960),
  height: optionalInteger('Image height in pixels (each chart has its own default)', 240, 2400),
});
export type ChartQuery = z.output<typeof chartQuery>;

/** `departments.svg`: the chart's name and the format; which names exist is checked by the route (404). */
export const chartFileParam = z.object({
  file: z
    .string()
    .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
    .meta({ description: 'Chart name followed by .svg' }),
});

export const itemIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an item id such as t1a2b3c4d5e-c17')
    .meta({ description: 'Item id' }),
});

const TEXT_COLUMNS = ['name', 'departments_raw', 'department_duties', 'support_raw', 'town_duties', 'method'];

/**
 * The SQL condition (over `items` aliased as `i`) selecting the items the filters match, with its
 * parameters. Multi-valued filters match any of their values; different filters AND together.
 */
export function filterCondition(filters: Filters): { sql: string; params: Params } {
  const parts: string[] = [];
  const params: Params = {};
  if (filters.town || filters.region) {
    const towns = townCondition(filters, 'i.town_id');
    Object.assign(params, towns.params);
    parts.push(towns.sql);
  }
  if (filters.kind) {
    params.kind = listValue(filters.kind);
    parts.push('i.kind = ANY($kind)');
  }
  if (filters.category) {
    params.category = listValue(filters.category);
    parts.push('i.category = ANY($category)');
  }
  if (filters.department) {
    params.department = listValue(filters.department);
    parts.push(
      'EXISTS (SELECT 1 FROM item_departments fd WHERE fd.item_id = i.item_id AND fd.department = ANY($department))',
    );
  }
  if (filters.departmentType) {
    params.departmentType = listValue(filters.departmentType);
    parts.push(
      `EXISTS (SELECT 1 FROM item_departments fd JOIN departments ft ON ft.name = fd.department
        WHERE fd.item_id = i.item_id AND ft.type = ANY($departmentType))`,
    );
  }
  if (filters.supportType) {
    params.supportType = listValue(filters.supportType);
    parts.push(
      'EXISTS (SELECT 1 FROM item_support fs WHERE fs.item_id = i.item_id AND fs.support_type = ANY($supportType))',
    );
  }
  if (filters.q) {
    // lower() over long Chinese texts costs ~10x a plain contains(); only pay for it when the search
    // has letters with case.
    const caseless = filters.q.toLowerCase() === filters.q.toUpperCase();
    params.q = caseless ? filters.q : filters.q.toLowerCase();
    const match = (column: string) =>
      caseless ? `contains(${column}, $q)` : `contains(lower(${column}), $q)`;
    const any = (columns: string[]) => columns.map(match).join(' OR ');
    // One scan per table into a set of ids: DuckDB cannot decorrelate EXISTS subqueries joined by OR.
    parts.push(`i.item_id IN (
      SELECT item_id FROM items WHERE ${any(TEXT_COLUMNS)}
      UNION SELECT item_id FROM item_departments WHERE ${any(['department', 'raw_name', 'note', 'duties'])}
      UNION SELECT item_id FROM penalty_clauses WHERE ${match('text')}
      UNION SELECT item_id FROM procedure_stages WHERE ${match('text')})`);
  }
  return { sql: parts.length > 0 ? parts.join('\n  AND ') : 'TRUE', params };
}

/**
 * Every name a region can be given by: each level on its own, the paths from the province down to the
 * city and the county (names repeat across the country, paths do not), the town's full name. SQL over
 * `towns`; concat() skips missing levels.
 */
export const REGION_KEYS_SQL = `[province, city, county, name, full_name, concat(province, city), concat(province, city, county)]`;

/**
 * The SQL condition on a town id column for the `town` (id, name or full name) and `region` (a
 * province, city, county or town, by name or path) parameters.
 */
export function townCondition(filters: TownFilters, column: string): { sql: string; params: Params } {
  const parts: string[] = [];
  const params: Params = {};
  if (filters.town) {
    params.town = listValue(filters.town);
    parts.push('town_id = ANY($town) OR name = ANY($town) OR full_name = ANY($town)');
  }
  if (filters.region) {
    params.region = listValue(filters.region);
    parts.push(`list_has_any(${REGION_KEYS_SQL}, $region)`);
  }
  if (parts.length === 0) return { sql: 'TRUE', params };
  return {
    sql: `${column} IN (SELECT town_id FROM towns WHERE ${parts.map((part) => `(${part})`).join(' AND ')})`,
    params,
  };
}

/**
 * `WITH f AS (…)`: the filtered items, for queries to build on. `all` is true when no filter is set:
 * queries over the link tables (which carry kind and town_id themselves) can then skip joining `f`,
 * which costs most of their time once millions of items are loaded.
 */
export function filteredItems(filters: Filters): { sql: string; params: Params; all: boolean } {
  const condition = filterCondition(filters);
  return {
    sql: `f AS (SELECT i.* FROM items i WHERE ${condition.sql})`,
    params: condition.params,
    all: condition.sql === 'TRUE',
  };
}
