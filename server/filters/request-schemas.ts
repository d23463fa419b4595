// The query and path parameters of each endpoint as zod schemas: the shared filters
// (filter-schemas.ts) plus each endpoint's own paging, sorting and rendering parameters, and the list
// caps. Validation (validate.ts) and the OpenAPI document (openapi.ts) both read them.
import { z } from 'zod';
import { RANKING_METRICS } from '../../shared/charts/build-town-ranking-option.ts';
import { CAPTION_LAYOUTS } from '../../shared/export/export-caption.ts';
import { LANGS } from '../../shared/i18n.ts';
import { MAX_LISTED_DEPARTMENTS } from '../../shared/list-limits.ts';
import { filterShape, MAX_TEXT, oneOf, text, townQuery } from './filter-schemas.ts';

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
  limit: integer(
    'Departments to return, most items first',
    1,
    MAX_LISTED_DEPARTMENTS,
    LIST_DEFAULTS.departments,
  ),
  offset: offset('Departments to skip'),
});
export type DepartmentsQuery = z.output<typeof departmentsQuery>;

export const supportQuery = z.strictObject({
  ...filterShape,
  limit: integer(
    'Departments in cells, most support given first',
    1,
    MAX_LISTED_DEPARTMENTS,
    LIST_DEFAULTS.supportDepartments,
  ),
});

export const penaltiesQuery = z.strictObject({
  ...filterShape,
  limit: integer(
    'Bureaus to return, most penalty items first',
    1,
    MAX_LISTED_DEPARTMENTS,
    LIST_DEFAULTS.bureaus,
  ),
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
  limit: integer(
    'Department nodes, most links first',
    1,
    MAX_LISTED_DEPARTMENTS,
    LIST_DEFAULTS.flowDepartments,
  ),
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

/** The ranking measures and the full name. */
export const TOWN_COMPARE_SORTS = [...RANKING_METRICS, 'name'] as const;
export type TownCompareSort = (typeof TOWN_COMPARE_SORTS)[number];

export const townCompareQuery = z.strictObject({
  ...filterShape,
  limit: integer('Towns per page', 1, 500, 100),
  offset: integer('Towns to skip', 0, 1_000_000, 0),
  sort: z.enum(TOWN_COMPARE_SORTS, { error: oneOf(TOWN_COMPARE_SORTS) }).default('reclaimed'),
  order: z.enum(['asc', 'desc'], { error: oneOf(['asc', 'desc']) }).default('desc'),
});
export type TownCompareQuery = z.output<typeof townCompareQuery>;

export const chartQuery = z.strictObject({
  ...filterShape,
  lang: z
    .enum(LANGS, { error: oneOf(LANGS) })
    .default('zh-CN')
    .meta({ description: 'Language of the labels' }),
  width: integer('Image width in pixels', 320, 2400, 960),
  height: optionalInteger('Image height in pixels (each chart has its own default)', 240, 2400),
  caption: z
    .enum(CAPTION_LAYOUTS, { error: oneOf(CAPTION_LAYOUTS) })
    .default('full')
    .meta({
      description:
        'full: the title, filters, source and times above the chart (a figure on its own); report: none ' +
        'of those (a report states them once in its header and titles each figure in its own text), ' +
        'only a note of the chart’s own, such as how many departments it shows',
    }),
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

/** One town (id, name or full name) given once. */
const oneTown = text().meta({ description: 'Town id (t + 10 hex digits), name or full name' });
const editionLabel = text(40).optional();

export const editionsQuery = z.strictObject({ town: oneTown });

export const changesQuery = z.strictObject({
  town: oneTown,
  from: editionLabel.meta({ description: 'The older edition (default: the second latest)' }),
  to: editionLabel.meta({ description: 'The newer edition (default: the latest)' }),
});

/** How divergent duties can be ordered: by how split they are (1 − the largest list's share) or by towns. */
export const DIVERGENT_SORTS = ['split', 'towns'] as const;
export type DivergentSort = (typeof DIVERGENT_SORTS)[number];

export const divergentQuery = z.strictObject({
  ...filterShape,
  limit: integer('Page size', 1, 200, 50),
  offset: integer('Rows to skip', 0, 1_000_000, 0),
  sort: z.enum(DIVERGENT_SORTS, { error: oneOf(DIVERGENT_SORTS) }).default('split'),
  order: z.enum(['asc', 'desc'], { error: oneOf(['asc', 'desc']) }).default('desc'),
});

/** GET /api/duties/{dutyId}/items: one duty's items in the filtered towns, paged. */
export const dutyIdParam = z.object({
  dutyId: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'must be a duty id (a whole number, from GET /api/duties/divergent)')
    .meta({ description: 'Duty id' }),
});
export const dutyItemsQuery = z.strictObject({
  ...filterShape,
  limit: integer('Items per page', 1, 1000, 500),
  offset: integer('Items to skip', 0, 1_000_000, 0),
});

/** GET /api/editions/towns: the filtered towns with how many editions each holds. */
export const editionTownsQuery = z.strictObject({
  ...filterShape,
  limit: integer('Towns per page', 1, 500, 200),
  offset: integer('Towns to skip', 0, 1_000_000, 0),
});

/** GET /api/items/{id}?edition=E: an item of an older edition (item ids are unique within an edition). */
export const itemEditionQuery = z.strictObject({
  edition: text(40)
    .optional()
    .meta({ description: 'The edition the id belongs to (default: the town’s latest)' }),
});

/** Conformance compares each filtered town with the template on request: at most this many towns. */
export const MAX_CONFORMANCE_TOWNS = 2_000;

export const conformanceQuery = z.strictObject({
  ...filterShape,
  template: text(40).meta({ description: 'Template name, as loaded with npm run etl -- --template NAME' }),
  limit: integer('Page size (towns)', 1, 500, 100),
  offset: integer('Towns to skip', 0, 1_000_000, 0),
});
