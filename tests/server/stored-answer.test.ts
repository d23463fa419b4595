// GET /api/penalties/by-bureau at the API's defaults over the whole database: the load stores that answer
// joined and gzipped, with its ETag (etl/stored-answer.ts), and the server sends those bytes as they are
// to a client that accepts gzip. It must be exactly the answer the two stored parts make, whichever
// client asks and whether or not the response cache is on.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { keptPenaltiesJson, penaltyBureausJson } from '../../server/queries/penalties.ts';
import { etagOf } from '../../shared/answer-encoding.ts';
import { joinJsonObjects } from '../../shared/json-objects.ts';
import { buildSeedDb } from '../support/seed-db.ts';

const PATH = '/api/penalties/by-bureau';
const GZIP = { 'Accept-Encoding': 'gzip' };
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

let dbPath: string;
let db: Db;
let stored: Uint8Array;

beforeAll(async () => {
  dbPath = await buildSeedDb();
  db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
  stored = new Uint8Array(await db.blob('SELECT answer_gzip FROM rollup_penalty_answer'));
});
afterAll(async () => {
  await db?.close();
});

describe('the by-bureau answer the load stores encoded', () => {
  it('is the answer the two stored parts make, gzipped, under that answer’s ETag', async () => {
    const plain = joinJsonObjects([await penaltyBureausJson(db, {}), await keptPenaltiesJson(db, {})]);
    expect(text(gunzipSync(stored))).toBe(text(plain));
    const [row] = await db.all<{ etag: string }>('SELECT answer_etag AS etag FROM rollup_penalty_answer');
    expect(row?.etag).toBe(etagOf(plain));
    // Not vacuous: the seed's 4 bureaus (28 penalty items) and its 6 basic items keeping penalty clauses.
    const answer = JSON.parse(text(plain)) as {
      bureaus: { count: number }[];
      bureausTotal: number;
      itemsTotal: number;
      keptTotal: number;
    };
    expect(answer.bureaus.map((b) => b.count)).toEqual([11, 7, 6, 4]);
    expect([answer.bureausTotal, answer.itemsTotal, answer.keptTotal]).toEqual([4, 28, 6]);
  });

  it('is sent as stored to a gzip client, and is the answer a plain client gets, cache on or off', async () => {
    for (const cacheResponses of [false, true]) {
      const app = createApp({ db, cacheResponses });
      const zipped = await app.request(PATH, { headers: GZIP });
      expect(zipped.status).toBe(200);
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
      const bytes = new Uint8Array(await zipped.arrayBuffer());
      expect(bytes).toEqual(stored);
      const plain = await app.request(PATH);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(text(gunzipSync(bytes))).toBe(await plain.text());
      // The same answer: the gzipped one carries the stored ETag weakly, which is the one the response
      // cache gives the plain answer (without the cache, Hono's etag() hashes each body its own way).
      expect(zipped.headers.get('etag')).toBe(`W/${etagOf(gunzipSync(bytes))}`);
      if (cacheResponses) expect(zipped.headers.get('etag')).toBe(`W/${plain.headers.get('etag')}`);
      const revalidated = await app.request(PATH, {
        headers: { ...GZIP, 'If-None-Match': zipped.headers.get('etag') ?? '' },
      });
      expect(revalidated.status).toBe(304);
    }
  });

  it('is read once, then served from the response cache', async () => {
    let reads = 0;
    const counting: Db = { ...db, blob: (sql, params) => ((reads += 1), db.blob(sql, params)) };
    const app = createApp({ db: counting });
    const first = new Uint8Array(await (await app.request(PATH, { headers: GZIP })).arrayBuffer());
    const second = new Uint8Array(await (await app.request(PATH, { headers: GZIP })).arrayBuffer());
    expect(reads).toBe(1);
    expect(second).toEqual(first);
    expect(first).toEqual(stored);
  });

  it('is not what other filters or limits get: those run the queries', async () => {
    const app = createApp({ db, cacheResponses: false });
    for (const query of ['itemsLimit=8', 'keptOffset=1', 'limit=2', 'kind=reclaimed']) {
      const res = await app.request(`${PATH}?${query}`, { headers: GZIP });
      expect(res.status, query).toBe(200);
      // Compressed as it is sent (compress()), not read from the stored bytes.
      expect(res.headers.get('content-encoding'), query).toBe('gzip');
      const body = text(gunzipSync(new Uint8Array(await res.arrayBuffer())));
      expect(body, query).toBe(await (await app.request(`${PATH}?${query}`)).text());
      expect(body, query).not.toBe(text(gunzipSync(stored)));
    }
  });

  it('is not used from a file whose table lacks it (loaded by a duty-map that does not store it)', async () => {
    // What such a load's refresh writes: the table made afresh without the encoded columns (a duty-map
    // from before them), or with them empty (one that does not fill them in).
    for (const rewrite of [
      'SELECT * EXCLUDE (answer_gzip, answer_etag) FROM rollup_penalty_answer',
      'SELECT * REPLACE (NULL::BLOB AS answer_gzip, NULL::VARCHAR AS answer_etag) FROM rollup_penalty_answer',
    ]) {
      const oldPath = join(mkdtempSync(join(tmpdir(), 'duty-map-stored-answer-')), 'duties.duckdb');
      copyFileSync(dbPath, oldPath);
      const instance = await DuckDBInstance.create(oldPath);
      const connection = await instance.connect();
      await connection.run(`CREATE OR REPLACE TABLE rollup_penalty_answer AS ${rewrite}`);
      connection.closeSync();
      instance.closeSync();
      const old = await openDb({ path: oldPath, queryTimeoutMs: 10_000 });
      try {
        let reads = 0;
        const counting: Db = { ...old, blob: (sql, params) => ((reads += 1), old.blob(sql, params)) };
        const res = await createApp({ db: counting }).request(PATH, { headers: GZIP });
        expect(res.status, rewrite).toBe(200);
        expect(res.headers.get('content-encoding'), rewrite).toBe('gzip');
        expect(reads, rewrite).toBe(0);
        const body = text(gunzipSync(new Uint8Array(await res.arrayBuffer())));
        expect(body, rewrite).toBe(text(gunzipSync(stored)));
      } finally {
        await old.close();
      }
    }
  });
});
