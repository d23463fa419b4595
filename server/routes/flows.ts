// GET /api/flows: the category → kind → department flow as Sankey nodes and links.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { filterQuery } from '../filters.ts';
import { assertKnownValues } from '../known-values.ts';
import type { FlowNode } from '../responses.ts';
import { listCategoryKindFlows, listKindDepartmentFlows } from '../queries/flows.ts';
import { validQuery } from '../validate.ts';

// Basic items stay with the town; they flow into this node instead of a department.
const TOWN_NODE: FlowNode = { id: 'department:town', layer: 'department', name: '乡镇' };

export const flowsRoutes = new Hono<AppEnv>().get('/', validQuery(filterQuery), async (c) => {
  const filters = c.req.valid('query');
  await assertKnownValues(c.var.db, filters);
  const [categoryKind, kindDepartment] = await Promise.all([
    listCategoryKindFlows(c.var.db, filters),
    listKindDepartmentFlows(c.var.db, filters),
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
  const layers: FlowNode['layer'][] = ['category', 'kind', 'department'];
  const ordered = [...nodes.values()].sort((a, b) => layers.indexOf(a.layer) - layers.indexOf(b.layer));
  return c.json({ nodes: ordered, links });
});
