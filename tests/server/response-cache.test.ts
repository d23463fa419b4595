// Answers are cached per database version: repeated requests do not query again, concurrent
// identical requests share one query, and a file replaced by the ETL is seen at once.
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { buildSeedDb } from '../support/seed-db.ts';
import { writeTownVariants } from './town-variants.ts';

let dbPath: string;
let db: Db;
let queries = 0;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dbPath = await buildSeedDb();
  db = await openDb({ path: dbPath, queryTimeoutMs: 10_000, checkIntervalMs: 0 });
  // The real database, only counting the queries that reach it.
  const counting: Db = { ...db, all: (sql, params) => ((queries += 1), db.all(sql, params)) };
  app = createApp({ db: counting });
});
afterAll(async () => {
  await db?.close();
});

describe('the response cache', () => {
  it('answers a repeated request without querying, with the same body and ETag', async () => {
    const first = await app.request('/api/summary?kind=basic');
    const body = await first.text();
    const before = queries;
    const second = await app.request('/api/summary?kind=basic');
    expect(queries).toBe(before);
    expect(await second.text()).toBe(body);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('cache-control')).toBe('no-cache');
    const revalidated = await app.request('/api/summary?kind=basic', {
      headers: { 'If-None-Match': first.headers.get('etag') ?? '' },
    });
    expect(revalidated.status).toBe(304);
  });

  it('shares one computation between identical requests arriving together', async () => {
    const before = queries;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => app.request('/api/categories?kind=reclaimed')),
    );
    const bodies = await Promise.all(answers.map((res) => res.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(queries - before).toBeLessThanOrEqual(2);
  });

  it('caches rendered charts (SVG) like data', async () => {
    const first = await app.request('/api/charts/bureaus.svg?kind=reclaimed');
    expect(first.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const body = await first.text();
    const before = queries;
    const second = await app.request('/api/charts/bureaus.svg?kind=reclaimed');
    expect(queries).toBe(before);
    expect(await second.text()).toBe(body);
  });

  it('can be turned off, so every request runs its queries', async () => {
    let uncachedQueries = 0;
    const counting: Db = { ...db, all: (sql, params) => ((uncachedQueries += 1), db.all(sql, params)) };
    const uncached = createApp({ db: counting, cacheResponses: false });
    await uncached.request('/api/departments?kind=reclaimed');
    const once = uncachedQueries;
    expect(once).toBeGreaterThan(0);
    await uncached.request('/api/departments?kind=reclaimed');
    expect(uncachedQueries).toBeGreaterThan(once);
  });

  it('never caches errors', async () => {
    for (let i = 0; i < 2; i += 1) {
      const res = await app.request('/api/items/t0000000000-b1');
      expect(res.status).toBe(404);
    }
  });

  it('serves the new data as soon as the ETL has replaced the file', async () => {
    const before = (await (await app.request('/api/summary')).json()) as { items: { total: number } };
    expect(before.items.total).toBe(181);
    const [variant] = writeTownVariants(dirname(dbPath), 1);
    expect((await loadFiles({ dbPath, files: [variant!] })).ok).toBe(true);
    const after = (await (await app.request('/api/summary')).json()) as { items: { total: number } };
    expect(after.items.total).toBe(362);
  });
});
