// `npm run bench [-- --scales 1,100,1000,10000] [--national] [--quick] [--skip-client] [--keep] [--rss-soak-minutes 5]`
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
// --quick runs short measurements (a smoke run), --skip-client skips the bundle and browser parts,
// --rss-soak-minutes (default 5; 0 skips) sets the memory soak: at 38,600 towns (or at the largest
// scale of a run when the flag is given), 10 connections over every endpoint and many uncached URLs
// while the server's RSS is sampled every 5 s; growth is the last sample over the one at 1 minute.
// --contention-seconds (default 15; 0 skips) and --contention-runs (default 2): at the largest scale, the
// compiled server with 1 and with 2 serving processes under 50 connections each sending a different `q`
// and then a different town's summary (tests/bench/contention.ts); penalties/by-bureau's phases at every
// scale (tests/bench/bureau-phases.ts); --contention-db PATH runs only those two, on a database built
// before (e.g. by `npm run etl`). --etl-ratio runs only the ETL against its floor (tests/bench/etl-ratio.ts)
// at the scales given. The server is measured as `npm start` runs it: compiled
// (dist/server, built first), one serving process per core; RSS is per serving process, the largest.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { measureBundle, measurePage, type BundleResult, type PageResult } from './client-metrics.ts';
import { ROOT, runNode, startServer, type ServerHandle } from '../support/server-process.ts';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createApp } from '../../server/app.ts';
import { namedIn, openDb, type Db, type Params } from '../../server/db.ts';
import { townIdOf } from '../../etl/build-records.ts';
import { generateCorpus, type CorpusSummary } from './generate.ts';
import { etlRatioBench } from './etl-ratio.ts';
import { formatSteal, stealSince } from './cpu-steal.ts';
import { matchSection, measureIncremental, type IncrementalResult } from './incremental-bench.ts';
import type { LoadWorkerResult } from './load-worker.ts';
import { HEADERS, latency, maxOver, mb, ms, targetRow, type Latency, type TargetRow } from './bench-stats.ts';
import { bureauPhases, bureauTargets, printBureauPhases, type BureauPhases } from './bureau-phases.ts';
import {
  contention,
  contentionOnly,
  contentionTargets,
  contentionWorkload,
  printContention,
  type Contention,
} from './contention.ts';
import { printSearchBench, searchBench, type SearchBenchResult } from './search-bench.ts';
import { reportBench } from './report-bench.ts';

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
  rssGrowth: 0.1,
};

interface Flags {
  scales: number[];
  quick: boolean;
  skipClient: boolean;
  keep: boolean;
  /** Minutes of the RSS soak; 0: none. */
  rssSoakMinutes: number;
  /** The scale the RSS soak runs at. */
  rssSoakAt: number | null;
  /** Seconds of each contention run (1 and 2 serving processes) at the largest scale; 0: none. */
  contentionSeconds: number;
  contentionRuns: number;
  /** Only the contention runs, on this existing database (no corpus, no ETL). */
  contentionDb: string | null;
  /** Only the ETL-vs-floor section (tests/bench/etl-ratio.ts), its corpora kept in etlCorpus. */
  etlRatio: boolean;
  etlCorpus: string | null;
}

function readFlags(): Flags {
  const { values } = parseArgs({
    options: {
      scales: { type: 'string', default: '1,100,1000,10000' },
      national: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'skip-client': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'rss-soak-minutes': { type: 'string' },
      'contention-seconds': { type: 'string', default: '15' },
      'contention-runs': { type: 'string', default: '2' },
      'contention-db': { type: 'string' },
      'etl-ratio': { type: 'boolean', default: false },
      'etl-corpus': { type: 'string' },
    },
  });
  const scales = values.scales
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (values.national && !scales.includes(NATIONAL)) scales.push(NATIONAL);
  const soakGiven = values['rss-soak-minutes'];
  const rssSoakMinutes = soakGiven === undefined ? 5 : Number(soakGiven);
  if (!Number.isFinite(rssSoakMinutes) || rssSoakMinutes < 0)
    throw new Error(`--rss-soak-minutes must be a number of minutes ≥ 0, got ${soakGiven}`);
  const largest = Math.max(...scales);
  const rssSoakAt =
    rssSoakMinutes === 0
      ? null
      : scales.includes(NATIONAL)
        ? NATIONAL
        : soakGiven !== undefined
          ? largest
          : null;
  return {
    scales,
    quick: values.quick,
    skipClient: values['skip-client'],
    keep: values.keep,
    rssSoakMinutes,
    rssSoakAt,
    contentionSeconds: Math.max(0, Number(values['contention-seconds']) || 0),
    contentionRuns: Math.max(1, Number(values['contention-runs']) || 1),
    contentionDb: values['contention-db'] ?? null,
    etlRatio: values['etl-ratio'],
    etlCorpus: values['etl-corpus'] ?? null,
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
  /** Search index maintenance within the loads (all towns). */
  searchIndexMs: number;
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
  let searchIndexMs = 0;
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
    if (!result.ok) throw new Error(`ETL rejected the corpus: ${result.error ?? result.firstError}`);
    parseS += result.fileMs / 1000;
    items += result.items;
    warnings += result.warnings;
    files += result.files;
    etlPeak = Math.max(etlPeak, result.maxRssBytes);
    searchIndexMs += result.searchIndexMs;
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
    searchIndexMs,
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
  /** Distinct URLs for the same query, each a cache miss (see coldVariants); empty: not measured. */
  cold: string[];
}

const AGGREGATES = [
  '/api/summary',
  '/api/categories',
  '/api/departments',
  '/api/penalties/by-bureau',
  // What the dashboard asks: its tooltips list 8 items per bureau (the API's default lists 50).
  '/api/penalties/by-bureau?itemsLimit=8',
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
  coldCount: number,
): Promise<{ endpoints: Endpoint[]; regionSupported: boolean }> {
  const departments = await getJson<{ rows: { department: string }[] }>(`${url}/api/departments`);
  const department = departments.body.rows[0]?.department ?? '';
  const items = await getJson<{ items: { itemId: string }[] }>(`${url}/api/items?limit=200&kind=reclaimed`);
  const itemIds = items.body.items.map((item) => item.itemId);
  // Region filtering is part of issue 6; measure it where the server accepts it.
  const region = encodeURIComponent(sample.city);
  const probe = await fetch(`${url}/api/summary?region=${region}`);
  const regionSupported = probe.status === 200;
  await probe.arrayBuffer();
  const dep = encodeURIComponent(department);
  const town = townIdOf(sample.fullName);
  const q = encodeURIComponent('森林');
  const endpoints: Endpoint[] = [];
  const add = (
    name: string,
    path: string,
    group: Endpoint['group'],
    filter: Endpoint['filter'],
    concurrent = false,
  ) => {
    endpoints.push({ name, path, group, filter, concurrent, cold: coldVariants(path, coldCount) });
  };
  // A filter added to a path that may already have a query.
  const and = (path: string, filter: string) => `${path}${path.includes('?') ? '&' : '?'}${filter}`;
  for (const path of AGGREGATES) {
    add(path, path, 'aggregate', 'none', true);
    add(and(path, 'kind'), and(path, 'kind=reclaimed'), 'aggregate', 'kind');
    add(and(path, 'department'), and(path, `department=${dep}`), 'aggregate', 'department');
    if (regionSupported) add(and(path, 'region'), and(path, `region=${region}`), 'aggregate', 'region');
    else add(and(path, 'town'), and(path, `town=${town}`), 'aggregate', 'town');
  }
  add('/api/items', '/api/items', 'items', 'none', true);
  add('/api/items?kind&department', `/api/items?kind=reclaimed&department=${dep}`, 'items', 'department');
  if (regionSupported) add('/api/items?region', `/api/items?region=${region}`, 'items', 'region');
  add('/api/items?q=森林', `/api/items?q=${q}`, 'search', 'q', true);
  add('/api/items?q=森林&kind', `/api/items?q=${q}&kind=cooperative`, 'search', 'q');
  add('/api/items?q=(no match)', `/api/items?q=${encodeURIComponent('不存在的事项')}`, 'search', 'q');
  add('/api/items/:id', `/api/items/${itemIds[0] ?? 'missing'}`, 'detail', 'none', true);
  const detail = endpoints[endpoints.length - 1];
  // Each item id is its own URL: a cold read of item details.
  if (detail) detail.cold = itemIds.slice(1, coldCount + 1).map((id) => `/api/items/${id}`);
  // What the printed report asks first (issue 13): the divergent duties' page and the edition towns.
  add('/api/duties/divergent?limit=20', '/api/duties/divergent?limit=20', 'aggregate', 'none');
  add('/api/editions/towns', '/api/editions/towns', 'towns', 'none');
  add('/api/towns', '/api/towns', 'towns', 'none', true);
  add('/api/quality', '/api/quality', 'towns', 'none');
  add('/api/health', '/api/health', 'health', 'none');
  return { endpoints, regionSupported };
}

/**
 * The server caches answers per URL (server/response-cache.ts), so repeating a request measures the
 * cache. Cold variants are the same query under distinct URLs that the server decodes identically:
 * ASCII letters of values percent-encoded or not, percent-escapes in upper or lower case hex, and
 * `q` padded with spaces (the server trims it). Every variant misses the cache and runs its SQL.
 * An unfiltered URL has nothing to vary (any filter, even one matching every item, takes the server's
 * filtered path), so its uncached cost is the direct SQL timing instead.
 */
export function coldVariants(path: string, count: number): string[] {
  const [base = '', query = ''] = path.split('?');
  if (query === '') return [];
  const pairs = query.split('&').map((pair) => {
    const [key = '', value = ''] = pair.split('=');
    return { key, value: decodeURIComponent(value) };
  });
  // Each slot renders one character (or UTF-8 byte) two ways.
  const slots: [string, string][][] = pairs.map(({ value }) =>
    [...value].flatMap((char): [string, string][] => {
      if (/[A-Za-z]/.test(char)) return [[char, `%${char.charCodeAt(0).toString(16).toUpperCase()}`]];
      return [...Buffer.from(char, 'utf8')].map((byte): [string, string] => {
        const hex = byte.toString(16).padStart(2, '0');
        return [`%${hex.toUpperCase()}`, `%${hex.toLowerCase()}`];
      });
    }),
  );
  const toggles = slots.flat().filter(([a, b]) => a !== b).length;
  const hasQ = pairs.some((pair) => pair.key === 'q');
  const variants: string[] = [];
  for (let i = 1; variants.length < count; i++) {
    const padding = Math.floor(i / 2 ** toggles);
    if (padding > 0 && (!hasQ || padding > 50)) break;
    let bit = 0;
    const rendered = pairs.map(({ key }, index) => {
      const parts = (slots[index] ?? []).map(([a, b]) => {
        if (a === b) return a;
        const choice = (i >> bit) & 1 ? b : a;
        bit += 1;
        return choice;
      });
      return `${key}=${key === 'q' ? '%20'.repeat(padding) : ''}${parts.join('')}`;
    });
    variants.push(`${base}?${rendered.join('&')}`);
  }
  return variants;
}

/** Sequential requests to distinct URLs (cache misses), for at most `budgetMs` (at least 5). */
async function coldClient(
  url: string,
  paths: string[],
  budgetMs: number,
): Promise<{ lat: Latency; errors: number; sameAnswer: boolean; failures: string[] } | null> {
  if (paths.length === 0) return null;
  const samples: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  let first: string | null = null;
  let sameAnswer = true;
  const started = performance.now();
  for (const path of paths) {
    if (samples.length >= 5 && performance.now() - started > budgetMs) break;
    const t = performance.now();
    try {
      const res = await fetch(url + path, { headers: HEADERS });
      const body = await res.text();
      if (res.status !== 200) {
        errors += 1;
        failures.push(`${res.status} ${body.slice(0, 160)}`);
      } else {
        first ??= body;
        if (first !== body && !path.startsWith('/api/items/')) sameAnswer = false;
      }
    } catch (error) {
      errors += 1;
      failures.push(String(error));
    }
    samples.push(performance.now() - t);
  }
  return { lat: latency(samples), errors, sameAnswer, failures };
}

/** Sequential requests from one client (keep-alive), for at most `budgetMs` or `max` requests. */
async function singleClient(
  url: string,
  max: number,
  budgetMs: number,
): Promise<{ lat: Latency; errors: number; bytes: number }> {
  const samples: number[] = [];
  let errors = 0;
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    try {
      await (await fetch(url, { headers: HEADERS })).arrayBuffer();
    } catch {
      errors += 1;
    }
  }
  const started = performance.now();
  while (samples.length < max && (samples.length < 5 || performance.now() - started < budgetMs)) {
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

interface RssSoak {
  minutes: number;
  load: LoadResult;
  /** VmRSS every 5 s from the start. */
  samples: Array<{ s: number; rssBytes: number }>;
  /** The sample at 1 minute (after warm-up) and the last one. */
  warmBytes: number;
  endBytes: number;
  growth: number;
}

/**
 * Memory under sustained load: 10 connections for `minutes` over the given URLs (uncached variants
 * included, so the response cache fills and DuckDB keeps running queries) while VmRSS is sampled.
 */
async function rssSoak(
  url: string,
  pids: () => number[],
  paths: string[],
  minutes: number,
): Promise<RssSoak> {
  const samples: RssSoak['samples'] = [];
  const started = Date.now();
  // Per process (the target is per process): the largest serving process at each sample.
  const sample = () => samples.push({ s: (Date.now() - started) / 1000, rssBytes: maxOver(pids(), 'VmRSS') });
  sample();
  const timer = setInterval(sample, 5_000);
  let load: LoadResult;
  try {
    load = await cannon(url, paths, 10, Math.max(1, Math.round(minutes * 60)));
  } finally {
    clearInterval(timer);
  }
  sample();
  const warmAt = Math.min(60, (minutes * 60) / 5);
  const warm = samples.find((x) => x.s >= warmAt) ?? samples[0];
  const end = samples[samples.length - 1];
  const warmBytes = warm?.rssBytes ?? 0;
  const endBytes = end?.rssBytes ?? 0;
  return {
    minutes,
    load,
    samples,
    warmBytes,
    endBytes,
    growth: warmBytes > 0 ? endBytes / warmBytes - 1 : NaN,
  };
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
      // As the server binds them: parameters the SQL does not name are dropped.
      calls.push({ sql, params: params && namedIn(sql, params) });
      return real.all(sql, params);
    },
    json: (sql, params) => {
      calls.push({ sql, params: params && namedIn(sql, params) });
      return real.json(sql, params);
    },
    blob: (sql, params) => {
      calls.push({ sql, params: params && namedIn(sql, params) });
      return real.blob(sql, params);
    },
    version: () => real.version(),
    currentVersion: () => real.currentVersion?.() ?? Promise.resolve(real.version()),
    close: () => real.close(),
  };
  const app = createApp({ db: recording, log: () => {}, cacheResponses: false });
  const captured = new Map<string, Captured[]>();
  for (const path of paths) {
    calls = [];
    await app.request(path);
    // The second request is what a warm server runs (per-file lookups such as known values filled);
    // the response cache is off so every request shows its SQL. A fresh array each time: the next
    // path's first request must not add to this one's statements.
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
  while (samples.length < max && (samples.length < 5 || performance.now() - started < budgetMs)) {
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
  /** One client, every request a cache miss (distinct URL for the same query). */
  cold: Latency | null;
  coldErrors: number;
  /** Every cold variant answered exactly what the first did (the URL trick changed nothing). */
  coldSameAnswer: boolean;
  /** The first few non-200 answers (status and body), e.g. a 503 query_timeout. */
  coldFailures: string[];
  sql: Latency | null;
  sqlStatements: number;
  /** The start of each statement timed in-process, to tell what the SQL column adds up. */
  sqlHeads: string[];
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
  memorySoak: RssSoak | null;
  serverPeakRssBytes: number;
  serverRssAfterBytes: number;
  /** 1/5/15-minute load averages at the end of the scale: other work on the machine skews latency. */
  loadAverage: number[];
  /** The share of the CPU time wanted during the scale that the host gave to other guests (tests/bench/cpu-steal.ts). */
  steal: number | null;
  page: PageResult | null;
  pageError: string | null;
  contention: Contention[] | null;
  incremental: IncrementalResult | null;
  bureaus: BureauPhases;
  targets: TargetRow[];
  search: SearchBenchResult;
}

async function runScale(towns: number, flags: Flags, bundle: BundleResult | null): Promise<ScaleResult> {
  const workDir = mkdtempSync(join(tmpdir(), `duty-map-bench-${towns}-`));
  const dbPath = join(workDir, 'duties.duckdb');
  const cores = cpus().length;
  const stolen = stealSince();
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
    // As `npm start` runs it: compiled, one serving process per core.
    server = await startServer(dbPath, bundle?.outDir ?? join(workDir, 'no-client'), { compiled: true });
    const { endpoints, regionSupported } = await endpointsFor(
      server.url,
      etl.corpus.sample,
      flags.quick ? 8 : 40,
    );
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
      // Cold first: a warm request of the same query cannot have filled the cache for these URLs.
      const cold = await coldClient(server.url, endpoint.cold, budget);
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
        cold: cold?.lat ?? null,
        coldErrors: cold?.errors ?? 0,
        coldSameAnswer: cold?.sameAnswer ?? true,
        coldFailures: cold?.failures.slice(0, 5) ?? [],
        sql,
        sqlStatements: statements.length,
        sqlHeads: statements.map((s) => s.sql.replace(/\s+/g, ' ').trim().slice(0, 100)),
        // HTTP over direct SQL: the cache-miss latency when measured, else the (cached) warm one.
        httpOverSql: sql ? (cold ?? single).lat.p50 / sql.p50 : NaN,
        c10,
        c50,
      });
    }
    const workload = await contentionWorkload(connection);
    const bureaus = await bureauPhases(
      dbPath,
      { url: server.url, processes: server.servingPids().length },
      flags.quick,
    );
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
    const memorySoak =
      flags.rssSoakAt === towns
        ? await rssSoak(
            server.url,
            server.servingPids,
            endpoints.flatMap((e) => [e.path, ...e.cold]),
            flags.quick ? Math.min(flags.rssSoakMinutes, 0.5) : flags.rssSoakMinutes,
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
    const serverPeakRssBytes = maxOver(server.servingPids(), 'VmHWM');
    const serverRssAfterBytes = maxOver(server.servingPids(), 'VmRSS');
    await server.stop();
    server = null;
    const search = await searchBench(dbPath, { towns, quick: flags.quick, buildMs: etl.searchIndexMs });
    const contentionResult =
      flags.contentionSeconds > 0 && towns === Math.max(...flags.scales)
        ? await contention(
            dbPath,
            join(workDir, 'no-client'),
            workload,
            flags.quick ? Math.min(3, flags.contentionSeconds) : flags.contentionSeconds,
            flags.quick ? 1 : flags.contentionRuns,
          )
        : null;

    // One town added and one replaced in this database (tests/bench/incremental-bench.ts).
    const incremental =
      towns >= 1000
        ? await measureIncremental({ dbPath, towns, loadPeakRssBytes: etl.etlPeakRssBytes })
        : null;
    const targets = scaleTargets(towns, etl, results, soak, serverPeakRssBytes, page, bundle, memorySoak);
    targets.push(...bureauTargets(bureaus));
    if (contentionResult) targets.push(...contentionTargets(contentionResult));
    const result: ScaleResult = {
      towns,
      cores,
      etl,
      regionSupported,
      endpoints: results,
      soak,
      memorySoak,
      serverPeakRssBytes,
      serverRssAfterBytes,
      loadAverage: loadavg(),
      steal: stolen(),
      page,
      pageError,
      contention: contentionResult,
      incremental,
      bureaus,
      targets,
      search,
    };
    printScale(result);
    printSearchBench(search);
    return result;
  } catch (error) {
    // A dead or failing server is a finding: show what it said.
    if (server) {
      const exit = server.child.exitCode ?? server.child.signalCode;
      console.error(
        `server ${exit === null ? 'still running' : `exited (${exit})`}; its last output:\n${server.log().slice(-3000)}`,
      );
    }
    throw error;
  } finally {
    await server?.stop();
    if (!flags.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Targets are judged on uncached cost (what a new filter costs): cache-miss HTTP latency for
 * filtered URLs, the direct SQL for unfiltered ones, the (cached) HTTP latency only without either.
 */
const p95Of = (e: EndpointResult) =>
  e.cold ? e.cold.p95 : e.sql ? Math.max(e.sql.p95, e.single.p95) : e.single.p95;

function scaleTargets(
  towns: number,
  etl: EtlResult,
  endpoints: EndpointResult[],
  soak: LoadResult | null,
  rss: number,
  page: PageResult | null,
  bundle: BundleResult | null,
  memorySoak: RssSoak | null,
): TargetRow[] {
  const rows: TargetRow[] = [];
  rows.push(targetRow('ETL throughput', etl.mbPerS, TARGETS.etlMBps, 'MB/s', true));
  if (towns === NATIONAL) rows.push(targetRow('national load time', etl.loadS, TARGETS.nationalLoadS, 's'));
  rows.push(targetRow('database size', etl.dbBytes, TARGETS.dbBytes, 'MB'));
  const aggregates = endpoints.filter((e) => e.group === 'aggregate');
  const worstAggregate = aggregates.reduce<EndpointResult | null>(
    (worst, e) => (!worst || p95Of(e) > p95Of(worst) ? e : worst),
    null,
  );
  if (worstAggregate)
    rows.push(
      targetRow(
        `aggregate p95, 1 client, cache misses (worst: ${worstAggregate.name})`,
        p95Of(worstAggregate),
        TARGETS.aggregateP95Ms,
        'ms',
      ),
    );
  const searches = endpoints.filter((e) => e.group === 'search');
  const worstSearch = searches.reduce<EndpointResult | null>(
    (worst, e) => (!worst || p95Of(e) > p95Of(worst) ? e : worst),
    null,
  );
  if (worstSearch)
    rows.push(
      targetRow(
        `items search p95, cache misses (worst: ${worstSearch.name})`,
        p95Of(worstSearch),
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
  if (memorySoak) {
    rows.push(
      targetRow(
        `server RSS growth, 10 conn × ${memorySoak.minutes} min (end over 1-minute sample)`,
        memorySoak.growth,
        TARGETS.rssGrowth,
        '%',
      ),
    );
    const load = memorySoak.load;
    rows.push(
      targetRow(
        'memory soak errors (errors + non-2xx + timeouts)',
        load.errors + load.non2xx + load.timeouts,
        0,
        '',
      ),
    );
  }
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
      `server peak RSS ${(result.serverPeakRssBytes / 2 ** 20).toFixed(1)} MiB · load average ${result.loadAverage.map((l) => l.toFixed(1)).join(' ')} · host ${formatSteal(result.steal)}` +
      (result.regionSupported
        ? ''
        : ' · region filter: NOT SUPPORTED by the server (town filter measured instead)'),
  );
  const table = result.endpoints.map((e) => ({
    endpoint: e.name.length > 36 ? `${e.name.slice(0, 35)}…` : e.name,
    KB: +(e.responseBytes / 1024).toFixed(1),
    'cold p50/p95': e.cold ? `${ms(e.cold.p50)}/${ms(e.cold.p95)}${e.coldSameAnswer ? '' : '≠'}` : '–',
    'warm p50/p95/p99': `${ms(e.single.p50)}/${ms(e.single.p95)}/${ms(e.single.p99)}`,
    'sql p50/p95': e.sql ? `${ms(e.sql.p50)}/${ms(e.sql.p95)}` : '–',
    'cold/sql': e.cold && e.sql ? (e.cold.p50 / e.sql.p50).toFixed(1) : '–',
    'c10 p50/p95/p99': e.c10 ? `${ms(e.c10.lat.p50)}/${ms(e.c10.lat.p95)}/${ms(e.c10.lat.p99)}` : '',
    'c10 rps': e.c10 ? Math.round(e.c10.rps) : '',
    'c50 p50/p95/p99': e.c50 ? `${ms(e.c50.lat.p50)}/${ms(e.c50.lat.p95)}/${ms(e.c50.lat.p99)}` : '',
    'c50 rps': e.c50 ? Math.round(e.c50.rps) : '',
    errors:
      e.singleErrors +
      e.coldErrors +
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
  if (result.memorySoak) {
    const m = result.memorySoak;
    console.log(
      `memory soak: 10 connections × ${m.minutes} min, ${m.load.lat.n} requests (${Math.round(m.load.rps)}/s), ` +
        `p95 ${ms(m.load.lat.p95)} ms; RSS MiB every 30 s: ` +
        m.samples
          .filter((_, i) => i % 6 === 0)
          .map((x) => (x.rssBytes / 2 ** 20).toFixed(0))
          .join(' ') +
        `; 1 min ${(m.warmBytes / 2 ** 20).toFixed(0)} → end ${(m.endBytes / 2 ** 20).toFixed(0)} (${(m.growth * 100).toFixed(1)}%)`,
    );
  }
  printBureauPhases(result.bureaus);
  if (result.contention) printContention(result.contention);
  if (result.page)
    console.log(
      `overview: LCP ${ms(result.page.lcpMs)} ms, TBT ${ms(result.page.tbtMs)} ms, FCP ${ms(result.page.fcpMs)} ms, JS loaded ${(result.page.jsBytes / 1024).toFixed(1)} KB transferred (${(result.page.jsDecodedBytes / 1024).toFixed(1)} KB decoded), ${result.page.apiRequests} API requests (median of ${result.page.runs})`,
    );
  for (const e of result.endpoints) {
    if (e.coldFailures.length > 0)
      console.log(`${e.name}: failed cold requests: ${e.coldFailures.join(' | ')}`);
  }
  if (result.pageError) console.log(`overview: not measured (${result.pageError})`);
  console.table(result.targets);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (process.argv.includes('--report')) return void (await reportBench(process.argv.slice(2)));
  const flags = readFlags();
  const started = new Date();
  const cores = cpus().length;
  console.log(
    `duty-map bench · ${cores} cores (${cpus()[0]?.model ?? 'cpu'}) · Node ${process.version} · scales ${flags.scales.join(', ')}${flags.quick ? ' · quick' : ''}`,
  );
  if (flags.etlRatio) return void (await etlRatioBench(flags.scales, flags.etlCorpus));
  const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:server failed');
  if (flags.contentionDb !== null) {
    const dbPath = flags.contentionDb;
    await contentionOnly(
      dbPath,
      Math.max(1, flags.contentionSeconds),
      flags.contentionRuns,
      async (_db, clientDir) => {
        const started = performance.now();
        const server = await startServer(dbPath, clientDir, { compiled: true });
        const healthMs = performance.now() - started;
        try {
          const phases = await bureauPhases(
            dbPath,
            { ...server, processes: server.servingPids().length, healthMs },
            flags.quick,
          );
          printBureauPhases(phases);
          return bureauTargets(phases);
        } finally {
          await server.stop();
        }
      },
    );
    return;
  }
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
  const projection = printSummary(scales);
  const clustering = flags.scales.some((t) => t >= 10_000)
    ? matchSection(flags.scales.includes(NATIONAL) ? [10_000, NATIONAL] : [10_000])
    : null;
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
        projection,
        clustering,
        failures,
      },
      null,
      2,
    ),
  );
  console.log(`\nresults: ${outFile}`);
  if (failures.length > 0) process.exitCode = 1;
}

interface Projection {
  fromTowns: [number, number];
  loadS: number;
  dbBytes: number;
}

/**
 * One line per scale, then the national projection from the growth between the two largest
 * scales measured (a one-town database is mostly fixed overhead, so a plain ×38,600 would mislead).
 */
function printSummary(scales: ScaleResult[]): Projection | null {
  if (scales.length === 0) return null;
  const worst = (s: ScaleResult, group: Endpoint['group']) =>
    Math.max(...s.endpoints.filter((e) => e.group === group).map(p95Of));
  console.log('\n=== summary across scales (one client p95; targets in brackets)');
  console.table(
    scales.map((s) => ({
      towns: s.towns,
      items: s.etl.items,
      'text MB': +(s.etl.textBytes / 1e6).toFixed(1),
      'ETL MB/s [≥25]': +s.etl.mbPerS.toFixed(1),
      'items/s': Math.round(s.etl.itemsPerS),
      'load s': +s.etl.loadS.toFixed(1),
      'DB MB': +(s.etl.dbBytes / 1e6).toFixed(1),
      'aggregate p95 ms [≤20]': +worst(s, 'aggregate').toFixed(1),
      'search p95 ms [≤150]': +worst(s, 'search').toFixed(1),
      'items p95 ms': +worst(s, 'items').toFixed(1),
      'towns p95 ms': +worst(s, 'towns').toFixed(1),
      'RSS MiB [≤400]': +(s.serverPeakRssBytes / 2 ** 20).toFixed(0),
      'LCP ms [≤1000]': s.page ? +s.page.lcpMs.toFixed(0) : '–',
      'TBT ms [≤100]': s.page ? +s.page.tbtMs.toFixed(0) : '–',
    })),
  );
  const sorted = [...scales].sort((a, b) => a.towns - b.towns);
  const last = sorted[sorted.length - 1];
  const previous = sorted[sorted.length - 2];
  if (!last || !previous || last.towns === NATIONAL || last.towns < 100) return null;
  const perTown = (a: number, b: number) => (b - a) / (last.towns - previous.towns);
  const loadS = last.etl.loadS + (NATIONAL - last.towns) * perTown(previous.etl.loadS, last.etl.loadS);
  const dbBytes =
    last.etl.dbBytes + (NATIONAL - last.towns) * perTown(previous.etl.dbBytes, last.etl.dbBytes);
  console.log(`national projection (linear from ${previous.towns} → ${last.towns} towns):`);
  console.table([
    targetRow('38,600-town load time (projected)', loadS, TARGETS.nationalLoadS, 's'),
    targetRow('38,600-town database size (projected)', dbBytes, TARGETS.dbBytes, 'MB'),
  ]);
  return { fromTowns: [previous.towns, last.towns], loadS, dbBytes };
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
