// The bench's contention section (issue 13): the compiled server, as `npm start` runs it, with 1 and with 2
// serving processes, each configuration started `runs` times (alternating, so the machine's other work
// falls on both alike). In each run:
//   - /api/health from one sequential client with nothing else running (idle), as long as under load;
//   - 50 connections each sending a different `q` (every one a cache miss and a scan over the texts, or
//     the search index where there is one) while health is polled again (loaded): answered/s, 503s and
//     health's p99 loaded over idle, the starvation target (≤ 3×);
//   - 50 connections each asking a different town's summary (cache misses, each a short query on the
//     roll-ups): answered/s, where the event loop's own work (validation, planning, JSON, compression)
//     is a large part of each request, so a second process has a core's worth of it to take;
//   - 10 connections each asking a different chart SVG (a cache miss: its rows from the database, the chart
//     drawn by ECharts) while health is polled again: charts/s and health under them (the first scale
//     issue measured 0.5 s health beside such a load, when charts were drawn on the event loop);
//   - the largest serving process's peak RSS (VmHWM) after the loads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CHART_NAMES } from '../../shared/charts/chart-names.ts';
import { startServer } from '../support/server-process.ts';
import { HEADERS, latency, maxOver, ms, targetRow, type Latency, type TargetRow } from './bench-stats.ts';

export interface Flood {
  lat: Latency;
  okPerS: number;
  /** Answered 503: overloaded (the queue was full) or query_timeout. */
  busy: number;
  otherErrors: number;
}

export interface Contention {
  workers: number;
  /** Which repetition of this configuration (1-based). */
  run: number;
  seconds: number;
  /** /api/health from one sequential client with nothing else running. */
  healthIdle: Latency;
  /** The same, while 50 connections each send a different `q`. */
  healthLoaded: Latency;
  search: Flood;
  /** 50 connections, each request a different town's summary (cheap cache misses). */
  light: Flood;
  /** 10 connections, each request a different chart SVG. */
  charts: Flood;
  /** /api/health meanwhile. */
  healthCharts: Latency;
  /** The largest serving process's VmHWM after the loads. */
  peakRssBytes: number;
  /** The largest serving process's VmHWM after the searches and after the town summaries (charts: peakRssBytes). */
  peakAfterBytes: { searches: number; summaries: number };
}

export interface ContentionWorkload {
  /** `/api/items?q=…`, each a different two-character search taken from the items' names. */
  searches: string[];
  /** `/api/summary?town=…`, one per town. */
  light: string[];
  /** `/api/charts/<name>.svg?width=…`: every chart in turn, each URL a different width and so a cache miss. */
  charts: string[];
}

/** Distinct searches and distinct light requests, from the loaded data. */
export async function contentionWorkload(connection: DuckDBConnection): Promise<ContentionWorkload> {
  const names = await connection.runAndReadAll(
    `SELECT DISTINCT name FROM items USING SAMPLE reservoir(5000 ROWS) REPEATABLE (13)`,
  );
  const seen = new Set<string>();
  for (const [name] of names.getRows()) {
    const chars = [...String(name)].filter((c) => /\p{Script=Han}/u.test(c));
    for (let i = 0; i + 1 < chars.length && seen.size < 20_000; i++) seen.add(`${chars[i]}${chars[i + 1]}`);
  }
  const towns = await connection.runAndReadAll(
    `SELECT town_id FROM towns ORDER BY hash(town_id) LIMIT 20000`,
  );
  return {
    searches: [...seen].map((q) => `/api/items?q=${encodeURIComponent(q)}`),
    light: towns.getRows().map(([town]) => `/api/summary?town=${encodeURIComponent(String(town))}`),
    charts: Array.from(
      { length: 2000 },
      (_, i) =>
        `/api/charts/${CHART_NAMES[i % CHART_NAMES.length]}.svg?width=${600 + i}&lang=${i % 2 ? 'en' : 'zh-CN'}`,
    ),
  };
}

/** Sequential GETs of one URL until `stop()` says so (at least `min`), their latencies. */
async function pollUntil(url: string, stop: () => boolean, min: number): Promise<Latency> {
  const samples: number[] = [];
  while (samples.length < min || !stop()) {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    samples.push(performance.now() - t);
  }
  return latency(samples);
}

/** `connections` for `seconds`, every request the next of `paths` (a counter shared by the connections). */
function flood(url: string, paths: string[], seconds: number, connections = 50): Promise<Flood> {
  let next = 0;
  const samples: number[] = [];
  let ok = 0;
  let busy = 0;
  let otherErrors = 0;
  return new Promise((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: HEADERS,
        timeout: 30,
        requests: [
          { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        if (next > paths.length)
          console.log(`contention: ${next} requests over ${paths.length} distinct URLs`);
        resolvePromise({
          lat: latency(samples),
          okPerS: ok / seconds,
          busy,
          otherErrors: otherErrors + result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      samples.push(responseTime);
      if (status === 200) ok += 1;
      else if (status === 503) busy += 1;
      else otherErrors += 1;
    });
  });
}

export async function contention(
  dbPath: string,
  clientDir: string,
  workload: ContentionWorkload,
  seconds: number,
  runs: number,
): Promise<Contention[]> {
  const results: Contention[] = [];
  for (let run = 1; run <= runs; run++) {
    for (const workers of [1, 2]) {
      const server = await startServer(dbPath, clientDir, {
        compiled: true,
        env: { WORKERS: String(workers) },
      });
      try {
        const healthUrl = `${server.url}/api/health`;
        // As long as health is polled under load below, so both p99s sample the machine's other work alike.
        const idleUntil = performance.now() + Math.max(3, seconds - 1) * 1000;
        const healthIdle = await pollUntil(healthUrl, () => performance.now() > idleUntil, 200);
        let done = false;
        // Each run its own part of the searches: a search answered before is not a cache miss in a
        // later run either way (each server starts empty), but the runs then measure different queries.
        const offset = ((run - 1) * 2 + workers - 1) * 1000;
        const searches = [...workload.searches.slice(offset), ...workload.searches.slice(0, offset)];
        const loading = flood(server.url, searches, seconds).finally(() => (done = true));
        // Let the load build up before health is measured under it.
        await new Promise((r) => setTimeout(r, 1_000));
        const healthLoaded = await pollUntil(healthUrl, () => done, 20);
        const search = await loading;
        const afterSearches = maxOver(server.servingPids(), 'VmHWM');
        const light = await flood(server.url, workload.light, seconds);
        const afterSummaries = maxOver(server.servingPids(), 'VmHWM');
        let drawn = false;
        const drawing = flood(server.url, workload.charts, seconds, 10).finally(() => (drawn = true));
        await new Promise((r) => setTimeout(r, 1_000));
        const healthCharts = await pollUntil(healthUrl, () => drawn, 20);
        const charts = await drawing;
        const peakRssBytes = maxOver(server.servingPids(), 'VmHWM');
        results.push({
          workers,
          run,
          seconds,
          healthIdle,
          healthLoaded,
          search,
          light,
          charts,
          healthCharts,
          peakRssBytes,
          peakAfterBytes: { searches: afterSearches, summaries: afterSummaries },
        });
      } finally {
        await server.stop();
      }
    }
  }
  return results;
}

export function printContention(results: Contention[]): void {
  console.log(
    'contention: 50 connections, each request a different q (cache misses), health polled meanwhile; ' +
      'then 50 connections, each request a different town summary (cheap cache misses); then 10 connections, ' +
      'each request a different chart SVG, health polled meanwhile',
  );
  console.table(
    results.map((r) => ({
      processes: r.workers,
      run: r.run,
      'q answered/s': +r.search.okPerS.toFixed(1),
      'q 503 (busy/timeout)': r.search.busy,
      'q p50/p99 ms': `${ms(r.search.lat.p50)}/${ms(r.search.lat.p99)}`,
      'health idle p50/p99': `${ms(r.healthIdle.p50)}/${ms(r.healthIdle.p99)}`,
      'health loaded p50/p99': `${ms(r.healthLoaded.p50)}/${ms(r.healthLoaded.p99)} (n ${r.healthLoaded.n})`,
      'loaded/idle p99': +(r.healthLoaded.p99 / r.healthIdle.p99).toFixed(2),
      'town summary answered/s': +r.light.okPerS.toFixed(0),
      'summary p50/p99 ms': `${ms(r.light.lat.p50)}/${ms(r.light.lat.p99)}`,
      'charts answered/s': +r.charts.okPerS.toFixed(1),
      'health under charts p50/p99': `${ms(r.healthCharts.p50)}/${ms(r.healthCharts.p99)}`,
      'other errors': r.search.otherErrors + r.light.otherErrors + r.charts.otherErrors,
      'peak RSS MiB': +(r.peakRssBytes / 2 ** 20).toFixed(0),
      'peak after q / summaries': `${(r.peakAfterBytes.searches / 2 ** 20).toFixed(0)} / ${(r.peakAfterBytes.summaries / 2 ** 20).toFixed(0)}`,
    })),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

export function contentionTargets(results: Contention[]): TargetRow[] {
  const rows: TargetRow[] = [];
  const of = (workers: number) => results.filter((r) => r.workers === workers);
  for (const workers of [1, 2]) {
    const runs = of(workers);
    if (runs.length === 0) continue;
    rows.push(
      targetRow(
        `health p99 under 50 distinct-q connections / idle p99, ${workers} process(es), worst of ${runs.length} run(s)`,
        Math.max(...runs.map((r) => r.healthLoaded.p99 / r.healthIdle.p99)),
        3,
        '×',
      ),
    );
  }
  const one = of(1);
  const two = of(2);
  if (one.length > 0 && two.length > 0) {
    rows.push(
      targetRow(
        'distinct-q answers/s, 2 processes over 1 (medians of the runs)',
        median(two.map((r) => r.search.okPerS)) / median(one.map((r) => r.search.okPerS)),
        1,
        '×',
        true,
      ),
      targetRow(
        'distinct town summaries/s, 2 processes over 1 (medians of the runs)',
        median(two.map((r) => r.light.okPerS)) / median(one.map((r) => r.light.okPerS)),
        1,
        '×',
        true,
      ),
    );
  }
  rows.push(
    targetRow(
      'serving process peak RSS under the contention loads (largest)',
      Math.max(...results.map((r) => r.peakRssBytes)),
      400 * 1024 * 1024,
      'MiB',
    ),
    targetRow(
      'errors other than 503 (busy or query timeout)',
      Math.max(...results.map((r) => r.search.otherErrors + r.light.otherErrors + r.charts.otherErrors)),
      0,
      '',
    ),
  );
  return rows;
}

/** `--contention-db PATH`: the serving sections alone, on a database built before (e.g. by `npm run etl`). */
export async function contentionOnly(
  dbPath: string,
  seconds: number,
  runs: number,
  before?: (dbPath: string, clientDir: string) => Promise<TargetRow[]>,
): Promise<void> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const workload = await contentionWorkload(connection);
  connection.closeSync();
  instance.closeSync();
  // These sections measure the API: a stand-in page, so the server does not build the dashboard first.
  const clientDir = mkdtempSync(join(tmpdir(), 'duty-map-bench-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>duty-map bench</title>');
  try {
    const targets = before ? await before(dbPath, clientDir) : [];
    const results = await contention(dbPath, clientDir, workload, seconds, runs);
    printContention(results);
    console.table([...targets, ...contentionTargets(results)]);
  } finally {
    rmSync(clientDir, { recursive: true, force: true });
  }
}
