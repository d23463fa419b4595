// JSON answers that DuckDB wrote (Db.json): UTF-8 bytes sent as they are, joined without parsing, and
// parsed only where a caller needs objects.
import type { Context, TypedResponse } from 'hono';
import { gzippedEtag } from '../shared/answer-encoding.ts';

const decoder = new TextDecoder();

/** The JSON text as a value. */
export function parseJsonBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

/**
 * Answers 200 with JSON text already written, typed as `T` for `hc<AppType>` as c.json would type it.
 * The body is not checked against T here: tests hold each route's answers to its schema (responses.ts).
 */
export function jsonBytes<T>(
  c: Context,
  bytes: Uint8Array<ArrayBuffer>,
): Response & TypedResponse<T, 200, 'json'> {
  const response: Response = c.body(bytes, 200, { 'Content-Type': 'application/json' });
  return response as Response & TypedResponse<T, 200, 'json'>;
}

/**
 * Answers 200 with a JSON answer already gzipped (stored so by the load), typed as jsonBytes types it; for
 * a client that accepts gzip. Its headers are those the response cache gives a gzipped answer
 * (server/response-cache.ts), which keeps it as it is; `etag` is the plain answer's (strong) ETag.
 */
export function gzippedJsonBytes<T>(
  c: Context,
  gzipped: Uint8Array<ArrayBuffer>,
  etag: string,
): Response & TypedResponse<T, 200, 'json'> {
  const response: Response = c.body(gzipped, 200, {
    'Content-Type': 'application/json',
    'Content-Encoding': 'gzip',
    Vary: 'Accept-Encoding',
    ETag: gzippedEtag(etag),
  });
  return response as Response & TypedResponse<T, 200, 'json'>;
}
