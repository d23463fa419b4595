// What every response carries besides its body: security headers, caching and ETags, compression,
// CORS only when configured, and the built dashboard with its SPA fallback.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

const INDEX_HTML =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

let dbPath: string;
let seed: SeedApp;
let staticRoot: string;
beforeAll(async () => {
  dbPath = await buildSeedDb();
  staticRoot = mkdtempSync(join(tmpdir(), 'duty-map-client-'));
  mkdirSync(join(staticRoot, 'assets'));
  writeFileSync(join(staticRoot, 'index.html'), INDEX_HTML);
  writeFileSync(
    join(staticRoot, 'assets', 'index-abc123.js'),
    `console.log(${JSON.stringify('x'.repeat(4000))});`,
  );
  writeFileSync(join(staticRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  seed = await openSeedApp({ staticRoot }, dbPath);
});
afterAll(async () => {
  await seed?.close();
});

describe('security headers', () => {
  it('sends a CSP that allows only this origin for scripts, inline styles for charts, data:/blob: images', async () => {
    for (const path of ['/api/summary', '/', '/api/nothing']) {
      const res = await seed.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data: blob:");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('caching', () => {
  it('revalidates API data with a weak ETag and answers 304 when it has not changed', async () => {
    const first = await seed.get('/api/categories');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^(W\/)?"/);
    const again = await seed.app.request('/api/categories', { headers: { 'If-None-Match': tag ?? '' } });
    expect(again.status).toBe(304);
    const other = await seed.get('/api/categories?kind=basic');
    expect(other.headers.get('etag')).not.toBe(tag);
  });

  it('caches hashed assets for a year and index.html not at all', async () => {
    const asset = await seed.get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const index = await seed.get('/');
    expect(index.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('compression', () => {
  it('gzips large JSON when the client accepts it', async () => {
    const res = await seed.app.request('/api/items?limit=200', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('etag')).toMatch(/^W\//);
    const plain = await seed.app.request('/api/items?limit=200');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(((await plain.json()) as { items: unknown[] }).items).toHaveLength(181);
  });
});

describe('CORS', () => {
  it('is off unless an origin is configured', async () => {
    const res = await seed.get('/api/health', { Origin: 'https://example.org' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origin', async () => {
    const withCors = await openSeedApp({ corsOrigin: 'https://dash.example.org' }, dbPath);
    try {
      const res = await withCors.get('/api/health', { Origin: 'https://dash.example.org' });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
      const preflight = await withCors.app.request('/api/items', {
        method: 'OPTIONS',
        headers: { Origin: 'https://dash.example.org', 'Access-Control-Request-Method': 'GET' },
      });
      expect(preflight.status).toBe(204);
    } finally {
      await withCors.close();
    }
  });
});

describe('the dashboard', () => {
  it('serves dist/client files and index.html for any other non-API path', async () => {
    const index = await seed.get<string>('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.body).toBe(INDEX_HTML);
    const favicon = await seed.get('/favicon.svg');
    expect(favicon.headers.get('content-type')).toContain('image/svg+xml');
    for (const route of ['/departments', '/items/t2bbd4796eb-r47', '/a/b/c?x=1']) {
      const res = await seed.get<string>(route);
      expect(res.status, route).toBe(200);
      expect(res.body).toBe(INDEX_HTML);
    }
  });

  it('never answers an API path with the dashboard', async () => {
    const res = await seed.get('/api/departmentz');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('/api/departmentz') },
    });
  });

  it('does not serve files outside dist/client', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const res = await seed.get<string>(path);
      expect([200, 400, 404]).toContain(res.status);
      expect(String(res.body)).not.toContain('"name": "duty-map"');
    }
  });
});
