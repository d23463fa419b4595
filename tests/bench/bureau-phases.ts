// The bench's by-bureau section (issue 13): GET /api/penalties/by-bureau with the API's defaults (50
// bureaus, 50 items each, 50 kept items), where its time goes. In-process on the server's own Db (as one
// of two serving processes opens it): the bureaus' query, the kept items' query (each writes its JSON),
// both together as the route runs them, joining the two into the answer, and its gzip as the response
// cache compresses it; over HTTP on the running server: cache misses (the same query under distinct
// URLs: the defaults written out with leading zeros) and cached answers. The target (≤ 20 ms p95) is
// judged on the cache misses, the cost of a first request. The whole database at the defaults is stored
// as one answer by the load (etl/rollup-penalty-lists.sql), also joined and gzipped (etl/stored-answer.ts):
// a gzip client's miss reads those bytes (the phase 'stored encoded answer read'; the phases before it are
// what a miss ran until then, and still runs for a client without gzip). Misses that it does not cover are
// printed beside it: the dashboard's 8 items per bureau, one province and one bureau. The first miss of each
// serving process is printed apart (each process warms itself after it starts listening, server/warm-up.ts),
// with what that warm-up takes on a freshly opened instance here, and the server's start to healthy.
// The bench's own client is warmed first (CLIENT_WARM_UP requests for the cached answer): the first
// requests of Node's fetch in a process cost it 19-23 ms each even against a bare server answering fixed
// bytes (2-3 ms once warm), which a dashboard's browser, its connection open, does not pay. What is left
// of the client and the loopback is printed as the HTTP floor: the same client, warmed the same way,
// against a bare node:http server in this process answering the stored gzipped bytes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createApp } from '../../server/app.ts';
import { openDb } from '../../server/db.ts';
import { LIST_DEFAULTS } from '../../server/filters/request-schemas.ts';
import { joinJsonObjects } from '../../shared/json-objects.ts';
import {
  encodedPenaltyAnswer,
  keptPenaltiesJson,
  penaltyBureausJson,
} from '../../server/queries/penalties.ts';
import { GZIP_LEVEL } from '../../server/response-cache.ts';
import { warmUp } from '../../server/warm-up.ts';
import { HEADERS, latency, ms, targetRow, type Latency, type TargetRow } from './bench-stats.ts';

const PATH = '/api/penalties/by-bureau';

export interface BureauPhases {
  bureausSql: Latency;
  keptSql: Latency;
  /** Both queries at once, as the route runs them. */
  bothSql: Latency;
  /** The two lists' JSON joined into the answer's bytes. */
  join: Latency;
  gzip: Latency;
  /** The whole answer as the load stored it, gzipped (what a gzip client's miss reads). */
  encodedSql: Latency;
  /** Its size (bytes). */
  storedGzipBytes: number;
  jsonBytes: number;
  gzipBytes: number;
  httpCold: Latency;
  /** The same client against a bare HTTP server answering the stored gzipped bytes (the client and loopback). */
  httpFloor: Latency;
  /** The first cache miss of each serving process (requests go to the processes in turn), ms. */
  firstMisses: number[];
  /** Cache misses the stored answer does not cover, by what they ask. */
  otherCold: { label: string; lat: Latency }[];
  httpWarm: Latency;
  coldErrors: number;
  /** server/warm-up.ts on the instance opened here, before anything else read it (ms). */
  coldWarmUpMs: number;
  /** The server's start, spawn to healthy (ms), when the caller timed it. */
  startupMs?: number;
}

/** How the caller started the server the HTTP parts run against. */
export interface ServerStart {
  url: string;
  processes: number;
  healthMs?: number;
}

async function timeIt(run: () => unknown, budgetMs: number, max = 200): Promise<Latency> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < max && (samples.length < 10 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return latency(samples);
}

/**
 * Distinct URLs the server reads as the same request (the defaults, or `itemsLimit` items per bureau and
 * the `filter` query given): each a cache miss running the same queries.
 */
export function defaultVariants(count: number, itemsLimit = 50, filter = ''): string[] {
  const urls: string[] = [];
  for (let i = 1; urls.length < count && i < 64; i++)
    urls.push(
      `${PATH}?limit=${'0'.repeat(i % 8)}50&itemsLimit=${'0'.repeat(Math.floor(i / 8))}${itemsLimit}${filter}`,
    );
  return urls;
}

/** Requests the bench's client sends, not timed, before it times any (see the top of this file). */
export const CLIENT_WARM_UP = 20;

async function warmClient(url: string): Promise<void> {
  for (let i = 0; i < CLIENT_WARM_UP; i++)
    await (await fetch(url + PATH, { headers: HEADERS })).arrayBuffer();
}

/** The HTTP floor: a warmed client's requests to a bare server answering `gzipped` as it is. */
async function httpFloor(gzipped: Uint8Array, paths: string[]): Promise<Latency> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end(gzipped);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await warmClient(url);
    return latency((await getEach(url, paths)).samples);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Each URL once, in turn: latencies, and how many were not answered 200. */
async function getEach(url: string, paths: string[]): Promise<{ samples: number[]; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  for (const path of paths) {
    const t = performance.now();
    const res = await fetch(url + path, { headers: HEADERS });
    await res.arrayBuffer();
    samples.push(performance.now() - t);
    if (res.status !== 200) errors += 1;
  }
  return { samples, errors };
}

export async function bureauPhases(
  dbPath: string,
  server: ServerStart,
  quick: boolean,
): Promise<BureauPhases> {
  const { url } = server;
  const budget = quick ? 500 : 3_000;
  const db = await openDb({
    path: dbPath,
    queryTimeoutMs: 60_000,
    memoryLimit: '160MB',
    threads: Math.max(1, Math.floor(availableParallelism() / 2)),
  });
  const filters = {};
  const bureaus = () => penaltyBureausJson(db, filters);
  const kept = () => keptPenaltiesJson(db, filters);
  let parts: Uint8Array[] = [];
  let phases: Omit<
    BureauPhases,
    'httpCold' | 'httpFloor' | 'firstMisses' | 'otherCold' | 'httpWarm' | 'coldErrors'
  >;
  let storedGzip = new Uint8Array();
  let province = '';
  let bureau = '';
  try {
    const coldWarmUpMs = await warmUp(createApp({ db }).fetch);
    // Filters the stored answer does not cover: the largest province, the bureau with most penalties.
    [province = '', bureau = ''] = (
      await db.all<{ v: string }>(
        `(SELECT province AS v FROM towns WHERE province IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, v LIMIT 1)
         UNION ALL (SELECT department FROM rollup_departments_all ORDER BY penalty_rank LIMIT 1)`,
      )
    ).map((row) => encodeURIComponent(row.v));
    const bureausSql = await timeIt(bureaus, budget);
    const keptSql = await timeIt(kept, budget);
    const bothSql = await timeIt(async () => {
      parts = await Promise.all([bureaus(), kept()]);
    }, budget);
    const body = joinJsonObjects(parts);
    const join = await timeIt(() => joinJsonObjects(parts), budget);
    const compress = () => promisify(gzip)(body, { level: GZIP_LEVEL });
    const gzipped = await compress();
    const defaults = {
      limit: LIST_DEFAULTS.bureaus,
      itemsLimit: LIST_DEFAULTS.itemsPerBureau,
      keptLimit: LIST_DEFAULTS.kept,
      keptOffset: 0,
    };
    const encoded = () => encodedPenaltyAnswer(db, filters, defaults);
    const stored = await encoded();
    storedGzip = stored?.gzip ?? gzipped;
    phases = {
      coldWarmUpMs,
      bureausSql,
      keptSql,
      bothSql,
      join,
      gzip: await timeIt(compress, budget),
      encodedSql: await timeIt(encoded, budget),
      storedGzipBytes: stored?.gzip.byteLength ?? 0,
      jsonBytes: body.byteLength,
      gzipBytes: gzipped.byteLength,
    };
  } finally {
    await db.close();
  }
  const coldPaths = defaultVariants(quick ? 10 : 60);
  const floor = await httpFloor(storedGzip, coldPaths);
  await warmClient(url);
  const cold = await getEach(url, coldPaths);
  let coldErrors = cold.errors;
  const others: [string, number, string][] = [
    ['8 items per bureau (the dashboard’s)', 8, ''],
    ['one province', 50, `&region=${province}`],
    ['one bureau', 50, `&department=${bureau}`],
  ];
  const otherCold: BureauPhases['otherCold'] = [];
  for (const [label, itemsLimit, filter] of others) {
    const miss = await getEach(url, defaultVariants(quick ? 5 : 30, itemsLimit, filter));
    coldErrors += miss.errors;
    otherCold.push({ label, lat: latency(miss.samples) });
  }
  const httpWarm = await timeIt(
    async () => (await fetch(url + PATH, { headers: HEADERS })).arrayBuffer(),
    budget,
  );
  return {
    ...phases,
    httpCold: latency(cold.samples),
    httpFloor: floor,
    firstMisses: cold.samples.slice(0, server.processes),
    otherCold,
    httpWarm,
    coldErrors,
    ...(server.healthMs === undefined ? {} : { startupMs: server.healthMs }),
  };
}

export function printBureauPhases(p: BureauPhases): void {
  const row = (phase: string, l: Latency) => ({ phase, 'p50 ms': ms(l.p50), 'p95 ms': ms(l.p95), n: l.n });
  console.log(
    `penalties/by-bureau (API defaults): ${(p.jsonBytes / 1024).toFixed(0)} KB JSON, ${(p.gzipBytes / 1024).toFixed(0)} KB gzipped` +
      (p.storedGzipBytes > 0
        ? `, stored gzipped by the load: ${(p.storedGzipBytes / 1024).toFixed(0)} KB`
        : ' (not stored gzipped: a file loaded before etl/stored-answer.ts)'),
  );
  console.table([
    row('bureaus query (Db.all, in-process)', p.bureausSql),
    row('kept items query', p.keptSql),
    row('both, as the route runs them', p.bothSql),
    row('joining the two into the answer', p.join),
    row(`gzip of the answer (level ${GZIP_LEVEL})`, p.gzip),
    row('stored encoded answer read (Db.blob)', p.encodedSql),
    row('HTTP floor: this client, a bare server sending the stored bytes', p.httpFloor),
    row('HTTP, cache miss (distinct URLs)', p.httpCold),
    ...p.otherCold.map(({ label, lat }) => row(`HTTP, cache miss, ${label}`, lat)),
    row('HTTP, cached answer', p.httpWarm),
  ]);
  console.log(
    `penalties/by-bureau: first miss of each serving process ${p.firstMisses.map(ms).join(', ')} ms` +
      `; the warm-up each process runs once listening: ${ms(p.coldWarmUpMs)} ms on a cold instance` +
      (p.startupMs === undefined ? '' : `; server start to healthy ${ms(p.startupMs)} ms`),
  );
}

export function bureauTargets(p: BureauPhases): TargetRow[] {
  return [
    targetRow('penalties/by-bureau (defaults) p95 over HTTP, cache misses', p.httpCold.p95, 20, 'ms'),
    targetRow('penalties/by-bureau (defaults) p95 over HTTP, cached', p.httpWarm.p95, 20, 'ms'),
  ];
}
