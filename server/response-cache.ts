// Caches successful API answers per database version and URL. The data only changes when the ETL
// replaces the file, and then the version changes, so a cached answer is exactly what the query would
// return. Identical requests arriving together share one computation. Bounded by total size, least
// recently used out first.
//
// Answers are kept gzipped, compressed once off the event loop: a hit sends the stored bytes as they are
// to a client that accepts gzip (nearly every one), instead of compressing the same answer again on every
// request (for a 400 KB answer such as penalties/by-bureau that was most of its time), and the cache holds
// several times more answers in the same memory. A client that does not accept gzip gets them unzipped.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import type { Db } from './db.ts';
import { etagOf, gzippedEtag } from '../shared/answer-encoding.ts';

// Level 3 compresses a 400 KB JSON answer (penalties/by-bureau at national scale) in well under half the
// time of zlib's default level 6, to a body ~15 % larger (27 KB instead of 23 KB); a cache miss waits for
// this compression, a hit never does.
export const GZIP_LEVEL = 3;

// zlib hands back Buffers over a plain ArrayBuffer (never a shared one), which Hono's body takes.
const bytesOf = (buffer: Buffer) => buffer as Uint8Array<ArrayBuffer>;
const gzipAsync = async (bytes: Uint8Array) => bytesOf(await promisify(gzip)(bytes, { level: GZIP_LEVEL }));
const gunzipAsync = async (bytes: Uint8Array) => bytesOf(await promisify(gunzip)(bytes));

// Kept as bytes with their ETag, so a hit costs neither re-encoding nor re-hashing the body.
interface Entry {
  body: Uint8Array<ArrayBuffer>;
  /** The body is gzipped (answers this small are kept as they are: compress() leaves them too). */
  gzipped: boolean;
  contentType: string;
  /** The strong ETag of the uncompressed answer. */
  etag: string;
}

/** Below this size an answer is neither gzipped here nor by compress() (its default threshold). */
const GZIP_FROM_BYTES = 1024;

const sizeOf = (entry: Entry) => entry.body.byteLength;

// JSON data and the charts rendered from it (SVG); both depend only on the database file and the URL.
const CACHED_TYPES = /^(application\/json|image\/svg\+xml)\b/;

/** Whether an Accept-Encoding header accepts gzip (by name or `*`, with q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding.trim() === 'gzip') return accepted;
    if (coding.trim() === '*') wildcard = accepted;
  }
  return wildcard;
}

/**
 * A response's body as bytes. A body made from bytes or text arrives as one chunk, taken as it is:
 * arrayBuffer() would copy it twice. A miss of a large answer allocated several times its size in
 * buffers, which V8 counts against its old generation's room; every few misses then ran a full garbage
 * collection (20–30 ms of a request at national scale).
 */
async function bodyBytes(res: Response): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  const reader = res.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read())
    chunks.push(read.value);
  const [only] = chunks;
  // Taken as it is only when it is its whole buffer (a cached body must not hold a larger one alive).
  if (chunks.length === 1 && only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength)
    return only as Uint8Array<ArrayBuffer>;
  return bytesOf(Buffer.concat(chunks));
}

// Of gzipped bytes: JSON answers shrink 8–15×, so 32 MB holds what 64 MB of plain answers held several
// times over, and a serving process stays within its memory budget (DuckDB's limit, this, Node itself).
export function responseCache(db: Db, maxBytes = 32 * 1024 * 1024): MiddlewareHandler<AppEnv> {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | undefined>>();
  let bytes = 0;
  let cachedVersion = 0;

  async function answer(c: Context<AppEnv>, entry: Entry) {
    const headers: Record<string, string> = { 'Content-Type': entry.contentType, ETag: entry.etag };
    if (!entry.gzipped) return c.body(entry.body, 200, headers);
    // The same answer in two encodings: shared caches must key on Accept-Encoding, and the compressed
    // one is weakly equal to the plain one (as compress() marks its answers).
    headers.Vary = 'Accept-Encoding';
    if (acceptsGzip(c.req.header('Accept-Encoding')))
      return c.body(entry.body, 200, {
        ...headers,
        'Content-Encoding': 'gzip',
        ETag: gzippedEtag(entry.etag),
      });
    return c.body(await gunzipAsync(entry.body), 200, headers);
  }

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
        const encoding = c.res.headers.get('Content-Encoding');
        const body = await bodyBytes(c.res);
        if (encoding === null) {
          const gzipped = body.byteLength >= GZIP_FROM_BYTES;
          entry = { body: gzipped ? await gzipAsync(body) : body, gzipped, contentType, etag: etagOf(body) };
          c.res = await answer(c, entry);
        } else if (encoding === 'gzip') {
          // Gzipped already (an answer the load stored encoded, server/json-bytes.ts gzippedJsonBytes):
          // kept as it is, under the plain answer's ETag that it carries weakly.
          const etag = c.res.headers.get('ETag')?.replace(/^W\//, '');
          if (etag) entry = { body, gzipped: true, contentType, etag };
          c.res = entry ? await answer(c, entry) : new Response(body, c.res);
        } else {
          c.res = new Response(body, c.res);
        }
        if (entry && version === cachedVersion) remember(key, entry);
      }
    } finally {
      pending.delete(key);
      settle(entry);
    }
  };
}
