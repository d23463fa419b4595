// The two layers of the category → kind → department flow, and the Sankey nodes and links made of
// them, for GET /api/flows and the flows chart.
import type { Db } from '../db.ts';
import { filteredItems, LIST_DEFAULTS, type Filters, type Kind } from '../filters.ts';
import type { FlowNode } from '../responses.ts';
import { categoryOrder, kindRank } from './sql.ts';

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

export async function listCategoryKindFlows(db: Db, filters: Filters): Promise<CategoryKindFlow[]> {
  const items = filteredItems(filters);
  return db.all<CategoryKindFlow>(
    `WITH ${items.sql}, ${categoryOrder}
     SELECT f.category, f.kind, count(*)::INTEGER AS value
     FROM f JOIN category_order o ON o.category = f.category
     GROUP BY f.category, f.kind, o.first
     ORDER BY o.first, ${kindRank('f.kind')}`,
    items.params,
  );
}

// Counts item–department links (an item handed to two departments counts twice); basic items count once.
// Only the `limit` departments with the most links get a node: the flow stays readable and its size
// bounded however many counties (each with its own departments) are loaded.
export async function listKindDepartmentFlows(
  db: Db,
  filters: Filters,
  limit: number = LIST_DEFAULTS.flowDepartments,
): Promise<{ departmentsTotal: number; flows: KindDepartmentFlow[] }> {
  const items = filteredItems(filters);
  const rows = await db.all<{ departmentsTotal: number; flows: KindDepartmentFlow[] }>(
    `WITH ${items.sql},
     department_links AS (
       SELECT d.kind, d.department, count(*) AS value
       FROM item_departments d ${items.all ? '' : 'JOIN f ON f.item_id = d.item_id'}
       GROUP BY d.kind, d.department
     ),
     ranked AS (SELECT department, sum(value) AS value FROM department_links GROUP BY department),
     top AS (SELECT department FROM ranked ORDER BY value DESC, department LIMIT $limit),
     links AS (
       SELECT kind, department, value::INTEGER AS value FROM department_links
       WHERE department IN (SELECT department FROM top)
       UNION ALL
       SELECT 'basic', NULL, count(*)::INTEGER FROM f WHERE f.kind = 'basic' HAVING count(*) > 0
     )
     SELECT (SELECT count(*) FROM ranked)::INTEGER AS "departmentsTotal",
            coalesce((SELECT list({'kind': kind, 'department': department, 'value': value}
                                  ORDER BY ${kindRank('kind')}, value DESC, department) FROM links), []) AS flows`,
    { ...items.params, limit },
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
): Promise<{
  nodes: FlowNode[];
  links: Array<{ source: string; target: string; value: number }>;
  departmentsTotal: number;
}> {
  const [categoryKind, { departmentsTotal, flows: kindDepartment }] = await Promise.all([
    listCategoryKindFlows(db, filters),
    listKindDepartmentFlows(db, filters, limit),
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
