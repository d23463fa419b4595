// Builds the Hono app: the Host allow-list, security headers, compression and caching middleware, the
// /api routes, the built dashboard with its SPA fallback, and the one error shape. Exports AppType for
// `hc<AppType>`.
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import { allowedHostNames, requestHostName } from './allowed-hosts.ts';
import type { AppEnv } from './context.ts';
import { QueryMemoryError, QueryTimeoutError, type Db } from './db.ts';
import { ApiError, errorBody } from './errors.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { responseCache } from './response-cache.ts';
import { securityHeaders } from './security-headers.ts';
import { AbandonedError, createWorkQueue, OverloadedError, type WorkQueue } from './work-queue.ts';
import { categoriesRoutes } from './routes/categories.ts';
import { changesRoutes } from './routes/changes.ts';
import { chartsRoutes } from './routes/charts.ts';
import { conformanceRoutes } from './routes/conformance.ts';
import { departmentsRoutes } from './routes/departments.ts';
import { dutiesRoutes } from './routes/duties.ts';
import { editionsRoutes } from './routes/editions.ts';
import { flowsRoutes } from './routes/flows.ts';
import { healthRoutes } from './routes/health.ts';
import { createImportsRoutes } from './routes/imports.ts';
import { itemsRoutes } from './routes/items.ts';
import { penaltiesRoutes } from './routes/penalties.ts';
import { qualityRoutes } from './routes/quality.ts';
import { regionsRoutes } from './routes/regions.ts';
import { createReportRoutes } from './routes/report.ts';
import { summaryRoutes } from './routes/summary.ts';
import { supportRoutes } from './routes/support.ts';
import { templatesRoutes } from './routes/templates.ts';
import { townsRoutes } from './routes/towns.ts';

export interface AppOptions {
  db: Db;
  /** The built dashboard (dist/client); without it only the API is served. */
  staticRoot?: string;
  /** Origin allowed to call the API cross-origin; CORS is off without it. */
  corsOrigin?: string;
  /**
   * Cache successful answers per database version and URL (default true). Off for callers that want
   * every request to run its queries, such as a benchmark recording the SQL behind each endpoint.
   */
  cacheResponses?: boolean;
  /**
   * Host names answered besides the loopback names (ALLOWED_HOSTS); any other Host is answered 421.
   * `listenHost` (HOST) is accepted too when it is a specific address.
   */
  allowedHosts?: readonly string[];
  listenHost?: string;
  /** Strict-Transport-Security max-age in seconds (HSTS_MAX_AGE); 0 or unset: no HSTS. */
  hstsMaxAge?: number;
  /**
   * Bounds the requests that run queries (cache misses); beyond it they are answered 503 with Retry-After.
   * Default: 3 at once, 64 waiting.
   */
  workQueue?: WorkQueue;
  log?: (message: string) => void;
  /**
   * Imports from the dashboard (POST /api/imports): the database they load into and IMPORT_TOKEN. Without
   * it every import is refused.
   */
  imports?: { dbPath: string; token?: string | undefined };
  /** How long a Word report may take (REPORT_TIMEOUT_MS); default REPORT_DEADLINE_MS. */
  reportDeadlineMs?: number | undefined;
}

// Hono keeps a malformed %-escape as literal text; for the API that would silently filter on garbage.
function malformedQueryParameter(url: string): string | undefined {
  const start = url.indexOf('?');
  if (start < 0) return undefined;
  for (const pair of url.slice(start + 1).split('&')) {
    const [rawName = '', rawValue = ''] = pair.split('=', 2);
    try {
      decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      return 'a parameter name';
    }
    try {
      decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return decodeURIComponent(rawName.replace(/\+/g, ' '));
    }
  }
  return undefined;
}

const isApiPath = (c: Context) => c.req.path === '/api' || c.req.path.startsWith('/api/');
const isFilePath = (c: Context) => c.req.path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(c.req.path);

export function createApp({
  db,
  staticRoot,
  corsOrigin,
  cacheResponses = true,
  allowedHosts = [],
  listenHost = '127.0.0.1',
  hstsMaxAge = 0,
  workQueue = createWorkQueue({ concurrency: 3, maxQueued: 64 }),
  log = console.error,
  imports,
  reportDeadlineMs,
}: AppOptions) {
  const app = new Hono<AppEnv>();
  const headers = Object.entries(securityHeaders({ hstsMaxAge }));
  const hosts = allowedHostNames(listenHost, allowedHosts);

  app.use(async (c, next) => {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  });
  app.use(async (c, next) => {
    const host = requestHostName(c.req.url);
    if (hosts.has(host)) return next();
    return c.json(
      errorBody(
        'host_not_allowed',
        `This server does not answer for host ${JSON.stringify(host)} (ALLOWED_HOSTS)`,
      ),
      421,
    );
  });
  app.use(compress());
  if (corsOrigin) app.use('/api/*', cors({ origin: corsOrigin, allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));
  app.use('/api/*', async (c, next) => {
    const malformed = malformedQueryParameter(c.req.url);
    if (malformed !== undefined) {
      throw new ApiError(400, 'invalid_parameter', `${malformed}: malformed percent-encoding`);
    }
    c.set('db', db);
    await next();
    // Data can change whenever the ETL runs: let clients keep it but revalidate with the ETag.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
  });
  app.use('/api/*', etag());
  // Imports keep their state on disk and bound their own work (server/routes/imports.ts): neither cached
  // per database version nor queued behind queries.
  const isImportPath = (c: Context) =>
    c.req.path === '/api/imports' || c.req.path.startsWith('/api/imports/');
  if (cacheResponses) {
    const cache = responseCache(db);
    app.use('/api/*', (c, next) =>
      c.req.path === '/api/health' || isImportPath(c) ? next() : cache(c, next),
    );
  }
  // After the cache: only a miss waits for a query slot. Health and this document run no heavy query.
  app.use('/api/*', (c, next) =>
    c.req.path === '/api/health' || c.req.path === '/api/openapi.json' || isImportPath(c)
      ? next()
      : workQueue.run(next, c.req.raw.signal),
  );

  const openApiDocument = buildOpenApiDocument();
  const routes = app
    .route('/api/health', healthRoutes)
    .route('/api/towns', townsRoutes)
    .route('/api/regions', regionsRoutes)
    .route('/api/summary', summaryRoutes)
    .route('/api/categories', categoriesRoutes)
    .route('/api/departments', departmentsRoutes)
    .route('/api/penalties', penaltiesRoutes)
    .route('/api/support', supportRoutes)
    .route('/api/flows', flowsRoutes)
    .route('/api/items', itemsRoutes)
    .route('/api/quality', qualityRoutes)
    .route('/api/charts', chartsRoutes)
    .route('/api/editions', editionsRoutes)
    .route('/api/changes', changesRoutes)
    .route('/api/duties', dutiesRoutes)
    .route('/api/conformance', conformanceRoutes)
    .route('/api/templates', templatesRoutes)
    .route('/api/report.docx', createReportRoutes({ deadlineMs: reportDeadlineMs }))
    .route(
      '/api/imports',
      createImportsRoutes(
        imports === undefined ? null : { dbPath: imports.dbPath, token: imports.token, listenHost },
      ),
    )
    .get('/api/openapi.json', (c) => c.json(openApiDocument));

  if (staticRoot) {
    const root = path.relative(process.cwd(), path.resolve(staticRoot)) || '.';
    const assets = serveStatic({ root });
    const spaFallback = serveStatic({ root, path: 'index.html' });
    app.use('*', async (c, next) => {
      await next();
      if (isApiPath(c)) return;
      // A missing file must not be remembered: after an upgrade the same name may exist.
      if (!c.res.ok) c.res.headers.set('Cache-Control', 'no-store');
      else if (!c.res.headers.has('Cache-Control'))
        // Vite puts a content hash in every file name under assets/; everything else may change.
        c.res.headers.set(
          'Cache-Control',
          c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
    });
    app.get('*', (c, next) => (isApiPath(c) ? next() : assets(c, next)));
    // The dashboard's own routes get index.html; a missing built file (assets/, or any path with a file
    // extension) is a 404, never the page in its place.
    app.get('*', (c, next) => (isApiPath(c) || isFilePath(c) ? next() : spaFallback(c, next)));
  }

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error.code, error.message), error.status);
    if (error instanceof QueryTimeoutError) return c.json(errorBody('query_timeout', error.message), 503);
    if (error instanceof QueryMemoryError) return c.json(errorBody('query_memory', error.message), 503);
    // Nobody reads this answer: the client has gone.
    if (error instanceof AbandonedError) return c.json(errorBody('overloaded', error.message), 503);
    if (error instanceof OverloadedError) {
      c.header('Retry-After', String(error.retryAfterS));
      c.header('Cache-Control', 'no-store');
      return c.json(errorBody('overloaded', error.message), 503);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody('bad_request', error.message || 'Bad request'), error.status);
    }
    log(
      `duty-map: ${c.req.method} ${c.req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return c.json(errorBody('internal_error', 'Internal server error'), 500);
  });

  return routes;
}

export type AppType = ReturnType<typeof createApp>;
