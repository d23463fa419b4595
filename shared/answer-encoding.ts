// How an API answer is identified and encoded for sending: its strong ETag (a hash of the plain bytes)
// and gzip. One source for the response cache (server/response-cache.ts), which encodes answers as they
// are computed, and for the load, which stores the by-bureau answer at the API's defaults already encoded
// (etl/stored-answer.ts): a client gets the same ETag for the same answer whichever encoded it.
import { createHash } from 'node:crypto';

/** The strong ETag of an answer's plain (uncompressed) bytes. */
export const etagOf = (plain: Uint8Array): string =>
  `"${createHash('sha1').update(plain).digest('base64url')}"`;

/** The ETag of the same answer sent gzipped: weakly equal to the plain one (as compress() marks it). */
export const gzippedEtag = (etag: string): string => `W/${etag}`;
