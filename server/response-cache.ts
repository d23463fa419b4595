// Caches successful API answers per database version and URL. The data only changes when the ETL
// replaces the file, and then the version changes, so a cached answer is exactly what the query would
// return. Identical requests arriving together share one computation. Bounded by total size, least
// recently used out first.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import type { Db } from './db.ts';

// Kept as bytes with their ETag, so a hit costs neither re-encoding nor re-hashing the body.
interface Entry {
  body: ArrayBuffer;
  contentType: string;
  etag: string;
}

const sizeOf = (entry: Entry) => entry.body.byteLength;

// JSON data and the charts rendered from it (SVG); both depend only on the database file and the URL.
const CACHED_TYPES = /^(application\/json|image\/svg\+xml)\b/;

export function responseCache(db: Db, maxBytes = 64 * 1024 * 1024): MiddlewareHandler<AppEnv> {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | undefined>>();
  let bytes = 0;
  let cachedVersion = 0;

  const answer = (c: Context<AppEnv>, entry: Entry) =>
    c.body(entry.body, 200, { 'Content-Type': entry.contentType, ETag: entry.etag });

  function remember(key: string, entry: Entry) {
    if (sizeOf(entry) > maxBytes / 2) return;
    entries.set(key, entry);
    bytes += sizeOf(entry);
    for (const [oldest, old] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(oldest);
      bytes -= sizeOf(old);
    }
  }

  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const version = db.currentVersion ? await db.currentVersion() : db.version();
    if (version !== cachedVersion) {
      entries.clear();
      bytes = 0;
      cachedVersion = version;
    }
    const url = new URL(c.req.url);
    const key = `${version} ${url.pathname}${url.search}`;
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key);
      entries.set(key, hit);
      return answer(c, hit);
    }
    const shared = pending.get(key);
    if (shared) {
      const entry = await shared;
      if (entry) return answer(c, entry);
      return next();
    }

    let settle: (entry: Entry | undefined) => void = () => {};
    pending.set(key, new Promise((resolve) => (settle = resolve)));
    let entry: Entry | undefined;
    try {
      await next();
      const contentType = c.res.headers.get('Content-Type') ?? '';
      // Not cached: errors, and answers computed while the file was being swapped.
      if (c.res.status === 200 && CACHED_TYPES.test(contentType) && version === db.version()) {
        const body = await c.res.arrayBuffer();
        const etag = `"${createHash('sha1').update(new Uint8Array(body)).digest('base64url')}"`;
        entry = { body, contentType, etag };
        c.res = answer(c, entry);
        if (version === cachedVersion) remember(key, entry);
      }
    } finally {
      pending.delete(key);
      settle(entry);
    }
  };
}
