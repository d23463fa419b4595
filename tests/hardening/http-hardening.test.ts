// What the server does with requests a browser on the intended page would never send: a Host it does not
// serve (DNS rebinding), requests Node's parser or @hono/node-server reject before the app, an asset that
// does not exist. Each is answered in the one error shape with the same security headers as everything
// else, by the real HTTP server (server/http-server.ts) on a real port, read back from a raw socket.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { createHttpServer, type HttpServerOptions } from '../../server/http-server.ts';
import { securityHeaders } from '../../server/security-headers.ts';
import { rawRequest, type RawResponse } from '../support/raw-http.ts';
import { buildSeedDb } from '../support/seed-db.ts';

const ASSET = '/assets/index-abc123.js';
const INDEX_HTML = `<!doctype html><html><body><script type="module" src="${ASSET}"></script></body></html>`;

let db: Db;
let staticRoot: string;
const servers: Server[] = [];

/** The real HTTP server around the app on a free loopback port. */
async function listen(
  options: Omit<AppOptions, 'db'> = {},
  timeouts: Pick<HttpServerOptions, 'headersTimeoutMs'> = {},
): Promise<number> {
  const app = createApp({ db, staticRoot, ...options });
  const server = createHttpServer({
    fetch: app.fetch,
    headers: securityHeaders({ hstsMaxAge: options.hstsMaxAge ?? 0 }),
    ...timeouts,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const get = (port: number, path: string, host = `127.0.0.1:${port}`) =>
  rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);

function expectError(res: RawResponse, status: number, code: string): { code: string; message: string } {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error;
}

/** The same framing and CSP on every kind of answer, and HSTS only when asked for. */
function expectSecurityHeaders(res: RawResponse, hsts?: string): void {
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['strict-transport-security']).toBe(hsts);
}

let port: number;
beforeAll(async () => {
  db = await openDb({ path: await buildSeedDb(), queryTimeoutMs: 10_000 });
  staticRoot = mkdtempSync(join(tmpdir(), 'duty-map-client-'));
  mkdirSync(join(staticRoot, 'assets'));
  writeFileSync(join(staticRoot, 'index.html'), INDEX_HTML);
  writeFileSync(join(staticRoot, ASSET), 'console.log(1);');
  port = await listen();
});
afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await db?.close();
});

describe('missing static files', () => {
  it('answers a missing /assets/*.js 404 without long caching, never index.html', async () => {
    const missing = await get(port, '/assets/index-old999.js');
    expect(expectError(missing, 404, 'not_found').message).toContain('/assets/index-old999.js');
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.body).not.toContain('<!doctype html>');
    expectSecurityHeaders(missing);
  });

  it('answers any other missing file 404 too, and still serves the page for dashboard routes', async () => {
    expectError(await get(port, '/favicon.ico'), 404, 'not_found');
    expectError(await get(port, '/assets/nested/style.css'), 404, 'not_found');
    const route = await get(port, '/departments/some-route');
    expect(route.status).toBe(200);
    expect(route.body).toBe(INDEX_HTML);
    expect(route.headers['cache-control']).toBe('no-cache');
  });

  it('still caches an asset that exists for a year', async () => {
    const asset = await get(port, ASSET);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(asset);
  });
});

describe('Host allow-list (DNS rebinding)', () => {
  it('answers the loopback names, with or without port and in any case', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'LOCALHOST',
      `[::1]:${port}`,
      '127.0.0.1',
    ]) {
      const res = await get(port, '/api/health', host);
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', items: 181 });
    }
  });

  it('refuses any other host 421 in the error shape, for the API and the dashboard alike', async () => {
    for (const [path, host] of [
      ['/api/health', 'evil.example'],
      ['/api/summary', `attacker.example:${port}`],
      ['/', 'rebind.127.0.0.1.nip.io'],
      [ASSET, '10.0.0.1'],
    ] as const) {
      const res = await get(port, path, host);
      expect(expectError(res, 421, 'host_not_allowed').message).toContain(host.split(':')[0]);
      expect(res.body).not.toContain('181');
      expectSecurityHeaders(res);
    }
    // The absolute form of the request target names the host too.
    const absolute = await rawRequest(
      port,
      `GET http://evil.example/api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
    );
    expectError(absolute, 421, 'host_not_allowed');
  });

  it('answers a request without a Host header 400 in the error shape', async () => {
    for (const request of ['GET /api/health HTTP/1.1\r\n\r\n', 'GET /api/health HTTP/1.0\r\n\r\n']) {
      const res = await rawRequest(port, request);
      expect(expectError(res, 400, 'bad_request').message).toMatch(/host/i);
      expectSecurityHeaders(res);
    }
  });

  it('adds ALLOWED_HOSTS names and a specific HOST address, and nothing else', async () => {
    const configured = await listen({ allowedHosts: ['duty-map.example.gov.cn'], listenHost: '127.0.0.1' });
    expect((await get(configured, '/api/health', 'duty-map.example.gov.cn')).status).toBe(200);
    expect((await get(configured, '/api/health', `DUTY-MAP.example.gov.cn:${configured}`)).status).toBe(200);
    expectError(await get(configured, '/api/health', 'other.example.gov.cn'), 421, 'host_not_allowed');
    expectError(await get(configured, '/api/health', 'example.gov.cn'), 421, 'host_not_allowed');

    const onAddress = await listen({ listenHost: '10.20.30.40' });
    expect((await get(onAddress, '/api/health', '10.20.30.40:8787')).status).toBe(200);
    // Listening everywhere names no host: only loopback names until ALLOWED_HOSTS says more.
    const everywhere = await listen({ listenHost: '0.0.0.0' });
    expectError(await get(everywhere, '/api/health', '0.0.0.0'), 421, 'host_not_allowed');
    expect((await get(everywhere, '/api/health', 'localhost')).status).toBe(200);
  });
});

describe('requests rejected before the app', () => {
  it('answers a URL over 16 KB 431 in the error shape', async () => {
    const res = await get(port, `/api/items?q=${'a'.repeat(17 * 1024)}`);
    expect(expectError(res, 431, 'headers_too_large').message).toContain('16 KB');
    expectSecurityHeaders(res);
  });

  it('answers an unknown method 400 in the error shape', async () => {
    const res = await rawRequest(port, `FOO /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(expectError(res, 400, 'bad_request').message).toMatch(/method/i);
    expectSecurityHeaders(res);
  });

  it('answers a raw backslash in the path 400 in the error shape', async () => {
    const res = await get(port, '/api\\health');
    expect(expectError(res, 400, 'bad_request').message).toMatch(/backslash/i);
    expectSecurityHeaders(res);
    expectError(await get(port, '/..\\..\\package.json'), 400, 'bad_request');
  });

  it('answers OPTIONS * 400 in the error shape', async () => {
    const res = await rawRequest(port, `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expectError(res, 400, 'bad_request');
    expectSecurityHeaders(res);
  });

  it('answers a malformed request line or header 400 in the error shape', async () => {
    for (const request of [
      'GET /api/health HTTP/9.9\r\nHost: localhost\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: a b\r\n\r\n',
      '\u0000\u0001\u0002 garbage\r\n\r\n',
    ]) {
      const res = await rawRequest(port, request);
      expectError(res, 400, 'bad_request');
      expectSecurityHeaders(res);
    }
  });

  it('answers a client too slow to send its headers 408 in the error shape', async () => {
    const slow = await listen({}, { headersTimeoutMs: 300 });
    const started = Date.now();
    // The headers never end: no blank line.
    const res = await rawRequest(
      slow,
      'GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n',
      10_000,
    );
    expect(expectError(res, 408, 'request_timeout').message).toMatch(/in time/);
    expectSecurityHeaders(res);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('keeps serving after all of them', async () => {
    const res = await get(port, '/api/summary');
    expect(res.status).toBe(200);
  });
});

describe('HSTS', () => {
  it('is not sent over plain HTTP unless configured', async () => {
    for (const path of ['/api/health', '/', '/assets/missing.js']) {
      expect((await get(port, path)).headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('is sent on every answer, rejections included, when HSTS_MAX_AGE says the server is behind TLS', async () => {
    const behindTls = await listen({ hstsMaxAge: 31_536_000 });
    const hsts = 'max-age=31536000';
    expectSecurityHeaders(await get(behindTls, '/api/health'), hsts);
    expectSecurityHeaders(await get(behindTls, '/'), hsts);
    expectSecurityHeaders(await get(behindTls, '/api/health', 'evil.example'), hsts);
    expectSecurityHeaders(await get(behindTls, `/${'x'.repeat(17 * 1024)}`), hsts);
    expectSecurityHeaders(await rawRequest(behindTls, 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n'), hsts);
  });
});
