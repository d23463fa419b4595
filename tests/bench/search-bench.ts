// The search section of the benchmark (issue 13): on one database, in one run, the items page for a
// set of searches found through the search index against the same page found by the substring scan
// (server/filters/search-sql.ts, both paths), their p95s and ratio (target ≤ 0.1; ≤ 150 ms at 38,600
// towns), whether every answer is the same, the index's size, and what keeping it up to date costs:
// replacing one town's entries (run in a transaction that is rolled back, so the database is left as
// it was) and the full build, as the ETL reported it. A lone search in the default order is what the
// items page's own path answers (server/queries/search-page.ts); the same search with another filter
// that keeps every item (all kinds) is timed too, for the index's general path. Wall times on a shared
// machine follow its load, so the CPU time of each search (DuckDB's threads run in this process) is
// reported beside them, with the load average. One search per way is run unmeasured first, so that
// none reads the file cold. Then the overview's charts under a search (CHARTS), through the item facts
// (the planner's path for a search, server/queries/plan.ts) against the base tables, answers compared.
//
// Called by tests/bench/run.ts for each scale; alone, on a database built before:
//   npx tsx tests/bench/search-bench.ts --db PATH [--quick] [--towns N]
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { SEARCH_INDEX_TABLES, updateSearchIndex } from '../../etl/search-index.ts';
import { openDb, type Db } from '../../server/db.ts';
import { listItemPage } from '../../server/queries/items.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getFlows } from '../../server/queries/flows.ts';
import { listPenaltyBureaus } from '../../server/queries/penalties.ts';
import { listCategoryCounts } from '../../server/queries/categories.ts';
import { listDepartmentCounts } from '../../server/queries/departments.ts';
import { listSupportTypes } from '../../server/queries/support.ts';
import type { Filters } from '../../server/filters/filter-schemas.ts';
import type { PlanKind } from '../../server/queries/plan.ts';
import { TOOLTIP_ITEMS } from '../../shared/charts/build-bureau-bars-option.ts';
import { LIST_DEFAULTS } from '../../server/filters/request-schemas.ts';
import { formatSteal, stealSince } from './cpu-steal.ts';

export const SEARCH_TARGETS = { ratio: 0.1, nationalP95Ms: 150, nationalTowns: 38_600 };

/**
 * How a search is answered: the index (a lone search in the default order takes the items page's own
 * path), the index with another filter set (its general path), the substring scan.
 */
const WAYS = ['index', 'general', 'scan'] as const;
type Way = (typeof WAYS)[number];

export interface SearchBenchResult {
  towns: number;
  searches: number;
  samples: number;
  scanP95Ms: number;
  indexP95Ms: number;
  /** index p95 / scan p95 (target ≤ 0.1). */
  ratio: number;
  /** The index with another filter set (every kind: the same items), which the general path answers. */
  generalP95Ms: number;
  /** p95 of the process's CPU time per search (DuckDB's threads included): steadier than wall time. */
  cpuP95Ms: Record<Way, number>;
  /** The 1-minute load average at the end of the timed searches. */
  loadAverage: number;
  /** The share of the CPU time wanted during the timed searches that the host gave to other guests (tests/bench/cpu-steal.ts). */
  steal: number | null;
  /** The worst search through the index, and its p95. */
  slowest: { q: string; p95Ms: number };
  /** Each search through the index (the items page's own path): wall p50 / p95 and CPU p95, slowest first. */
  perSearch: { q: string; p50Ms: number; p95Ms: number; cpuP95Ms: number }[];
  /** Searches whose index answer differed from the scan's (must be none). */
  mismatches: string[];
  /**
   * The same searches beside a region (the largest province, and a county of it): through the index
   * (the towns' rows of the sets, server/queries/search-page.ts) and its general path; where the two
   * answered differently (must be nowhere).
   */
  region: { indexP95Ms: number; generalP95Ms: number; samples: number; mismatches: string[] };
  /**
   * The overview's charts under each search (CHARTS, one after another, as one dashboard view asks for
   * them): through the item facts (the planner's path for a search) and through the base tables, per
   * search; where the two answered differently (must be nowhere).
   */
  charts: {
    factsP50Ms: number;
    factsP95Ms: number;
    itemsP50Ms: number;
    itemsP95Ms: number;
    searches: number;
    mismatches: string[];
  };
  /**
   * sets: distinct text sets of items; setRows: rows of search_set_items, one per (set, town, kind); keys:
   * searches whose counts are kept (etl/search-keys.ts).
   */
  rows: { texts: number; postings: number; grams: number; sets: number; setRows: number; keys: number };
  /** Bytes of the blocks holding the index tables (≈: blocks can be shared). */
  indexBytes: number;
  dbBytes: number;
  /** Re-indexing one town's texts (as a replacement does), median of 3, rolled back. */
  replaceTownMs: number;
  /** The full build as the ETL reported it (null when not known). */
  buildMs: number | null;
}

/**
 * The overview's charts (client/features/overview) as the dashboard asks for them: the summary cards,
 * the department flows, the penalty bureaus (TOOLTIP_ITEMS items each), the categories, the departments
 * and the support types, at the API's default limits. `force` picks the path (undefined: the planner's).
 */
const CHARTS: Record<string, (db: Db, filters: Filters, force?: PlanKind) => Promise<unknown>> = {
  summary: (db, f, force) => getSummary(db, f, force),
  flows: (db, f, force) => getFlows(db, f, undefined, force),
  bureaus: (db, f, force) =>
    listPenaltyBureaus(db, f, { limit: LIST_DEFAULTS.bureaus, itemsLimit: TOOLTIP_ITEMS }, force),
  categories: (db, f, force) => listCategoryCounts(db, f, force),
  departments: (db, f, force) => listDepartmentCounts(db, f, undefined, force),
  support: (db, f, force) => listSupportTypes(db, f, force),
};

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
};
const p95 = (samples: number[]) => percentile(samples, 0.95);

/** Searches like a user's: the bench's own, one character, Latin, and two-character runs of item names. */
async function searchesOf(connection: Awaited<ReturnType<DuckDBInstance['connect']>>, count: number) {
  const fixed = ['森林', '不存在的事项', '林', 'APP', '行政处罚', '苏木乡镇（街道）配合职责'];
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT name FROM items USING SAMPLE reservoir(500 ROWS) REPEATABLE (13) ORDER BY name`,
  );
  const seen = new Set(fixed);
  for (const [name] of reader.getRows()) {
    const chars = [...String(name)].filter((c) => /\p{Script=Han}/u.test(c));
    const at = chars.length >> 1;
    if (chars.length >= 2 && seen.size < count) seen.add(`${chars[at - 1]}${chars[at]}`);
  }
  return [...seen];
}

export async function searchBench(
  dbPath: string,
  options: { towns: number; quick: boolean; buildMs: number | null },
): Promise<SearchBenchResult> {
  // Read-write first (no server may hold the file): sizes and one town's re-indexing, rolled back.
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  const count = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0] ?? 0);
  const present = new Set(
    (await connection.runAndReadAll('SELECT table_name FROM duckdb_tables()'))
      .getRows()
      .map(([t]) => String(t)),
  );
  const rows = {
    texts: await count('SELECT count(*) FROM search_texts'),
    postings: await count('SELECT count(*) FROM search_grams'),
    grams: await count('SELECT count(DISTINCT gram) FROM search_grams'),
    sets: await count('SELECT count(*) FROM search_sets'),
    setRows: await count('SELECT count(*) FROM search_set_items'),
    // Kept counts of the broadest searches (etl/search-keys.ts); a database built before them has none.
    keys: present.has('search_key_totals')
      ? await count('SELECT count(DISTINCT key) FROM search_key_totals')
      : 0,
  };
  const blockSize = await count(`SELECT block_size FROM pragma_database_size()`);
  let indexBytes = 0;
  for (const table of SEARCH_INDEX_TABLES.filter((name) => present.has(name)))
    indexBytes +=
      blockSize * (await count(`SELECT count(DISTINCT block_id) FROM pragma_storage_info('${table}')`));
  const towns = (
    await connection.runAndReadAll('SELECT town_id FROM towns USING SAMPLE reservoir(3 ROWS) REPEATABLE (7)')
  )
    .getRows()
    .map(([id]) => String(id));
  const replaceSamples: number[] = [];
  for (const town of towns) {
    await connection.run('BEGIN TRANSACTION');
    const started = performance.now();
    await updateSearchIndex(connection, [town]);
    replaceSamples.push(performance.now() - started);
    await connection.run('ROLLBACK');
  }
  const searches = await searchesOf(connection, options.quick ? 10 : 24);
  const [province = '', county = ''] =
    (
      await connection.runAndReadAll(
        `SELECT province, any_value(county) FROM towns WHERE province IS NOT NULL AND county IS NOT NULL
         GROUP BY province ORDER BY count(*) DESC, province LIMIT 1`,
      )
    )
      .getRows()[0]
      ?.map(String) ?? [];
  connection.closeSync();
  instance.closeSync();

  const db = await openDb({ path: dbPath, queryTimeoutMs: 600_000 });
  let steal: number | null = null;
  const samples: Record<Way, number[]> = { index: [], general: [], scan: [] };
  const cpu: Record<Way, number[]> = { index: [], general: [], scan: [] };
  const perSearch = new Map<string, { ms: number[]; cpu: number[] }>();
  const mismatches: string[] = [];
  const regionSamples = { index: [] as number[], general: [] as number[] };
  const regionMismatches: string[] = [];
  const chartSamples = { facts: [] as number[], items: [] as number[] };
  const chartMismatches: string[] = [];
  const page = { sort: 'kind', order: 'asc', limit: 50, offset: 0 } as const;
  // The general path: the index finds the items, but the page is read from all of them as under a
  // filter that the search's pages (server/queries/search-page.ts) do not take.
  const ask = (q: string, way: Way) =>
    way === 'general' ? listItemPage(db, { q }, page, 'index', 'items') : listItemPage(db, { q }, page, way);
  try {
    // Read once, unmeasured, so that no way pays for reading the file cold.
    for (const way of WAYS) await ask('不存在的事项', way);
    const stolen = stealSince();
    for (const q of searches) {
      const answers: Partial<Record<Way, string>> = {};
      for (let round = 0; round < (options.quick ? 1 : 3); round++) {
        for (const way of WAYS) {
          const started = performance.now();
          // DuckDB's threads are this process's: its CPU time is the query's, however busy the machine.
          const startedCpu = process.cpuUsage();
          const answer = await ask(q, way);
          const ms = performance.now() - started;
          const used = process.cpuUsage(startedCpu);
          samples[way].push(ms);
          cpu[way].push((used.user + used.system) / 1000);
          if (way === 'index') {
            const seen = perSearch.get(q) ?? { ms: [], cpu: [] };
            perSearch.set(q, { ms: [...seen.ms, ms], cpu: [...seen.cpu, cpu.index.at(-1) ?? NaN] });
          }
          answers[way] = JSON.stringify(answer);
        }
      }
      if (answers.index !== answers.scan || answers.general !== answers.scan) mismatches.push(q);
    }
    steal = stolen();
    for (const q of searches)
      for (const region of [province, county].filter(Boolean)) {
        const filters = { q, region: [region] };
        const answers: string[] = [];
        for (const [way, force] of [
          ['index', undefined],
          ['general', 'items'],
        ] as const) {
          const started = performance.now();
          answers.push(JSON.stringify(await listItemPage(db, filters, page, 'index', force)));
          regionSamples[way].push(performance.now() - started);
        }
        if (answers[0] !== answers[1]) regionMismatches.push(`${q} in ${region}`);
      }
    // Every chart of one view under each search, by each path in turn.
    for (const q of searches.slice(0, options.quick ? 4 : 12)) {
      const answers: string[] = [];
      for (const [way, force] of [
        ['facts', undefined],
        ['items', 'items'],
      ] as const) {
        const started = performance.now();
        const answer: unknown[] = [];
        for (const chart of Object.values(CHARTS)) answer.push(await chart(db, { q }, force));
        chartSamples[way].push(performance.now() - started);
        answers.push(JSON.stringify(answer));
      }
      if (answers[0] !== answers[1]) chartMismatches.push(q);
    }
  } finally {
    await db.close();
  }
  const bySearch = [...perSearch]
    .map(([q, { ms, cpu: used }]) => ({
      q,
      p50Ms: percentile(ms, 0.5),
      p95Ms: p95(ms),
      cpuP95Ms: p95(used),
    }))
    .sort((a, b) => b.p95Ms - a.p95Ms);
  const slowest = bySearch[0];
  const scanP95Ms = p95(samples.scan);
  const indexP95Ms = p95(samples.index);
  return {
    towns: options.towns,
    searches: searches.length,
    samples: samples.index.length,
    scanP95Ms,
    indexP95Ms,
    ratio: indexP95Ms / scanP95Ms,
    generalP95Ms: p95(samples.general),
    cpuP95Ms: { index: p95(cpu.index), general: p95(cpu.general), scan: p95(cpu.scan) },
    loadAverage: loadavg()[0] ?? NaN,
    steal,
    slowest: slowest ?? { q: '', p95Ms: NaN },
    perSearch: bySearch,
    mismatches,
    region: {
      indexP95Ms: p95(regionSamples.index),
      generalP95Ms: p95(regionSamples.general),
      samples: regionSamples.index.length,
      mismatches: regionMismatches,
    },
    charts: {
      factsP50Ms: percentile(chartSamples.facts, 0.5),
      factsP95Ms: p95(chartSamples.facts),
      itemsP50Ms: percentile(chartSamples.items, 0.5),
      itemsP95Ms: p95(chartSamples.items),
      searches: chartSamples.facts.length,
      mismatches: chartMismatches,
    },
    rows,
    indexBytes,
    dbBytes: statSync(dbPath).size,
    replaceTownMs: [...replaceSamples].sort((a, b) => a - b)[replaceSamples.length >> 1] ?? NaN,
    buildMs: options.buildMs,
  };
}

export function printSearchBench(r: SearchBenchResult): void {
  const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
  const national = r.towns >= SEARCH_TARGETS.nationalTowns;
  console.log(
    `search (${r.searches} searches × ${r.samples / r.searches} rounds, items page, in-process, ` +
      `load average ${r.loadAverage.toFixed(1)}, ${formatSteal(r.steal)}): ` +
      `${r.rows.texts.toLocaleString('en')} distinct texts, ${r.rows.postings.toLocaleString('en')} postings ` +
      `of ${r.rows.grams.toLocaleString('en')} grams, ${r.rows.sets.toLocaleString('en')} text sets in ` +
      `${r.rows.setRows.toLocaleString('en')} (set, town, kind) rows, ${r.rows.keys.toLocaleString('en')} ` +
      'searches with kept counts',
  );
  console.table([
    {
      metric: 'scan p95 (substring over every text)',
      value: ms(r.scanP95Ms),
      target: '',
      ratio: '',
      met: '',
    },
    {
      metric: 'index p95',
      value: ms(r.indexP95Ms),
      target: national ? `≤ ${SEARCH_TARGETS.nationalP95Ms} ms` : '',
      ratio: national ? (r.indexP95Ms / SEARCH_TARGETS.nationalP95Ms).toFixed(2) : '',
      met: national ? (r.indexP95Ms <= SEARCH_TARGETS.nationalP95Ms ? 'met' : 'MISSED') : '',
    },
    {
      metric: 'index p95 / scan p95',
      value: r.ratio.toFixed(3),
      target: `≤ ${SEARCH_TARGETS.ratio}`,
      ratio: (r.ratio / SEARCH_TARGETS.ratio).toFixed(2),
      met: r.ratio <= SEARCH_TARGETS.ratio ? 'met' : 'MISSED',
    },
    {
      metric: 'index p95, another filter set (general path)',
      value: ms(r.generalP95Ms),
      target: '',
      ratio: '',
      met: '',
    },
    {
      metric: 'CPU p95 per search: index / general / scan',
      value: `${ms(r.cpuP95Ms.index)} / ${ms(r.cpuP95Ms.general)} / ${ms(r.cpuP95Ms.scan)}`,
      target: '',
      ratio: '',
      met: '',
    },
    {
      metric: 'CPU p95 index / scan',
      value: (r.cpuP95Ms.index / r.cpuP95Ms.scan).toFixed(3),
      target: `≤ ${SEARCH_TARGETS.ratio}`,
      ratio: (r.cpuP95Ms.index / r.cpuP95Ms.scan / SEARCH_TARGETS.ratio).toFixed(2),
      met: r.cpuP95Ms.index / r.cpuP95Ms.scan <= SEARCH_TARGETS.ratio ? 'met' : 'MISSED',
    },
    {
      metric: 'answers equal to the scan (both index paths)',
      value: `${r.searches - r.mismatches.length}/${r.searches}`,
      target: 'all',
      ratio: '',
      met: r.mismatches.length === 0 ? 'met' : `MISSED: ${r.mismatches.join(', ')}`,
    },
    {
      metric: `index p95 beside a region (a province, a county; ${r.region.samples} searches) / its general path`,
      value: `${ms(r.region.indexP95Ms)} / ${ms(r.region.generalP95Ms)}`,
      target: '',
      ratio: (r.region.indexP95Ms / r.region.generalP95Ms).toFixed(3),
      met: r.region.mismatches.length === 0 ? 'answers equal' : `DIFFER: ${r.region.mismatches.join(', ')}`,
    },
    {
      metric: `the overview's ${Object.keys(CHARTS).length} charts under a search (${r.charts.searches} searches), p50 / p95: item facts`,
      value: `${ms(r.charts.factsP50Ms)} / ${ms(r.charts.factsP95Ms)}`,
      target: '',
      ratio: (r.charts.factsP95Ms / r.charts.itemsP95Ms).toFixed(3),
      met: r.charts.mismatches.length === 0 ? 'answers equal' : `DIFFER: ${r.charts.mismatches.join(', ')}`,
    },
    {
      metric: '… the same through the base tables',
      value: `${ms(r.charts.itemsP50Ms)} / ${ms(r.charts.itemsP95Ms)}`,
      target: '',
      ratio: '',
      met: '',
    },
    {
      metric: `slowest search (index): ${r.slowest.q}`,
      value: ms(r.slowest.p95Ms),
      target: '',
      ratio: '',
      met: '',
    },
    {
      metric: 'index size (≈ blocks) / database',
      value: `${(r.indexBytes / 1e6).toFixed(1)} MB / ${(r.dbBytes / 1e6).toFixed(1)} MB`,
      target: '',
      ratio: '',
      met: '',
    },
    {
      metric: 'index build in the load (all towns)',
      value: r.buildMs === null ? 'n/a' : ms(r.buildMs),
      target: '',
      ratio: '',
      met: '',
    },
    {
      metric: 're-index one town (replace), median of 3',
      value: ms(r.replaceTownMs),
      target: '',
      ratio: '',
      met: '',
    },
  ]);
  // Whether the p95 is a few searches or most of them.
  console.table(
    r.perSearch.map((s) => ({
      'search (index, slowest first)': s.q,
      'p50 ms': +s.p50Ms.toFixed(1),
      'p95 ms': +s.p95Ms.toFixed(1),
      'CPU p95 ms': +s.cpuP95Ms.toFixed(1),
    })),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      towns: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'build-ms': { type: 'string' },
    },
  });
  if (!values.db) throw new Error('usage: search-bench.ts --db PATH [--towns N] [--quick] [--build-ms MS]');
  const instance = await DuckDBInstance.create(values.db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const towns = Number((await connection.runAndReadAll('SELECT count(*) FROM towns')).getRows()[0]?.[0]);
  connection.closeSync();
  instance.closeSync();
  const result = await searchBench(values.db, {
    towns: values.towns ? Number(values.towns) : towns,
    quick: values.quick,
    buildMs: values['build-ms'] ? Number(values['build-ms']) : null,
  });
  printSearchBench(result);
  console.log(JSON.stringify(result));
}
