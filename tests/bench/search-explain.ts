// Where a search's time goes (issue 13): for each search given, the items page (default order, the
// search its only filter, as the search benchmark asks for it) answered through the index three times,
// then the same statement under DuckDB's EXPLAIN ANALYZE, with its operators listed in plan order with
// their rows and time (those over 1 % of the statement's latency). The statement is the one the server
// runs (server/queries/items.ts, search-page.ts): a wrapper over the real database records it.
// Operator times are summed over DuckDB's threads, so they can add up to more than the latency.
//
//   npx tsx tests/bench/search-explain.ts --db PATH [--region 辽宁省] 工作 森林 林
//
// --region: each search beside that region (its page read from the region's rows, search-page.ts).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDb, type Db, type Params } from '../../server/db.ts';
import { listItemPage } from '../../server/queries/items.ts';

interface PlanNode {
  operator_name?: string;
  operator_type?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  latency?: number;
  children?: PlanNode[];
}

/** What the plan node reads or joins on, briefly. */
function detail(info: Record<string, unknown> = {}): string {
  const pick = ['Table', 'Join Type', 'Conditions', 'Condition', 'Filters', 'Top', 'Groups', 'CTE Name'];
  return pick
    .filter((key) => info[key] !== undefined)
    .map((key) => `${key}: ${JSON.stringify(info[key])}`)
    .join('; ')
    .slice(0, 160);
}

const { values, positionals } = parseArgs({
  options: { db: { type: 'string' }, region: { type: 'string' } },
  allowPositionals: true,
});
if (!values.db || positionals.length === 0)
  throw new Error('usage: search-explain.ts --db PATH [--region REGION] SEARCH [SEARCH...]');
const beside = values.region ? { region: [values.region] } : {};
const db = await openDb({ path: values.db, queryTimeoutMs: 600_000 });
let last: { sql: string; params: Params | undefined } | undefined;
const recording: Db = {
  all: (sql, params) => {
    last = { sql, params };
    return db.all(sql, params);
  },
  json: (sql, params) => db.json(sql, params),
  blob: (sql, params) => db.blob(sql, params),
  version: () => db.version(),
  close: () => db.close(),
};
const page = { sort: 'kind', order: 'asc', limit: 50, offset: 0 } as const;
try {
  for (const q of positionals) {
    const ms: number[] = [];
    let total = 0;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      total = (await listItemPage(recording, { q, ...beside }, page, 'index')).total;
      ms.push(performance.now() - started);
    }
    if (!last) throw new Error(`no statement was run for ${q}`);
    const [row] = await db.all<{ explain_value: string }>(
      `EXPLAIN (ANALYZE, FORMAT json) ${last.sql}`,
      last.params,
    );
    const plan = JSON.parse(row?.explain_value ?? '{}') as PlanNode | PlanNode[];
    const root = Array.isArray(plan) ? plan[0] : plan;
    const latency = root?.latency ?? NaN;
    console.log(
      `${q}: ${total.toLocaleString('en')} items; page ${ms.map((m) => m.toFixed(0)).join(' / ')} ms; ` +
        `under EXPLAIN ANALYZE ${(latency * 1000).toFixed(0)} ms (load average ${loadavg()[0]?.toFixed(1)})`,
    );
    const walk = (node: PlanNode, depth: number) => {
      const seconds = node.operator_timing ?? 0;
      if ((node.operator_name ?? node.operator_type) && seconds >= latency / 100)
        console.log(
          `  ${(seconds * 1000).toFixed(0).padStart(5)} ms ${String(node.operator_cardinality ?? 0).padStart(9)} rows  ` +
            `${'  '.repeat(depth)}${(node.operator_name ?? node.operator_type ?? '').trim()}  ${detail(node.extra_info)}`,
        );
      for (const child of node.children ?? []) walk(child, depth + 1);
    };
    if (root) walk(root, 0);
  }
} finally {
  await db.close();
}
