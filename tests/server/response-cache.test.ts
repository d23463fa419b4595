// Answers are cached per database version: repeated requests do not query again, concurrent
// identical requests share one query, and a file replaced by the ETL is seen at once.
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { acceptsGzip } from '../../server/response-cache.ts';
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

  it('keeps answers gzipped: a hit sends the stored bytes to gzip clients and the plain answer to others', async () => {
    const path = '/api/penalties/by-bureau?kind=reclaimed';
    const plain = await app.request(path);
    const text = await plain.text();
    expect((JSON.parse(text) as { bureaus: unknown[] }).bureaus).toHaveLength(4);
    const before = queries;
    const zipped = await app.request(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    const again = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(queries).toBe(before);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    // The plain and the gzipped answer are the same data: the compressed one's ETag is the weak form.
    expect(zipped.headers.get('etag')).toBe(`W/${plain.headers.get('etag')}`);
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    // Compressed once: the second hit sends the very same bytes.
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    const refused = await app.request(path, { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(await refused.text()).toBe(text);
    expect(queries).toBe(before);
  });

  it('reads Accept-Encoding as HTTP defines it', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
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
