// `npm run bench [-- --scales 1,100,1000,10000] [--national] [--quick] [--skip-client] [--keep]`
//
// Measures duty-map from one town to every township in the country (issue 6), on this machine:
// for each scale it generates a synthetic corpus (tests/bench/generate.ts) in a temp folder, loads
// it with the real ETL into a temp database, starts the real server on it as a child process and
// measures every API endpoint over HTTP (one client, then 10 and 50 connections with autocannon),
// the same SQL run directly on DuckDB in-process, the server's peak RSS and the overview's LCP and
// total blocking time in headless Chromium. The client bundle's initial JS (gzip) is measured once.
// Each scale prints one table; every target is printed with its ratio (value / target) so a noisy
// machine still compares within one run.
//
// Results are also written as JSON to bench-results/<ISO timestamp>.json at the repository root
// (git-ignored). Synthetic files and databases live under os.tmpdir() and are deleted afterwards
// (--keep leaves them). Flags: --scales (default 1,100,1000,10000), --national adds 38600,
// --quick runs short measurements (a smoke run), --skip-client skips the bundle and browser parts.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { measureBundle, measurePage, type BundleResult, type PageResult } from './client-metrics.ts';
import { ROOT, readStatus, runNode, startServer, type ServerHandle } from './server-process.ts';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createApp } from '../../server/app.ts';
import { openDb, type Db, type Params } from '../../server/db.ts';
import { townIdOf } from '../../etl/build-records.ts';
import { generateCorpus, type CorpusSummary } from './generate.ts';
import type { LoadWorkerResult } from './load-worker.ts';

const NATIONAL = 38_600;
const BYTES_PER_TOWN = 115_000;

const TARGETS = {
  etlMBps: 25,
  nationalLoadS: 300,
  dbBytes: 1.5e9,
  aggregateP95Ms: 20,
  searchP95Ms: 150,
  soakP99Ms: 50,
  initialJsGzipBytes: 300 * 1024,
  lcpMs: 1000,
  tbtMs: 100,
  rssBytes: 400 * 1024 * 1024,
};

interface Flags {
  scales: number[];
  quick: boolean;
  skipClient: boolean;
  keep: boolean;
}

function readFlags(): Flags {
  const { values } = parseArgs({
    options: {
      scales: { type: 'string', default: '1,100,1000,10000' },
      national: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'skip-client': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const scales = values.scales
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (values.national && !scales.includes(NATIONAL)) scales.push(NATIONAL);
  return { scales, quick: values.quick, skipClient: values['skip-client'], keep: values.keep };
}

// ---------------------------------------------------------------- statistics and formatting

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

const ms = (value: number) =>
  Number.isFinite(value) ? (value < 10 ? value.toFixed(2) : value.toFixed(1)) : '–';
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

interface TargetRow {
  metric: string;
  value: string;
  target: string;
  ratio: string;
  met: string;
}

function targetRow(
  metric: string,
  value: number,
  target: number,
  unit: string,
  higherIsBetter = false,
): TargetRow {
  const ratio = value / target;
  const met = Number.isFinite(value) ? (higherIsBetter ? value >= target : value <= target) : false;
  const show = (v: number) =>
    unit === 'MB'
      ? mb(v)
      : unit === 'MiB'
        ? `${(v / 2 ** 20).toFixed(1)} MiB`
        : unit === 'KB'
          ? `${(v / 1024).toFixed(1)} KB`
          : `${ms(v)} ${unit}`;
  return {
    metric,
    value: Number.isFinite(value) ? show(value) : 'n/a',
    target: `${higherIsBetter ? '≥' : '≤'} ${show(target)}`,
    ratio: Number.isFinite(ratio) ? ratio.toFixed(2) : '–',
    met: Number.isFinite(value) ? (met ? 'met' : 'MISSED') : 'not measured',
  };
}

// ---------------------------------------------------------------- ETL

interface EtlResult {
  towns: number;
  files: number;
  items: number;
  warnings: number;
  textBytes: number;
  generateS: number;
  loadS: number;
  /** Time spent reading, parsing and building records (sum of per-file times). */
  parseS: number;
  mbPerS: number;
  itemsPerS: number;
  etlPeakRssBytes: number;
  dbBytes: number;
  batches: number;
  corpus: Omit<CorpusSummary, 'files' | 'dir'>;
}

/** Generates the corpus and loads it with the real ETL, in batches when the disk is short. */
async function buildScale(towns: number, workDir: string, dbPath: string): Promise<EtlResult> {
  const fs = statfsSync(tmpdir());
  const free = fs.bavail * fs.bsize;
  // Text plus a database of about the same size plus its temp copy must fit, with room to spare.
  const needed = towns * BYTES_PER_TOWN * 3;
  const batches = needed < free * 0.8 ? 1 : Math.ceil(needed / (free * 0.5));
  const perBatch = Math.ceil(towns / batches);
  let generateS = 0;
  let loadS = 0;
  let parseS = 0;
  let textBytes = 0;
  let items = 0;
  let warnings = 0;
  let files = 0;
  let etlPeak = 0;
  const corpusItems = { basic: 0, cooperative: 0, reclaimed: 0, total: 0 };
  let first: CorpusSummary | null = null;
  for (let b = 0; b < batches; b++) {
    const textDir = join(workDir, `text-${b}`);
    let started = performance.now();
    const corpus = generateCorpus({ towns, dir: textDir, from: b * perBatch, to: (b + 1) * perBatch });
    generateS += (performance.now() - started) / 1000;
    first ??= corpus;
    textBytes += corpus.bytes;
    for (const k of ['basic', 'cooperative', 'reclaimed', 'total'] as const)
      corpusItems[k] += corpus.items[k];
    const listFile = join(workDir, `files-${b}.txt`);
    writeFileSync(listFile, corpus.files.join('\n'));
    started = performance.now();
    const run = await runNode([
      '--max-old-space-size=4096',
      '--import',
      'tsx',
      'tests/bench/load-worker.ts',
      dbPath,
      listFile,
    ]);
    loadS += (performance.now() - started) / 1000;
    const line = run.stdout.trim().split('\n').pop() ?? '';
    if (run.code !== 0 || !line.startsWith('{'))
      throw new Error(`ETL failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
    const result = JSON.parse(line) as LoadWorkerResult;
    if (!result.ok) throw new Error(`ETL rejected the corpus: ${result.firstError}`);
    parseS += result.fileMs / 1000;
    items += result.items;
    warnings += result.warnings;
    files += result.files;
    etlPeak = Math.max(etlPeak, result.maxRssBytes);
    rmSync(textDir, { recursive: true, force: true });
  }
  if (items !== corpusItems.total)
    throw new Error(`ETL loaded ${items} items, the corpus has ${corpusItems.total}`);
  if (!first) throw new Error('nothing generated');
  const { files: _files, dir: _dir, ...summary } = first;
  void _files;
  void _dir;
  return {
    towns,
    files,
    items,
    warnings,
    textBytes,
    generateS,
    loadS,
    parseS,
    mbPerS: textBytes / 1e6 / loadS,
    itemsPerS: items / loadS,
    etlPeakRssBytes: etlPeak,
    dbBytes: statSync(dbPath).size,
    batches,
    corpus: { ...summary, towns, bytes: textBytes, items: corpusItems },
  };
}

// ---------------------------------------------------------------- endpoints

interface Endpoint {
  name: string;
  path: string;
  group: 'aggregate' | 'search' | 'items' | 'detail' | 'towns' | 'health';
  filter: 'none' | 'kind' | 'department' | 'region' | 'town' | 'q';
  concurrent: boolean;
}

const AGGREGATES = [
  '/api/summary',
  '/api/categories',
  '/api/departments',
  '/api/penalties/by-bureau',
  '/api/support',
  '/api/flows',
];

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** The endpoint variants to measure, with filter values taken from the loaded data. */
async function endpointsFor(
  url: string,
  sample: CorpusSummary['sample'],
): Promise<{ endpoints: Endpoint[]; regionSupported: boolean }> {
  const departments = await getJson<{ rows: { department: string }[] }>(`${url}/api/departments`);
  const department = departments.body.rows[0]?.department ?? '';
  const items = await getJson<{ items: { itemId: string }[] }>(`${url}/api/items?limit=1&kind=reclaimed`);
  const itemId = items.body.items[0]?.itemId ?? 'missing';
  // Region filtering is part of issue 6; measure it where the server accepts it.
  const region = encodeURIComponent(sample.city);
  const probe = await fetch(`${url}/api/summary?region=${region}`);
  const regionSupported = probe.status === 200;
  await probe.arrayBuffer();
  const dep = encodeURIComponent(department);
  const town = townIdOf(sample.fullName);
  const endpoints: Endpoint[] = [];
  for (const path of AGGREGATES) {
    endpoints.push({ name: path, path, group: 'aggregate', filter: 'none', concurrent: true });
    endpoints.push({
      name: `${path}?kind`,
      path: `${path}?kind=reclaimed`,
      group: 'aggregate',
      filter: 'kind',
      concurrent: false,
    });
    endpoints.push({
      name: `${path}?department`,
      path: `${path}?department=${dep}`,
      group: 'aggregate',
      filter: 'department',
      concurrent: false,
    });
    if (regionSupported) {
      endpoints.push({
        name: `${path}?region`,
        path: `${path}?region=${region}`,
        group: 'aggregate',
        filter: 'region',
        concurrent: false,
      });
    } else {
      endpoints.push({
        name: `${path}?town`,
        path: `${path}?town=${town}`,
        group: 'aggregate',
        filter: 'town',
        concurrent: false,
      });
    }
  }
  endpoints.push(
    { name: '/api/items', path: '/api/items', group: 'items', filter: 'none', concurrent: true },
    {
      name: '/api/items?kind&department',
      path: `/api/items?kind=reclaimed&department=${dep}`,
      group: 'items',
      filter: 'department',
      concurrent: false,
    },
    {
      name: '/api/items?q=森林',
      path: `/api/items?q=${encodeURIComponent('森林')}`,
      group: 'search',
      filter: 'q',
      concurrent: true,
    },
    {
      name: '/api/items?q=森林&kind',
      path: `/api/items?q=${encodeURIComponent('森林')}&kind=cooperative`,
      group: 'search',
      filter: 'q',
      concurrent: false,
    },
    {
      name: '/api/items?q=(no match)',
      path: `/api/items?q=${encodeURIComponent('不存在的事项')}`,
      group: 'search',
      filter: 'q',
      concurrent: false,
    },
    {
      name: '/api/items/:id',
      path: `/api/items/${itemId}`,
      group: 'detail',
      filter: 'none',
      concurrent: true,
    },
    { name: '/api/towns', path: '/api/towns', group: 'towns', filter: 'none', concurrent: true },
    { name: '/api/quality', path: '/api/quality', group: 'towns', filter: 'none', concurrent: false },
    { name: '/api/health', path: '/api/health', group: 'health', filter: 'none', concurrent: false },
  );
  if (regionSupported) {
    endpoints.push({
      name: '/api/items?region',
      path: `/api/items?region=${region}`,
      group: 'items',
      filter: 'region',
      concurrent: false,
    });
  }
  return { endpoints, regionSupported };
}

const HEADERS = { 'accept-encoding': 'gzip' };

/** Sequential requests from one client (keep-alive), for at most `budgetMs` or `max` requests. */
async function singleClient(
  url: string,
  max: number,
  budgetMs: number,
): Promise<{ lat: Latency; errors: number; bytes: number }> {
  const samples: number[] = [];
  let errors = 0;
  let bytes = 0;
  for (let i = 0; i < 3; i++) await (await fetch(url, { headers: HEADERS })).arrayBuffer();
  const started = performance.now();
  while (samples.length < max && (samples.length < 10 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    try {
      const res = await fetch(url, { headers: HEADERS });
      const body = await res.arrayBuffer();
      bytes = body.byteLength;
      if (res.status !== 200) errors += 1;
    } catch {
      errors += 1;
    }
    samples.push(performance.now() - t);
  }
  return { lat: latency(samples), errors, bytes };
}

interface LoadResult {
  connections: number;
  seconds: number;
  lat: Latency;
  rps: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

/** autocannon with every response time recorded (its own histogram has no p95). */
function cannon(url: string, paths: string[], connections: number, seconds: number): Promise<LoadResult> {
  const samples: number[] = [];
  return new Promise((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: HEADERS,
        timeout: 10,
        requests: paths.map((path) => ({ method: 'GET', path })),
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolvePromise({
          connections,
          seconds,
          lat: latency(samples),
          rps: samples.length / seconds,
          errors: result.errors,
          non2xx: result.non2xx,
          timeouts: result.timeouts,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => samples.push(responseTime));
  });
}

// ---------------------------------------------------------------- SQL in-process

interface Captured {
  sql: string;
  params: Params | undefined;
}

/** Records the SQL each endpoint runs, by calling the real app in-process over a recording Db. */
async function captureSql(dbPath: string, paths: string[]): Promise<Map<string, Captured[]>> {
  const real = await openDb({ path: dbPath, queryTimeoutMs: 60_000 });
  let calls: Captured[] = [];
  const recording: Db = {
    all: (sql, params) => {
      calls.push({ sql, params });
      return real.all(sql, params);
    },
    version: () => real.version(),
    close: () => real.close(),
  };
  const app = createApp({ db: recording, log: () => {} });
  const captured = new Map<string, Captured[]>();
  for (const path of paths) {
    await app.request(path);
    // The second request is what a warm server runs (per-file caches already filled).
    calls = [];
    await app.request(path);
    captured.set(path, calls);
  }
  await real.close();
  return captured;
}

async function timeSql(
  connection: DuckDBConnection,
  statements: Captured[],
  max: number,
  budgetMs: number,
): Promise<Latency> {
  const samples: number[] = [];
  const run = async () => {
    for (const statement of statements) {
      const reader = await connection.runAndReadAll(statement.sql, statement.params);
      reader.getRowObjectsJson();
    }
  };
  for (let i = 0; i < 2; i++) await run();
  const started = performance.now();
  while (samples.length < max && (samples.length < 10 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return latency(samples);
}

// ---------------------------------------------------------------- one scale

interface EndpointResult {
  name: string;
  path: string;
  group: Endpoint['group'];
  filter: Endpoint['filter'];
  responseBytes: number;
  single: Latency;
  singleErrors: number;
  sql: Latency | null;
  sqlStatements: number;
  httpOverSql: number;
  c10: LoadResult | null;
  c50: LoadResult | null;
}

interface ScaleResult {
  towns: number;
  cores: number;
  etl: EtlResult;
  regionSupported: boolean;
  endpoints: EndpointResult[];
  soak: LoadResult | null;
  serverPeakRssBytes: number;
  serverRssAfterBytes: number;
  /** 1/5/15-minute load averages at the end of the scale: other work on the machine skews latency. */
  loadAverage: number[];
  page: PageResult | null;
  pageError: string | null;
  targets: TargetRow[];
}

async function runScale(towns: number, flags: Flags, bundle: BundleResult | null): Promise<ScaleResult> {
  const workDir = mkdtempSync(join(tmpdir(), `duty-map-bench-${towns}-`));
  const dbPath = join(workDir, 'duties.duckdb');
  const cores = cpus().length;
  console.log(
    `\n=== ${towns.toLocaleString('en')} town(s) · ${cores} cores · load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} · work dir ${workDir}`,
  );
  let server: ServerHandle | null = null;
  try {
    const etl = await buildScale(towns, workDir, dbPath);
    console.log(
      `ETL: ${etl.files} files, ${etl.items} items, ${mb(etl.textBytes)} in ${etl.loadS.toFixed(1)} s ` +
        `(generated in ${etl.generateS.toFixed(1)} s), DB ${mb(etl.dbBytes)}`,
    );
    server = await startServer(dbPath, bundle?.outDir ?? join(workDir, 'no-client'));
    const { endpoints, regionSupported } = await endpointsFor(server.url, etl.corpus.sample);
    const captured = await captureSql(
      dbPath,
      endpoints.map((e) => e.path),
    );
    const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const maxRequests = flags.quick ? 30 : 200;
    const budget = flags.quick ? 500 : 3_000;
    const seconds = flags.quick ? 1 : 3;
    const results: EndpointResult[] = [];
    for (const endpoint of endpoints) {
      const single = await singleClient(server.url + endpoint.path, maxRequests, budget);
      const statements = captured.get(endpoint.path) ?? [];
      const sql = statements.length > 0 ? await timeSql(connection, statements, maxRequests, budget) : null;
      const c10 = endpoint.concurrent ? await cannon(server.url, [endpoint.path], 10, seconds) : null;
      const c50 = endpoint.concurrent ? await cannon(server.url, [endpoint.path], 50, seconds) : null;
      results.push({
        name: endpoint.name,
        path: endpoint.path,
        group: endpoint.group,
        filter: endpoint.filter,
        responseBytes: single.bytes,
        single: single.lat,
        singleErrors: single.errors,
        sql,
        sqlStatements: statements.length,
        httpOverSql: sql ? single.lat.p50 / sql.p50 : NaN,
        c10,
        c50,
      });
    }
    connection.closeSync();
    instance.closeSync();

    // The seed-scale target: 50 connections for 30 s over every unfiltered endpoint, zero errors.
    const soak =
      towns === 1
        ? await cannon(
            server.url,
            endpoints.filter((e) => e.concurrent).map((e) => e.path),
            50,
            flags.quick ? 5 : 30,
          )
        : null;
    let page: PageResult | null = null;
    let pageError: string | null = null;
    if (bundle) {
      try {
        page = await measurePage(`${server.url}/`, flags.quick ? 1 : 3);
      } catch (error) {
        pageError = (error as Error).message.split('\n')[0] ?? 'failed';
      }
    }
    const serverPeakRssBytes = readStatus(server.pid, 'VmHWM');
    const serverRssAfterBytes = readStatus(server.pid, 'VmRSS');

    const targets = scaleTargets(towns, etl, results, soak, serverPeakRssBytes, page, bundle);
    const result: ScaleResult = {
      towns,
      cores,
      etl,
      regionSupported,
      endpoints: results,
      soak,
      serverPeakRssBytes,
      serverRssAfterBytes,
      loadAverage: loadavg(),
      page,
      pageError,
      targets,
    };
    printScale(result);
    return result;
  } finally {
    await server?.stop();
    if (!flags.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

function scaleTargets(
  towns: number,
  etl: EtlResult,
  endpoints: EndpointResult[],
  soak: LoadResult | null,
  rss: number,
  page: PageResult | null,
  bundle: BundleResult | null,
): TargetRow[] {
  const rows: TargetRow[] = [];
  rows.push(targetRow('ETL throughput', etl.mbPerS, TARGETS.etlMBps, 'MB/s', true));
  if (towns === NATIONAL) rows.push(targetRow('national load time', etl.loadS, TARGETS.nationalLoadS, 's'));
  else
    rows.push(
      targetRow(
        `national load time (projected ×${(NATIONAL / towns).toFixed(0)})`,
        (etl.loadS * NATIONAL) / towns,
        TARGETS.nationalLoadS,
        's',
      ),
    );
  rows.push(targetRow('database size', etl.dbBytes, TARGETS.dbBytes, 'MB'));
  if (towns !== NATIONAL)
    rows.push(
      targetRow(
        `database size (projected ×${(NATIONAL / towns).toFixed(0)})`,
        (etl.dbBytes * NATIONAL) / towns,
        TARGETS.dbBytes,
        'MB',
      ),
    );
  const aggregates = endpoints.filter((e) => e.group === 'aggregate');
  const worstAggregate = aggregates.reduce<EndpointResult | null>(
    (worst, e) => (!worst || e.single.p95 > worst.single.p95 ? e : worst),
    null,
  );
  if (worstAggregate)
    rows.push(
      targetRow(
        `aggregate p95, 1 client (worst: ${worstAggregate.name})`,
        worstAggregate.single.p95,
        TARGETS.aggregateP95Ms,
        'ms',
      ),
    );
  const searches = endpoints.filter((e) => e.group === 'search');
  const worstSearch = searches.reduce<EndpointResult | null>(
    (worst, e) => (!worst || e.single.p95 > worst.single.p95 ? e : worst),
    null,
  );
  if (worstSearch)
    rows.push(
      targetRow(
        `items search p95 (worst: ${worstSearch.name})`,
        worstSearch.single.p95,
        TARGETS.searchP95Ms,
        'ms',
      ),
    );
  if (soak) {
    rows.push(targetRow(`soak 50 conn × ${soak.seconds} s p99`, soak.lat.p99, TARGETS.soakP99Ms, 'ms'));
    rows.push(
      targetRow(
        'soak errors (errors + non-2xx + timeouts)',
        soak.errors + soak.non2xx + soak.timeouts,
        0,
        '',
      ),
    );
  }
  rows.push(targetRow('server peak RSS (VmHWM)', rss, TARGETS.rssBytes, 'MiB'));
  if (bundle)
    rows.push(targetRow('initial JS (gzip)', bundle.initialJsGzipBytes, TARGETS.initialJsGzipBytes, 'KB'));
  if (page) {
    rows.push(targetRow('overview LCP', page.lcpMs, TARGETS.lcpMs, 'ms'));
    rows.push(targetRow('overview TBT', page.tbtMs, TARGETS.tbtMs, 'ms'));
  }
  return rows;
}

function printScale(result: ScaleResult): void {
  const { etl } = result;
  console.log(
    `\n--- ${result.towns.toLocaleString('en')} town(s) on ${result.cores} cores (${(totalmem() / 2 ** 30).toFixed(0)} GB RAM): ` +
      `${etl.items.toLocaleString('en')} items, ${mb(etl.textBytes)} text, ` +
      `ETL ${etl.mbPerS.toFixed(1)} MB/s · ${Math.round(etl.itemsPerS).toLocaleString('en')} items/s ` +
      `(${etl.loadS.toFixed(1)} s; parse ${etl.parseS.toFixed(1)} s, write ${(etl.loadS - etl.parseS).toFixed(1)} s; ` +
      `ETL peak RSS ${mb(etl.etlPeakRssBytes)}; ${etl.warnings} warnings), DB ${mb(etl.dbBytes)}, ` +
      `server peak RSS ${(result.serverPeakRssBytes / 2 ** 20).toFixed(1)} MiB · load average ${result.loadAverage.map((l) => l.toFixed(1)).join(' ')}` +
      (result.regionSupported
        ? ''
        : ' · region filter: NOT SUPPORTED by the server (town filter measured instead)'),
  );
  const table = result.endpoints.map((e) => ({
    endpoint: e.name.length > 36 ? `${e.name.slice(0, 35)}…` : e.name,
    KB: +(e.responseBytes / 1024).toFixed(1),
    'p50 ms': ms(e.single.p50),
    'p95 ms': ms(e.single.p95),
    'p99 ms': ms(e.single.p99),
    'sql p50': e.sql ? ms(e.sql.p50) : '–',
    'http/sql': Number.isFinite(e.httpOverSql) ? e.httpOverSql.toFixed(1) : '–',
    'c10 p50/p95/p99': e.c10 ? `${ms(e.c10.lat.p50)}/${ms(e.c10.lat.p95)}/${ms(e.c10.lat.p99)}` : '',
    'c10 rps': e.c10 ? Math.round(e.c10.rps) : '',
    'c50 p50/p95/p99': e.c50 ? `${ms(e.c50.lat.p50)}/${ms(e.c50.lat.p95)}/${ms(e.c50.lat.p99)}` : '',
    'c50 rps': e.c50 ? Math.round(e.c50.rps) : '',
    errors:
      e.singleErrors +
      (e.c10 ? e.c10.errors + e.c10.non2xx + e.c10.timeouts : 0) +
      (e.c50 ? e.c50.errors + e.c50.non2xx + e.c50.timeouts : 0),
  }));
  console.table(table);
  if (result.soak) {
    const s = result.soak;
    console.log(
      `soak: 50 connections × ${s.seconds} s over ${result.endpoints.filter((e) => e.c10).length} endpoints: ` +
        `${s.lat.n} requests (${Math.round(s.rps)}/s), p50 ${ms(s.lat.p50)} p95 ${ms(s.lat.p95)} p99 ${ms(s.lat.p99)} ms, ` +
        `errors ${s.errors}, non-2xx ${s.non2xx}, timeouts ${s.timeouts}`,
    );
  }
  if (result.page)
    console.log(
      `overview: LCP ${ms(result.page.lcpMs)} ms, TBT ${ms(result.page.tbtMs)} ms, FCP ${ms(result.page.fcpMs)} ms, JS loaded ${(result.page.jsBytes / 1024).toFixed(1)} KB transferred (${(result.page.jsDecodedBytes / 1024).toFixed(1)} KB decoded), ${result.page.apiRequests} API requests (median of ${result.page.runs})`,
    );
  if (result.pageError) console.log(`overview: not measured (${result.pageError})`);
  console.table(result.targets);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const flags = readFlags();
  const started = new Date();
  const cores = cpus().length;
  console.log(
    `duty-map bench · ${cores} cores (${cpus()[0]?.model ?? 'cpu'}) · Node ${process.version} · scales ${flags.scales.join(', ')}${flags.quick ? ' · quick' : ''}`,
  );
  const clientDir = mkdtempSync(join(tmpdir(), 'duty-map-bench-client-'));
  let bundle: BundleResult | null = null;
  let bundleError: string | null = null;
  if (!flags.skipClient) {
    try {
      bundle = await measureBundle(clientDir);
      console.log(
        `client: initial JS ${(bundle.initialJsGzipBytes / 1024).toFixed(1)} KB gzip (${(bundle.initialJsBytes / 1024).toFixed(1)} KB raw) in ` +
          `${bundle.files.length} file(s): ${bundle.files.map((f) => `${f.file} ${(f.gzipBytes / 1024).toFixed(1)} KB`).join(', ')} · ` +
          `target ≤ 300 KB: ${bundle.initialJsGzipBytes <= TARGETS.initialJsGzipBytes ? 'met' : 'MISSED'} (ratio ${(bundle.initialJsGzipBytes / TARGETS.initialJsGzipBytes).toFixed(2)})`,
      );
    } catch (error) {
      bundleError = (error as Error).message;
      console.log(`client: not measured (${bundleError.split('\n')[0]})`);
    }
  }
  const scales: ScaleResult[] = [];
  const failures: { towns: number; error: string }[] = [];
  try {
    for (const towns of flags.scales) {
      try {
        scales.push(await runScale(towns, flags, bundle));
      } catch (error) {
        const message = (error as Error).stack ?? String(error);
        failures.push({ towns, error: message });
        console.error(`scale ${towns} failed: ${message}`);
      }
    }
  } finally {
    rmSync(clientDir, { recursive: true, force: true });
  }
  const outDir = join(ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const commit = existsSync(join(ROOT, '.git')) ? await gitHead() : null;
  writeFileSync(
    outFile,
    JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        commit,
        machine: { cores, cpu: cpus()[0]?.model ?? null, memoryBytes: totalmem(), node: process.version },
        flags,
        targets: TARGETS,
        bundle,
        bundleError,
        scales,
        failures,
      },
      null,
      2,
    ),
  );
  console.log(`\nresults: ${outFile}`);
  if (failures.length > 0) process.exitCode = 1;
}

async function gitHead(): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn('git', ['rev-parse', 'HEAD'], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', () => done(out.trim() || null));
    child.on('error', () => done(null));
  });
}

await main();
