// The two layers of the category → kind → department flow, and the Sankey nodes and links made of
// them, for GET /api/flows and the flows chart.
import type { Db, Params } from '../db.ts';
import { type Kind } from '../../shared/vocabulary.ts';
import { type Filters } from '../filters/filter-schemas.ts';
import { filteredItems } from '../filters/filter-sql.ts';
import { searchPath } from '../filters/search-sql.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';
import type { FlowNode } from '../responses.ts';
import { listCategoryCounts } from './categories.ts';
import { departmentCounts } from './departments.ts';
import {
  departmentMeasure,
  includesKind,
  kindCondition,
  linkedItems,
  planFor,
  rollupFrom,
  withClause,
  type PlanKind,
  fromCounts,
  rankedDepartments,
} from './plan.ts';
import { kindRank } from './sql.ts';

export interface CategoryKindFlow {
  category: string;
  kind: Kind;
  value: number;
}

/** department is null for basic items: the town does them itself. */
export interface KindDepartmentFlow {
  kind: Kind;
  department: string | null;
  value: number;
}

export async function listCategoryKindFlows(
  db: Db,
  filters: Filters,
  force?: PlanKind,
): Promise<CategoryKindFlow[]> {
  const rows = await listCategoryCounts(db, filters, force);
  return rows.map(({ category, kind, count }) => ({ category, kind, value: count }));
}

// Counts item–department links (an item handed to two departments counts twice); basic items count once.
// Only the `limit` departments with the most links get a node: the flow stays readable and its size
// bounded however many counties (each with its own departments) are loaded.
export async function listKindDepartmentFlows(
  db: Db,
  filters: Filters,
  limit: number = LIST_DEFAULTS.flowDepartments,
  force?: PlanKind,
): Promise<{ departmentsTotal: number; flows: KindDepartmentFlow[] }> {
  const plan = await planFor(db, filters, force);
  // The `limit` departments with the most links, and how many have any.
  const ranking = `top AS (SELECT department FROM ranked ORDER BY value DESC, department LIMIT $limit),
     departments_total AS (SELECT count(*) AS n FROM ranked)`;
  if (plan.kind === 'items') {
    const items = filteredItems(filters, await searchPath(db));
    const sql = `WITH ${items.sql},
     department_links AS (
       SELECT d.kind, d.department, count(*) AS value
       FROM item_departments d ${items.all ? '' : 'JOIN f ON f.item_id = d.item_id'}
       GROUP BY d.kind, d.department
     ),
     ranked AS (SELECT department, sum(value) AS value FROM department_links GROUP BY department),
     ${ranking},
     basic AS (SELECT count(*) AS value FROM f WHERE f.kind = 'basic')`;
    return answer(db, sql, { ...items.params, limit });
  }
  // Per department and kind, from the departments' counts split into their two kinds.
  const splitByKind = (from: string) => `department_links AS (
       SELECT 'cooperative' AS kind, department, cooperative AS value FROM ${from}
       WHERE cooperative > 0 AND ${includesKind(plan, 'cooperative')}
       UNION ALL
       SELECT 'reclaimed', department, reclaimed FROM ${from} WHERE reclaimed > 0 AND ${includesKind(plan, 'reclaimed')}
     )`;
  const basic = fromCounts(plan)
    ? `basic AS (SELECT coalesce(sum(items), 0) AS value FROM ${rollupFrom(plan, 'items')}
                   WHERE kind = 'basic' AND ${kindCondition(plan)})`
    : `basic AS (SELECT count(*) AS value FROM s WHERE kind = 'basic')`;
  if (plan.kind === 'rollup' && !plan.narrowed && limit <= (await rankedDepartments(db))) {
    // The whole database: departments are stored ranked, so the top ones are a rank range.
    const measure = departmentMeasure(plan) ?? { count: '0', rank: '0' };
    const sql = withClause(
      `top AS (
         SELECT department, cooperative, reclaimed FROM rollup_departments_all
         WHERE ${measure.rank} <= $limit AND ${measure.count} > 0
       )`,
      `departments_total AS (SELECT count(*) AS n FROM rollup_departments_all WHERE ${measure.count} > 0)`,
      splitByKind('top'),
      basic,
    );
    return answer(db, sql, { ...plan.params, limit });
  }
  const sql = withClause(
    !fromCounts(plan) && linkedItems(plan),
    `counts AS (${departmentCounts(plan)})`,
    splitByKind('counts'),
    'ranked AS (SELECT department, total AS value FROM counts)',
    ranking,
    basic,
  );
  return answer(db, sql, { ...plan.params, limit });
}

/**
 * The flows from the CTEs `department_links(kind, department, value)`, `top(department)`,
 * `departments_total(n)` and `basic(value)`.
 */
async function answer(
  db: Db,
  ctes: string,
  params: Params,
): Promise<{ departmentsTotal: number; flows: KindDepartmentFlow[] }> {
  const rows = await db.all<{ departmentsTotal: number; flows: KindDepartmentFlow[] }>(
    `${ctes},
     links AS (
       SELECT kind, department, value::INTEGER AS value FROM department_links
       WHERE department IN (SELECT department FROM top)
       UNION ALL
       SELECT 'basic', NULL, value::INTEGER FROM basic WHERE value > 0
     )
     SELECT (SELECT n FROM departments_total)::INTEGER AS "departmentsTotal",
            coalesce((SELECT list({'kind': kind, 'department': department, 'value': value}
                                  ORDER BY ${kindRank('kind')}, value DESC, department) FROM links), []) AS flows`,
    params,
  );
  return rows[0] ?? { departmentsTotal: 0, flows: [] };
}

// Basic items stay with the town; they flow into this node instead of a department.
const TOWN_NODE: FlowNode = { id: 'department:town', layer: 'department', name: '乡镇' };
const LAYERS: FlowNode['layer'][] = ['category', 'kind', 'department'];

/**
 * Sankey nodes (category, kind, department layers in that order) and links of the filtered items, with
 * how many departments there are in all (only the `limit` most linked get a node).
 */
export async function getFlows(
  db: Db,
  filters: Filters,
  limit: number = LIST_DEFAULTS.flowDepartments,
  force?: PlanKind,
): Promise<{
  nodes: FlowNode[];
  links: Array<{ source: string; target: string; value: number }>;
  departmentsTotal: number;
}> {
  const [categoryKind, { departmentsTotal, flows: kindDepartment }] = await Promise.all([
    listCategoryKindFlows(db, filters, force),
    listKindDepartmentFlows(db, filters, limit, force),
  ]);
  const nodes = new Map<string, FlowNode>();
  const links: Array<{ source: string; target: string; value: number }> = [];
  const add = (node: FlowNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return node.id;
  };
  for (const flow of categoryKind) {
    const source = add({ id: `category:${flow.category}`, layer: 'category', name: flow.category });
    const target = add({ id: `kind:${flow.kind}`, layer: 'kind', name: flow.kind });
    links.push({ source, target, value: flow.value });
  }
  for (const flow of kindDepartment) {
    const source = add({ id: `kind:${flow.kind}`, layer: 'kind', name: flow.kind });
    const target =
      flow.department === null
        ? add(TOWN_NODE)
        : add({ id: `department:${flow.department}`, layer: 'department', name: flow.department });
    links.push({ source, target, value: flow.value });
  }
  const ordered = [...nodes.values()].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer));
  return { nodes: ordered, links, departmentsTotal };
}
