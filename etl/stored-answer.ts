// Stores GET /api/penalties/by-bureau's answer at the API's defaults over the whole database once more,
// whole and encoded for sending: the two parts etl/rollup-penalty-lists.sql writes into
// rollup_penalty_answer, joined as the server joins them, gzipped, with the answer's ETag. The server sends
// those bytes as they are to a client that accepts gzip (server/queries/penalties.ts). Before, each cache
// miss of that answer at national scale joined, hashed and compressed ~500 KB, and allocated ~3 MB of
// buffers that V8 counts against its old generation: about one miss in four then ran a full garbage
// collection, 20–30 ms of that request.
//
// The refresh has just written the table afresh (its @whole statement replaces it on every load) with
// these columns empty: a load by a duty-map that does not know them leaves a table without them (or
// without their values), and the server then answers from the two parts as before, never from an
// encoding of an older answer.
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { DuckDBBlobValue, blobValue, type DuckDBConnection } from '@duckdb/node-api';
import { etagOf } from '../shared/answer-encoding.ts';
import { joinJsonObjects } from '../shared/json-objects.ts';

/** Written once per load, read on many requests: the smallest encoding zlib makes. */
const STORED_GZIP_LEVEL = constants.Z_BEST_COMPRESSION;

function bytesOf(value: unknown, column: string): Uint8Array {
  if (!(value instanceof DuckDBBlobValue))
    throw new Error(`rollup_penalty_answer.${column}: expected one row of JSON text`);
  return value.bytes;
}

/** Fills in the whole answer, gzipped, and its ETag in rollup_penalty_answer (one row). */
export async function storeEncodedAnswer(connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll(
    'SELECT encode(answer), encode(kept_answer) FROM rollup_penalty_answer',
  );
  if (reader.currentRowCount !== 1)
    throw new Error(`rollup_penalty_answer: expected one row, found ${reader.currentRowCount}`);
  const plain = joinJsonObjects([
    bytesOf(reader.value(0, 0), 'answer'),
    bytesOf(reader.value(1, 0), 'kept_answer'),
  ]);
  const gzipped = await promisify(gzip)(plain, { level: STORED_GZIP_LEVEL });
  await connection.run('UPDATE rollup_penalty_answer SET answer_gzip = $gzip, answer_etag = $etag', {
    gzip: blobValue(new Uint8Array(gzipped)),
    etag: etagOf(plain),
  });
}
