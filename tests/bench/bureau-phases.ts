// The bench's by-bureau section (issue 13): GET /api/penalties/by-bureau with the API's defaults (50
// bureaus, 50 items each, 50 kept items), where its time goes. In-process on the server's own Db (as one
// of two serving processes opens it): the bureaus' query, the kept items' query (each writes its JSON),
// both together as the route runs them, joining the two into the answer, and its gzip as the response
// cache compresses it; over HTTP on the running server: cache misses (the same query under distinct
// URLs: the defaults written out with leading zeros) and cached answers. The target (≤ 20 ms p95) is
// judged on the cache misses, the cost of a first request.
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { openDb } from '../../server/db.ts';
import { joinJsonObjects } from '../../server/json-bytes.ts';
import { keptPenaltiesJson, penaltyBureausJson } from '../../server/queries/penalties.ts';
import { GZIP_LEVEL } from '../../server/response-cache.ts';
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
  jsonBytes: number;
  gzipBytes: number;
  httpCold: Latency;
  httpWarm: Latency;
  coldErrors: number;
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

/** Distinct URLs the server reads as the defaults: each a cache miss running the same queries. */
export function defaultVariants(count: number): string[] {
  const urls: string[] = [];
  for (let i = 1; urls.length < count && i < 64; i++)
    urls.push(`${PATH}?limit=${'0'.repeat(i % 8)}50&itemsLimit=${'0'.repeat(Math.floor(i / 8))}50`);
  return urls;
}

export async function bureauPhases(dbPath: string, url: string, quick: boolean): Promise<BureauPhases> {
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
  let phases: Omit<BureauPhases, 'httpCold' | 'httpWarm' | 'coldErrors'>;
  try {
    const bureausSql = await timeIt(bureaus, budget);
    const keptSql = await timeIt(kept, budget);
    const bothSql = await timeIt(async () => {
      parts = await Promise.all([bureaus(), kept()]);
    }, budget);
    const body = joinJsonObjects(parts);
    const join = await timeIt(() => joinJsonObjects(parts), budget);
    const compress = () => promisify(gzip)(body, { level: GZIP_LEVEL });
    const gzipped = await compress();
    phases = {
      bureausSql,
      keptSql,
      bothSql,
      join,
      gzip: await timeIt(compress, budget),
      jsonBytes: body.byteLength,
      gzipBytes: gzipped.byteLength,
    };
  } finally {
    await db.close();
  }
  const cold: number[] = [];
  let coldErrors = 0;
  for (const path of defaultVariants(quick ? 10 : 60)) {
    const t = performance.now();
    const res = await fetch(url + path, { headers: HEADERS });
    await res.arrayBuffer();
    cold.push(performance.now() - t);
    if (res.status !== 200) coldErrors += 1;
  }
  const httpWarm = await timeIt(
    async () => (await fetch(url + PATH, { headers: HEADERS })).arrayBuffer(),
    budget,
  );
  return { ...phases, httpCold: latency(cold), httpWarm, coldErrors };
}

export function printBureauPhases(p: BureauPhases): void {
  const row = (phase: string, l: Latency) => ({ phase, 'p50 ms': ms(l.p50), 'p95 ms': ms(l.p95), n: l.n });
  console.log(
    `penalties/by-bureau (API defaults): ${(p.jsonBytes / 1024).toFixed(0)} KB JSON, ${(p.gzipBytes / 1024).toFixed(0)} KB gzipped`,
  );
  console.table([
    row('bureaus query (Db.all, in-process)', p.bureausSql),
    row('kept items query', p.keptSql),
    row('both, as the route runs them', p.bothSql),
    row('joining the two into the answer', p.join),
    row(`gzip of the answer (level ${GZIP_LEVEL})`, p.gzip),
    row('HTTP, cache miss (distinct URLs)', p.httpCold),
    row('HTTP, cached answer', p.httpWarm),
  ]);
}

export function bureauTargets(p: BureauPhases): TargetRow[] {
  return [
    targetRow('penalties/by-bureau (defaults) p95 over HTTP, cache misses', p.httpCold.p95, 20, 'ms'),
    targetRow('penalties/by-bureau (defaults) p95 over HTTP, cached', p.httpWarm.p95, 20, 'ms'),
  ];
}
