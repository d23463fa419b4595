// The response bodies of the API as zod schemas. They are the single source of the row types the
// queries return and of the response schemas in /api/openapi.json; a test checks real responses
// against them.
import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';
import { DEPARTMENT_TYPES, KINDS, LINK_ROLES, SUPPORT_TYPES } from '../shared/vocabulary.ts';
import { REGION_LEVELS, TOWN_COMPARE_SORTS } from './filters/request-schemas.ts';

const kind = z.enum(KINDS);
const departmentType = z.enum(DEPARTMENT_TYPES);
const supportType = z.enum(SUPPORT_TYPES);
const count = z.number().int().min(0);
/** The fields of a paged answer: the rows selected before limit/offset, and the page asked for. */
export const pageFields = (totalDescription?: string) => ({
  total: totalDescription === undefined ? count : count.meta({ description: totalDescription }),
  limit: count,
  offset: count,
});

export const healthResponse = z.object({
  status: z.literal('ok'),
  loadedAt: z.string().nullable().meta({ description: 'When the ETL last wrote the database (ISO 8601)' }),
  towns: count,
  items: count,
});

export const townRow = z.object({
  townId: z.string(),
  name: z.string(),
  fullName: z.string(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  sourceFile: z.string(),
  loadedAt: z.string(),
  counts: z.object({ basic: count, cooperative: count, reclaimed: count }),
});
export const townsResponse = z.object({
  towns: z.array(townRow),
  ...pageFields('Towns selected (before limit/offset)'),
});

export const regionRow = z.object({
  level: z.enum(REGION_LEVELS),
  name: z.string().meta({ description: 'The region’s own name, e.g. 根河市' }),
  path: z.string().meta({
    description:
      'Province down to this region, concatenated like a town’s full name (内蒙古自治区呼伦贝尔市根河市); unique, and accepted by the region filter',
  }),
  parents: z.array(z.string()).meta({ description: 'The levels above, province first' }),
  towns: count.meta({ description: 'Towns loaded inside the region' }),
  items: count.meta({ description: 'Items of those towns, all lists' }),
});
export const regionsResponse = z.object({
  total: count.meta({ description: 'Regions matching q (and level) before the limit' }),
  regions: z.array(regionRow),
});

export const townCompareRow = z.object({
  townId: z.string(),
  name: z.string(),
  fullName: z.string(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  counts: z
    .object({ basic: count, cooperative: count, reclaimed: count, total: count })
    .meta({ description: 'Filtered items of the town per list' }),
  reclaimedPenalties: count.meta({ description: 'Filtered reclaimed items that are penalty powers' }),
  keptClauses: count.meta({ description: 'Penalty clauses in the town’s filtered basic items' }),
});
export const townCompareResponse = z.object({
  ...pageFields('Towns in the chosen towns/region'),
  sort: z.enum(TOWN_COMPARE_SORTS),
  order: z.enum(['asc', 'desc']),
  towns: z.array(townCompareRow),
});

export const summaryResponse = z.object({
  items: z.object({ basic: count, cooperative: count, reclaimed: count, total: count }),
  penalties: z.object({
    reclaimedItems: count.meta({ description: 'Reclaimed items that are penalty powers (对…的处罚)' }),
    keptClauses: count.meta({ description: 'Penalty clauses bundled in basic items the town keeps' }),
    keptItems: count,
  }),
  support: z.object({
    cooperativeItems: count,
    withFundingOrStaff: count,
    policyOnly: count.meta({ description: 'Cooperative items whose only support is policy (政策解读)' }),
  }),
  departments: count.meta({ description: 'Distinct departments linked to the filtered items' }),
});

export const categoryRow = z.object({ category: z.string(), kind, count });
export const categoriesResponse = z.object({ rows: z.array(categoryRow) });

export const departmentRow = z.object({
  department: z.string(),
  type: departmentType,
  cooperative: count,
  reclaimed: count,
  total: count,
});
export const departmentsResponse = z.object({
  rows: z.array(departmentRow),
  ...pageFields('Departments linked to the filtered items (before limit/offset)'),
});

export const bureauRow = z.object({
  department: z.string(),
  type: departmentType,
  count: count.meta({
    description: 'All the bureau’s penalty items; items lists at most itemsLimit of them',
  }),
  items: z.array(
    z.object({ itemId: z.string(), townName: z.string(), seq: z.number().int(), name: z.string() }),
  ),
});
export const keptPenaltyRow = z.object({
  itemId: z.string(),
  townId: z.string(),
  townName: z.string(),
  seq: z.number().int(),
  category: z.string(),
  name: z.string(),
  clauses: z.array(z.object({ clauseNo: z.number().int(), text: z.string() })),
});
export const penaltiesResponse = z.object({
  bureaus: z.array(bureauRow),
  kept: z.array(keptPenaltyRow),
  bureausTotal: count.meta({ description: 'Bureaus with reclaimed penalty items (before limit)' }),
  itemsTotal: count.meta({
    description:
      'Rows of the whole by-bureau list: every bureau’s count added up (an item received by two bureaus counts twice)',
  }),
  keptTotal: count.meta({
    description: 'Basic items with kept penalty clauses (before keptLimit/keptOffset)',
  }),
});

export const supportTypeRow = z.object({ supportType, items: count });
export const supportCellRow = z.object({ department: z.string(), supportType, items: count });
export const supportResponse = z.object({
  types: z.array(supportTypeRow),
  cells: z.array(supportCellRow),
  departmentsTotal: count.meta({
    description: 'Departments giving any support (cells cover the first limit)',
  }),
});

export const flowNode = z.object({
  id: z.string().meta({ description: 'category:<name>, kind:<kind>, department:<name> or department:town' }),
  layer: z.enum(['category', 'kind', 'department']),
  name: z.string(),
});
export const flowsResponse = z.object({
  nodes: z.array(flowNode),
  links: z.array(z.object({ source: z.string(), target: z.string(), value: count })),
  departmentsTotal: count.meta({ description: 'Departments linked (only the first limit have a node)' }),
});

export const itemRow = z.object({
  itemId: z.string(),
  townId: z.string(),
  townName: z.string(),
  kind,
  seq: z.number().int(),
  category: z.string(),
  name: z.string(),
  departments: z.array(z.string()),
  supportTypes: z.array(supportType),
  isPenalty: z.boolean(),
  sourceFile: z.string(),
  sourceLine: z.number().int(),
});
export const itemsResponse = z.object({ ...pageFields(), items: z.array(itemRow) });

const steps = z.array(z.string());
export const itemDetail = itemRow.omit({ departments: true, supportTypes: true }).extend({
  departmentsRaw: z.string().nullable(),
  departmentDuties: z.string().nullable(),
  departmentDutySteps: steps,
  supportRaw: z.string().nullable(),
  townDuties: z.string().nullable(),
  townDutySteps: steps,
  method: z.string().nullable(),
  methodSteps: steps,
  departments: z.array(
    z.object({
      name: z.string(),
      type: departmentType,
      role: z.enum(LINK_ROLES),
      rawName: z.string(),
      note: z.string().nullable(),
      duties: z.string().nullable(),
      dutySteps: steps,
    }),
  ),
  support: z.array(z.object({ supportType, phrases: z.array(z.string()) })),
  penaltyClauses: z.array(z.object({ clauseNo: z.number().int(), text: z.string() })),
  procedureStages: z.array(z.object({ stageNo: z.number().int(), stage: z.string(), text: z.string() })),
  sourcePlace: z.string().nullable().meta({ description: 'Sheet/table and row, for documents' }),
  edition: z.string().nullable().meta({ description: 'The edition the item belongs to' }),
  latest: z.boolean().meta({
    description:
      'False for an item of an older edition (?edition=E): only its name, list, category and source line are kept',
  }),
});
export const itemResponse = z.object({ item: itemDetail });

export const loadIssueRow = z.object({
  townId: z.string(),
  sourceFile: z.string(),
  sourceLine: z.number().int().nullable(),
  code: z.string(),
  message: z.string(),
  listKind: kind.nullable(),
  category: z.string().nullable(),
  declared: z.number().int().nullable(),
  found: z.number().int().nullable(),
});
export const appliedAliasRow = z.object({
  rawName: z.string(),
  canonical: z.string(),
  rule: z.enum(['alias', 'whitespace', 'bracket_note']),
  count,
  lines: z.array(z.number().int()),
});
export const qualityResponse = z.object({
  issues: z.array(loadIssueRow),
  aliases: z.array(appliedAliasRow),
  issuesTotal: count,
  aliasesTotal: count,
});

export const errorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().meta({ description: 'Names the offending parameter' }),
  }),
});

export type TownRow = z.infer<typeof townRow>;
export type RegionRow = z.infer<typeof regionRow>;
export type TownCompareRow = z.infer<typeof townCompareRow>;
export type SummaryRow = z.infer<typeof summaryResponse>;
export type CategoryRow = z.infer<typeof categoryRow>;
export type DepartmentRow = z.infer<typeof departmentRow>;
export type BureauRow = z.infer<typeof bureauRow>;
export type KeptPenaltyRow = z.infer<typeof keptPenaltyRow>;
export type SupportTypeRow = z.infer<typeof supportTypeRow>;
export type SupportCellRow = z.infer<typeof supportCellRow>;
export type FlowNode = z.infer<typeof flowNode>;
export type ItemRow = z.infer<typeof itemRow>;
export type ItemDetail = z.infer<typeof itemDetail>;
export type LoadIssueRow = z.infer<typeof loadIssueRow>;
export type AppliedAliasRow = z.infer<typeof appliedAliasRow>;
