// The search index (etl/search-index.ts, server/filters/search-sql.ts) must answer every endpoint that
// takes `q` exactly as the substring scan does. Two real databases hold the same towns: one as the ETL
// wrote it (the server reads the index) and a copy with the index dropped (the server scans every
// text). Every endpoint is asked the same tricky searches on both through the real app and the answers
// are compared whole; then towns are added and replaced incrementally and the comparison runs again.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { refreshSearchTownSets, SEARCH_INDEX_TABLES, updateSearchIndex } from '../../etl/search-index.ts';
import { PHRASE_MAX_CHARS } from '../../etl/search-keys.ts';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { gramsAreExact, searchPath } from '../../server/filters/search-sql.ts';
import { keyedItemPage, listItemPage } from '../../server/queries/items.ts';
import { keyedSearchPage, searchPageItems, searchTowns } from '../../server/queries/search-page.ts';
import { SEARCH_FIELDS, SEARCH_TABLES, searchGroupKey } from '../../shared/filters/search-fields.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import { generateCorpus } from '../bench/generate.ts';
import { SEED_FILE } from '../support/seed-db.ts';

// Every endpoint whose answer the search narrows, with pages and sorts that show the whole order.
const ENDPOINTS = [
  '/api/items?limit=200',
  '/api/items?limit=7&offset=7&sort=name&order=desc',
  '/api/items?kind=cooperative&limit=200&sort=category',
  // A lone search in the default order reads only the groups its page lies in (search-page.ts).
  '/api/items?limit=20&offset=130&order=desc',
  '/api/items?limit=50&offset=2000',
  // …and so does a search beside list kinds…
  '/api/items?kind=reclaimed&limit=30&offset=20',
  '/api/items?kind=basic&kind=cooperative&limit=10&offset=5&order=desc',
  // …or beside a region or a town (the seed's, in every database here).
  '/api/items?region=内蒙古自治区&limit=40&offset=10',
  '/api/items?town=阿龙山镇&kind=reclaimed&limit=20&offset=3&order=desc',
  '/api/summary',
  '/api/categories',
  '/api/departments?limit=200',
  '/api/penalties/by-bureau',
  '/api/support',
  '/api/flows',
  '/api/towns/compare?limit=200',
  '/api/duties/divergent',
];

// One character, two, long (a kept phrase among them); characters no text has; Latin in either case and
// full width; LIKE's wildcards and punctuation; texts of two fields run together (the scan matches within
// one field).
const SEARCHES = [
  '森林',
  '林',
  '行政处罚',
  '的',
  '、',
  '；',
  '不存在的事项',
  '龘',
  'APP',
  'app',
  'aPp',
  'a',
  'Ａ',
  'ＡＰＰ',
  '%',
  '_',
  '%_',
  '100%',
  '（',
  '(',
  '.',
  '1',
  'Σ',
  'ß',
  // Lower-cased by JavaScript into two code points; a combining mark; a bigram no text has after two
  // that many have.
  'İ',
  'e\u0301',
  '森林龘',
  '负责森林草原防灭火',
  '苏木乡镇（街道）配合职责',
];

async function dropIndex(from: string, to: string): Promise<void> {
  copyFileSync(from, to);
  const instance = await DuckDBInstance.create(to);
  const connection = await instance.connect();
  for (const table of SEARCH_INDEX_TABLES) await connection.run(`DROP TABLE ${table}`);
  await connection.run(`DELETE FROM meta WHERE key = 'search_index'`);
  connection.closeSync();
  instance.closeSync();
}

interface Pair {
  index: { db: Db; app: ReturnType<typeof createApp> };
  scan: { db: Db; app: ReturnType<typeof createApp> };
  close(): Promise<void>;
}

/** The database at `path` as the ETL wrote it, and a copy of it without the index. */
async function openPair(path: string, dir: string): Promise<Pair> {
  const scanPath = join(dir, `scan-${Date.now()}.duckdb`);
  await dropIndex(path, scanPath);
  const open = async (file: string) => {
    const db = await openDb({ path: file, queryTimeoutMs: 30_000 });
    return { db, app: createApp({ db }) };
  };
  const index = await open(path);
  const scan = await open(scanPath);
  return {
    index,
    scan,
    async close() {
      await index.db.close();
      await scan.db.close();
    },
  };
}

const withQ = (path: string, q: string) =>
  `${path}${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}`;

/** Asks every endpoint every search on both databases; returns the item totals the index gave. */
async function compareEverywhere(pair: Pair, searches: readonly string[]): Promise<Map<string, number>> {
  expect(await searchPath(pair.index.db)).toBe('index');
  expect(await searchPath(pair.scan.db)).toBe('scan');
  const totals = new Map<string, number>();
  for (const q of searches) {
    for (const endpoint of ENDPOINTS) {
      const url = withQ(endpoint, q);
      const ask = async (app: Pair['index']['app']) => {
        const response = await app.request(url);
        return { status: response.status, body: await response.text() };
      };
      const [fromIndex, fromScan] = await Promise.all([ask(pair.index.app), ask(pair.scan.app)]);
      expect(fromIndex.status, url).toBe(200);
      expect(fromIndex.body, url).toBe(fromScan.body);
      if (endpoint === ENDPOINTS[0]) totals.set(q, (JSON.parse(fromIndex.body) as { total: number }).total);
    }
  }
  return totals;
}

/**
 * Three Han characters abc such that some item name holds ab and bc but not abc (the first in text
 * order): a search the index's bigrams alone would answer wrongly.
 */
async function bigramsApart(db: Db): Promise<string> {
  const names = await db.all<{ name: string }>(`SELECT DISTINCT name FROM items ORDER BY name`);
  for (const { name } of names) {
    const chars = [...name];
    for (let i = 0; i + 1 < chars.length; i++)
      for (let j = i + 2; j + 1 < chars.length; j++) {
        const q = `${chars[i]}${chars[i + 1]}${chars[j + 1]}`;
        if (chars[j] === chars[i + 1] && /^\p{Script=Han}{3}$/u.test(q) && !name.includes(q)) return q;
      }
  }
  throw new Error('no item name holds two bigrams apart');
}

/** search_set_totals equal to each set's totals counted again from its rows, and not empty. */
async function expectTotalsRecounted(db: Db): Promise<void> {
  const counted = `SELECT set_id, sum(items)::INTEGER AS items,
      min(${searchGroupKey('kind', 'town_id', 'asc')}) AS first_asc,
      min(${searchGroupKey('kind', 'town_id', 'desc')}) AS first_desc,
      ${KINDS.map((kind) => `coalesce(sum(items) FILTER (WHERE kind = '${kind}'), 0)::INTEGER AS ${kind}_items`).join(', ')},
      ${KINDS.map((kind) => `min(town_id) FILTER (WHERE kind = '${kind}') AS ${kind}_first_town`).join(', ')}
    FROM search_set_items GROUP BY set_id`;
  const [diff] = await db.all<{ kept: number; counted: number; differ: number }>(
    `SELECT (SELECT count(*) FROM search_set_totals)::INTEGER AS kept,
            (SELECT count(*) FROM (${counted}))::INTEGER AS counted,
            (SELECT count(*) FROM ((SELECT * FROM search_set_totals EXCEPT ${counted})
               UNION ALL (${counted} EXCEPT SELECT * FROM search_set_totals)))::INTEGER AS differ`,
  );
  expect(diff?.kept).toBeGreaterThan(1000);
  expect(diff).toEqual({ kept: diff?.counted, counted: diff?.counted, differ: 0 });
}

/** search_town_sets equal to search_set_items' rows with the roll-ups' town ranks, and not empty. */
async function expectTownSetsListed(db: Db): Promise<void> {
  const listed = `SELECT r.town_rank, m.town_id, m.kind, m.set_id, m.items
    FROM search_set_items m JOIN rollup_towns r USING (town_id)`;
  const [diff] = await db.all<{ kept: number; listed: number; differ: number }>(
    `SELECT (SELECT count(*) FROM search_town_sets)::INTEGER AS kept,
            (SELECT count(*) FROM search_set_items)::INTEGER AS listed,
            (SELECT count(*) FROM ((SELECT * FROM search_town_sets EXCEPT ${listed})
               UNION ALL (${listed} EXCEPT SELECT * FROM search_town_sets)))::INTEGER AS differ`,
  );
  expect(diff?.kept).toBeGreaterThan(1000);
  expect(diff).toEqual({ kept: diff?.listed, listed: diff?.listed, differ: 0 });
}

/**
 * The items page of a search beside list kinds, read from the sets (server/queries/search-page.ts), held
 * to the general path; and whether its bound was used (more sets match than the page reaches) or every
 * row of the matched sets was read.
 */
async function expectKindPage(
  db: Db,
  filters: { q: string; kind: Kind[] },
  page: { sort: 'kind'; order: 'asc' | 'desc'; limit: number; offset: number },
  label: string,
): Promise<{ fast: Awaited<ReturnType<typeof listItemPage>>; isBounded: boolean }> {
  const source = searchPageItems(filters, page, 'index');
  if (source === null) throw new Error(`${label}: not read from the sets`);
  const [bound] = await db.all<{ bounded: boolean }>(
    `WITH ${source.sql} SELECT (SELECT last FROM search_bound) IS NOT NULL AS bounded`,
    { ...source.params, limit: page.limit, offset: page.offset },
  );
  const fast = await listItemPage(db, filters, page);
  expect(fast, label).toEqual(await listItemPage(db, filters, page, undefined, 'items'));
  return { fast, isBounded: bound?.bounded === true };
}

/**
 * A search key is kept (etl/search-keys.ts) from this many (text, set) pairs: low here, so that these
 * 31 towns keep hundreds of keys (林 and 森林 among them) and their pages take the kept counts' path.
 */
const KEY_PAIRS = 40;

/**
 * A kept key's list kind with fewer items than this has its towns listed (etl/search-keys.ts): low here,
 * so that some of this database's kept pairs are listed and others are paged by their first towns.
 */
const KEY_LISTED_ITEMS = 60;

/**
 * search_key_totals equal to each kept key's items per kind counted by the substring scan of every
 * text, and not vacuous: the given keys are kept, with items. search_key_rows equal to the scan's items
 * per listed pair and town; the listed pairs those under KEY_LISTED_ITEMS, unless `listedAsCounted` is
 * false (after incremental loads a pair stays listed, or not, as its last whole count left it).
 */
async function expectKeysCounted(db: Db, keys: readonly string[], listedAsCounted = true): Promise<void> {
  const texts = SEARCH_TABLES.map(
    (table) => `SELECT item_id, unnest([${SEARCH_FIELDS[table].join(', ')}]) AS text FROM ${table}`,
  ).join(' UNION ALL ');
  // Each distinct text compared with each key once (the towns repeat the seed's texts, and the kept
  // phrases number thousands here), then joined back to the items holding it.
  const scanned = `SELECT * FROM (WITH t AS (${texts}),
    matched AS (
      SELECT k.key, d.text FROM (SELECT DISTINCT key FROM search_key_totals) k
        JOIN (SELECT DISTINCT text FROM t WHERE text IS NOT NULL) d ON contains(d.text, k.key)
    )
    SELECT m.key, i.kind, count(DISTINCT i.item_id)::INTEGER AS items
    FROM matched m JOIN t USING (text) JOIN items i USING (item_id)
    GROUP BY m.key, i.kind)`;
  const kept = 'SELECT key, kind, items FROM search_key_totals WHERE items > 0';
  const [diff] = await db.all<{ keys: number; differ: number }>(
    `SELECT (SELECT count(DISTINCT key) FROM search_key_totals)::INTEGER AS keys,
            (SELECT count(*) FROM ((${kept} EXCEPT ${scanned}) UNION ALL (${scanned} EXCEPT ${kept})))::INTEGER
              AS differ`,
  );
  expect(diff?.keys).toBeGreaterThan(100);
  expect(diff?.differ).toBe(0);
  // The listed pairs are those under the threshold, and their towns' items are the scan's per town.
  const listed = `SELECT key, kind FROM search_key_listed`;
  const underThreshold = `SELECT key, kind FROM search_key_totals WHERE items < ${KEY_LISTED_ITEMS}`;
  const scannedTowns = `SELECT * FROM (WITH t AS (${texts}),
    matched AS (
      SELECT l.key, l.kind, d.text FROM search_key_listed l
        JOIN (SELECT DISTINCT text FROM t WHERE text IS NOT NULL) d ON contains(d.text, l.key)
    )
    SELECT m.key, m.kind, i.town_id, count(DISTINCT i.item_id)::INTEGER AS items
    FROM matched m JOIN t USING (text) JOIN items i ON i.item_id = t.item_id AND i.kind = m.kind
    GROUP BY m.key, m.kind, i.town_id)`;
  const keptTowns = 'SELECT key, kind, town_id, sum(items)::INTEGER FROM search_key_rows GROUP BY ALL';
  const [towns] = await db.all<{
    pairs: number;
    all: number;
    rows: number;
    unlike: number;
    differ: number;
    same: number;
  }>(
    `SELECT (SELECT count(*) FROM search_key_listed)::INTEGER AS pairs,
            (SELECT count(*) FROM search_key_totals)::INTEGER AS all,
            (SELECT count(*) FROM search_key_rows)::INTEGER AS rows,
            (SELECT count(*) FROM search_key_rows r LEFT JOIN search_set_items m USING (set_id, town_id, kind)
              WHERE m.items IS DISTINCT FROM r.items)::INTEGER AS unlike,
            (SELECT count(*) FROM ((${keptTowns} EXCEPT ${scannedTowns}) UNION ALL
                                   (${scannedTowns} EXCEPT ${keptTowns})))::INTEGER AS differ,
            (SELECT count(*) FROM ((${listed} EXCEPT ${underThreshold}) UNION ALL
                                   (${underThreshold} EXCEPT ${listed})))::INTEGER AS same`,
  );
  expect(towns?.pairs).toBeGreaterThan(50);
  expect(towns?.pairs).toBeLessThan(towns?.all ?? 0);
  expect(towns?.rows).toBeGreaterThan(towns?.pairs ?? Infinity);
  // Each listed row is a row of the index, and the towns' items are the scan's.
  expect(towns?.unlike).toBe(0);
  expect(towns?.differ).toBe(0);
  if (listedAsCounted) expect(towns?.same).toBe(0);
  for (const key of keys) {
    const [row] = await db.all<{ items: number }>(
      'SELECT sum(items)::INTEGER AS items FROM search_key_totals WHERE key = $key',
      { key },
    );
    expect(row?.items, key).toBeGreaterThan(0);
  }
}

// The id of the seed's first item name (a text every load keeps), and the greatest id.
const KNOWN_TEXT_SQL = `SELECT (SELECT text_id FROM search_texts WHERE text = (
    SELECT i.name FROM items i JOIN towns t USING (town_id) WHERE t.name = '阿龙山镇' AND i.kind = 'basic' AND i.seq = 1
  )) AS text_id, (SELECT max(text_id) FROM search_texts) AS max_id`;

describe('search through the index', () => {
  let dir: string;
  let dbPath: string;
  let files: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duty-map-search-'));
    files = generateCorpus({ towns: 400, dir: join(dir, 'raw'), to: 30 }).files;
    dbPath = join(dir, 'duties.duckdb');
    const report = await loadFiles({
      dbPath,
      files: [...files, SEED_FILE],
      searchKeyPairs: KEY_PAIRS,
      searchKeyListedItems: KEY_LISTED_ITEMS,
    });
    if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
  }, 120_000);

  it('answers every endpoint exactly as the substring scan, for every kind of search', async () => {
    const pair = await openPair(dbPath, dir);
    try {
      const totals = await compareEverywhere(pair, SEARCHES);
      // Not vacuous: the searches find items (the seed's 6 森林 items among them), and some find none.
      expect(totals.get('森林')).toBeGreaterThan(6 * 10);
      expect(totals.get('林')).toBeGreaterThan(totals.get('森林') ?? 0);
      expect(totals.get('APP')).toBeGreaterThan(0);
      expect(totals.get('app')).toBe(totals.get('APP'));
      expect(totals.get('%')).toBeGreaterThan(0);
      expect(totals.get('不存在的事项')).toBe(0);
      expect(totals.get('龘')).toBe(0);
      // The scan matches within one text: a name run into its department's duties matches nothing.
      const [spanning] = await pair.index.db.all<{ q: string }>(
        `SELECT i.name || left(d.duties, 3) AS q FROM items i JOIN item_departments d USING (item_id)
          WHERE d.duties IS NOT NULL ORDER BY i.item_id LIMIT 1`,
      );
      const longest = await pair.index.db.all<{ q: string }>(
        `SELECT left(text, 100) AS q FROM procedure_stages ORDER BY length(text) DESC, text LIMIT 1`,
      );
      // Three Han characters whose two bigrams a text holds apart but never together: the texts holding
      // both bigrams are not the texts holding it (one or two Han characters need no check, three do).
      const apart = await bigramsApart(pair.index.db);
      expect(gramsAreExact(apart)).toBe(false);
      expect(gramsAreExact([...apart].slice(0, 2).join(''))).toBe(true);
      const more = await compareEverywhere(pair, [spanning?.q ?? '', longest[0]?.q ?? '', apart]);
      expect(more.get(spanning?.q ?? '')).toBe(0);
      expect(more.get(longest[0]?.q ?? '')).toBeGreaterThan(0);
    } finally {
      await pair.close();
    }
  }, 300_000);

  it('pages a lone search from the groups its page lies in, as the general path pages it', async () => {
    const db = await openDb({ path: dbPath, queryTimeoutMs: 30_000 });
    try {
      await expectKeysCounted(db, ['林', '森林', '的', '负责', '行政处罚']);
      // Phrases are kept up to PHRASE_MAX_CHARS characters (this corpus repeats the seed's wording, so
      // some reach it), and several hold the same texts, counted once (etl/search-keys.ts).
      const [phrases] = await db.all<{ longest: number; phrases: number; counts: number }>(
        `SELECT max(length(key))::INTEGER AS longest, count(DISTINCT key)::INTEGER AS phrases,
                count(DISTINCT counts)::INTEGER AS counts
         FROM (SELECT key, list(items ORDER BY kind) AS counts FROM search_key_totals
               WHERE length(key) >= 3 GROUP BY key)`,
      );
      expect(phrases?.longest).toBe(PHRASE_MAX_CHARS);
      expect(phrases?.counts).toBeLessThan(phrases?.phrases ?? 0);
      // Pages the kept counts' path answers (a kept key whose page it finds in the first towns of a
      // kind), and pages it leaves to the sets' path: both must be the general path's.
      const keyed: string[] = [];
      const left: string[] = [];
      for (const q of ['林', '森林', '的', '负责', '行政处罚', 'APP', '龘'])
        for (const order of ['asc', 'desc'] as const)
          for (const offset of [0, 45, 130, 700, 1990, 5000]) {
            const page = { sort: 'kind', order, limit: 50, offset } as const;
            // Every kind: the same items; the sets' path takes it, the kept counts' path does not.
            const allKinds = { q, kind: [...KINDS] };
            expect(searchPageItems({ q }, page, 'index')).not.toBeNull();
            expect(searchPageItems(allKinds, page, 'index')).not.toBeNull();
            expect(searchPageItems({ q, town: ['阿龙山镇'] }, page, 'index')).toBeNull();
            expect(searchPageItems({ q }, { ...page, sort: 'seq' }, 'index')).toBeNull();
            expect(await keyedSearchPage(db, allKinds, page, 'index')).toBeNull();
            expect(await keyedSearchPage(db, { q }, page, 'scan')).toBeNull();
            const label = `${q} ${order} ${offset}`;
            const general = await listItemPage(db, { q }, page, undefined, 'items');
            expect(await listItemPage(db, allKinds, page), label).toEqual(general);
            const byKeys = await keyedItemPage(db, { q }, page, 'index');
            if (byKeys) expect(byKeys, label).toEqual(general);
            (byKeys ? keyed : left).push(label);
            const fast = await listItemPage(db, { q }, page);
            expect(fast, label).toEqual(general);
            if (q === '林' && offset === 130) expect(fast.items).toHaveLength(50);
          }
      // Kept keys only, at a page inside the kind it begins in; and the rest.
      expect(keyed).toEqual(
        expect.arrayContaining(['林 asc 0', '林 desc 130', '的 asc 700', '森林 desc 0', '行政处罚 asc 0']),
      );
      expect(left).toEqual(expect.arrayContaining(['APP asc 0', '龘 asc 0', '林 asc 5000']));
      // Kept keys whose items are not spread evenly: the first towns of the kind a first page begins in
      // hold fewer than the page needs, so the keyed statement finds too few and the sets' path answers.
      // A county's name is one: its towns' departments carry it (华县 here).
      const short: string[] = [];
      const keys = await db.all<{ key: string }>(
        `SELECT DISTINCT key FROM search_key_totals
         WHERE EXISTS (SELECT 1 FROM towns t WHERE contains(t.county, key)) ORDER BY key`,
      );
      for (const { key } of keys)
        for (const order of ['asc', 'desc'] as const) {
          if (short.length >= 3) break;
          const page = { sort: 'kind', order, limit: 50, offset: 0 } as const;
          const candidate = await keyedSearchPage(db, { q: key }, page, 'index');
          if (candidate === null) continue;
          const [found] = await db.all<{ n: number }>(
            `WITH ${candidate.sql} SELECT count(*)::INTEGER AS n FROM f`,
            candidate.params,
          );
          if ((found?.n ?? 0) >= candidate.needed) continue;
          short.push(`${key} ${order}`);
          expect(await keyedItemPage(db, { q: key }, page, 'index'), key).toBeNull();
          expect(await listItemPage(db, { q: key }, page), key).toEqual(
            await listItemPage(db, { q: key }, page, undefined, 'items'),
          );
        }
      expect(short.length).toBeGreaterThan(0);
      // Kept keys whose list kind is listed (fewer than KEY_LISTED_ITEMS items): a page in that kind is
      // read from the rows of the towns it lies in (search_key_rows), and is the general path's.
      const listedKeys = await db.all<{ key: string }>(
        `SELECT DISTINCT key FROM search_key_listed JOIN search_key_totals USING (key, kind)
         WHERE items >= 12 ORDER BY key LIMIT 15`,
      );
      const throughTowns: string[] = [];
      for (const { key } of listedKeys)
        for (const order of ['asc', 'desc'] as const)
          for (const offset of [0, 5, 11]) {
            const page = { sort: 'kind', order, limit: 10, offset } as const;
            const label = `${key} ${order} ${offset}`;
            const general = await listItemPage(db, { q: key }, page, undefined, 'items');
            expect(await listItemPage(db, { q: key }, page), label).toEqual(general);
            const candidate = await keyedSearchPage(db, { q: key }, page, 'index');
            if (candidate === null || 'probe_town' in candidate.params) continue;
            throughTowns.push(label);
            expect(candidate.sql, label).toContain('FROM search_key_rows');
            expect(await keyedItemPage(db, { q: key }, page, 'index'), label).toEqual(general);
          }
      expect(listedKeys.length).toBeGreaterThan(5);
      expect(throughTowns.length).toBeGreaterThan(10);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('pages a search under a kind filter from the rows of those kinds, as the general path pages it', async () => {
    const db = await openDb({ path: dbPath, queryTimeoutMs: 30_000 });
    try {
      const totals = new Map<string, number>();
      let bounded = 0;
      const pages = [
        [50, 0],
        [50, 45],
        [50, 700],
        [50, 1990],
        [3, 0],
        [4, 9],
      ] as const;
      for (const q of ['林', '森林', '负责', 'APP', '龘'])
        for (const kind of [
          ['reclaimed'],
          ['basic', 'cooperative'],
          ['cooperative', 'reclaimed'],
        ] as Kind[][])
          for (const order of ['asc', 'desc'] as const)
            for (const [limit, offset] of pages) {
              const page = { sort: 'kind', order, limit, offset } as const;
              const label = `${q} ${kind.join('+')} ${order} ${limit}@${offset}`;
              const { fast, isBounded } = await expectKindPage(db, { q, kind }, page, label);
              if (isBounded) bounded += 1;
              expect(
                fast.items.every((item) => kind.includes(item.kind)),
                label,
              ).toBe(true);
              if (offset === 0 && limit === 50) totals.set(`${q} ${kind.join('+')}`, fast.total);
            }
      // Not vacuous: pages found by the bound from the sets' first groups in the kinds asked for…
      expect(bounded).toBeGreaterThan(20);
      // …and the kinds split a search's items between them.
      const all = (await listItemPage(db, { q: '林' }, { sort: 'kind', order: 'asc', limit: 1, offset: 0 }))
        .total;
      expect(totals.get('林 reclaimed')).toBeGreaterThan(50);
      expect(totals.get('林 basic+cooperative')).toBeGreaterThan(50);
      expect((totals.get('林 reclaimed') ?? 0) + (totals.get('林 basic+cooperative') ?? 0)).toBe(all);
      expect(totals.get('龘 reclaimed')).toBe(0);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('pages a search beside a town or region from the rows of those towns, as the general path pages it', async () => {
    const db = await openDb({ path: dbPath, queryTimeoutMs: 30_000 });
    try {
      await expectTownSetsListed(db);
      // The province with most towns, a city and a county of it, a town by name; two regions at once.
      const [place] = await db.all<{ province: string; city: string; county: string; town: string }>(
        `SELECT province, any_value(city) AS city, any_value(county) AS county, any_value(name) AS town
         FROM towns GROUP BY province ORDER BY count(*) DESC, province LIMIT 1`,
      );
      if (!place) throw new Error('no towns');
      const selections: [string, { town?: string[]; region?: string[] }][] = [
        ['province', { region: [place.province] }],
        ['city', { region: [`${place.province}${place.city}`] }],
        ['county', { region: [place.county] }],
        ['town', { town: [place.town] }],
        ['two regions', { region: [place.county, '根河市'] }],
        ['town in a region', { town: ['阿龙山镇'], region: ['内蒙古自治区'] }],
      ];
      const pages = [
        [50, 0, 'asc'],
        [50, 45, 'desc'],
        [3, 0, 'desc'],
        [20, 200, 'asc'],
      ] as const;
      const totals = new Map<string, number>();
      let items = 0;
      for (const q of ['林', '森林', 'APP', '龘'])
        for (const [where, selection] of selections)
          for (const kind of [undefined, ['reclaimed'], ['basic', 'cooperative']] as (Kind[] | undefined)[])
            for (const [limit, offset, order] of pages) {
              const filters = { q, ...selection, ...(kind ? { kind } : {}) };
              const page = { sort: 'kind', order, limit, offset } as const;
              const label = `${q} ${where} ${kind?.join('+') ?? 'every kind'} ${order} ${limit}@${offset}`;
              const towns = await searchTowns(db, filters);
              expect(towns, label).not.toBeNull();
              // Read from the towns' rows of the sets, not by the general path…
              expect(searchPageItems(filters, page, 'index', towns), label).not.toBeNull();
              const fast = await listItemPage(db, filters, page);
              // …and the same page.
              expect(fast, label).toEqual(await listItemPage(db, filters, page, undefined, 'items'));
              items += fast.items.length;
              if (offset === 0 && limit === 50)
                totals.set(`${q} ${where} ${kind?.join('+') ?? ''}`, fast.total);
            }
      // Not vacuous: pages with items, and totals a town or region narrows.
      expect(items).toBeGreaterThan(1000);
      const whole = (q: string) =>
        listItemPage(db, { q }, { sort: 'kind', order: 'asc', limit: 1, offset: 0 }).then((p) => p.total);
      const province = totals.get('林 province ') ?? 0;
      expect(province).toBeGreaterThan(0);
      expect(province).toBeLessThan(await whole('林'));
      expect(totals.get('林 county ')).toBeGreaterThan(0);
      expect(totals.get('林 county ')).toBeLessThan(province);
      expect(totals.get('林 town reclaimed')).toBeGreaterThan(0);
      expect(totals.get('龘 province ')).toBe(0);
      // A filter without roll-up ranks to narrow by is left to the general path.
      expect(await searchTowns(db, { q: '林' })).toBeNull();
      expect(
        searchPageItems(
          { q: '林', region: [place.province] },
          { sort: 'kind', order: 'asc', limit: 5, offset: 0 },
          'index',
        ),
      ).toBeNull();
    } finally {
      await db.close();
    }
  }, 180_000);

  it('pages a search under a kind filter from the first group of each set in those kinds', async () => {
    // A cooperative item written with the same name, department and text as a reclaimed one (its
    // department's duties, their working method) holds the same texts: one text set in two kinds. Its
    // first group over every kind is the cooperative one; under a filter of the reclaimed list it is the
    // reclaimed one, and the page is bounded by that.
    const seed = readFileSync(SEED_FILE, 'utf8');
    const cooperative = '5\t慈善事业促进\t';
    expect(seed).toContain(cooperative);
    const line = seed.split('\n').find((row) => row.startsWith(cooperative)) ?? '';
    const twoKinds = seed.replace(
      line,
      '5\t受理用人单位职业病危害项目申报（保障中心补贴）\t根河市卫生健康委员会\t根河市卫健委对此情形进行受理。\t',
    );
    const raw = join(dir, 'two-kinds');
    mkdirSync(raw);
    writeFileSync(join(raw, 'alongshan-2025.txt'), twoKinds);
    const path = join(dir, 'two-kinds.duckdb');
    const report = await loadFiles({ dbPath: path, files: [join(raw, 'alongshan-2025.txt')] });
    if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
    const db = await openDb({ path, queryTimeoutMs: 30_000 });
    try {
      const [spanning] = await db.all<{ sets: number }>(
        `SELECT count(*)::INTEGER AS sets FROM (
           SELECT set_id FROM search_set_items GROUP BY set_id HAVING count(DISTINCT kind) > 1)`,
      );
      expect(spanning?.sets).toBe(1);
      let bounded = 0;
      for (const [kind, order] of [
        [['reclaimed'], 'asc'],
        [['cooperative'], 'desc'],
        [['basic', 'reclaimed'], 'asc'],
      ] as const)
        for (const [limit, offset] of [
          [1, 0],
          [2, 1],
          [3, 4],
          [50, 0],
        ] as const) {
          const page = { sort: 'kind', order, limit, offset } as const;
          const label = `${kind.join('+')} ${order} ${limit}@${offset}`;
          const { fast, isBounded } = await expectKindPage(
            db,
            { q: '卫生健康', kind: [...kind] },
            page,
            label,
          );
          if (isBounded) bounded += 1;
          expect(fast.items.length, label).toBeGreaterThan(0);
        }
      expect(bounded).toBeGreaterThan(6);
    } finally {
      await db.close();
    }
  });

  it('pages a search whose text sets all begin in one group (one town) as the general path does', async () => {
    // The generated towns' sets begin in many groups; in one town every set begins in the same group
    // per kind, so the bound (the page's count-th first group) falls among many sets that share it.
    const seedPath = join(dir, 'seed.duckdb');
    const report = await loadFiles({ dbPath: seedPath, files: [SEED_FILE] });
    if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
    const db = await openDb({ path: seedPath, queryTimeoutMs: 30_000 });
    try {
      const [row] = await db.all<{ sets: number }>(
        `SELECT count(DISTINCT first_asc)::INTEGER AS sets FROM search_set_totals`,
      );
      expect(row?.sets).toBe(3);
      for (const q of ['的', '负责', '森林'])
        for (const order of ['asc', 'desc'] as const)
          for (const offset of [0, 45, 69, 100]) {
            const page = { sort: 'kind', order, limit: 25, offset } as const;
            const fast = await listItemPage(db, { q }, page);
            expect(fast, `${q} ${order} ${offset}`).toEqual(
              await listItemPage(db, { q }, page, undefined, 'items'),
            );
            if (q === '的' && offset === 0) expect(fast.items).toHaveLength(25);
          }
    } finally {
      await db.close();
    }
  });

  it('builds the same index in several batches as in one', async () => {
    // A national build goes 500 towns at a time; here 8, so that this database's 31 take 4 batches.
    const batched = join(dir, 'batched.duckdb');
    copyFileSync(dbPath, batched);
    const instance = await DuckDBInstance.create(batched);
    const connection = await instance.connect();
    await connection.run(`DELETE FROM meta WHERE key = 'search_index'`);
    const report = await updateSearchIndex(connection, [], {
      townsPerBatch: 8,
      keyPairs: KEY_PAIRS,
      keyListedItems: KEY_LISTED_ITEMS,
    });
    // As a load does after the index and the roll-ups.
    await refreshSearchTownSets(connection, [], true);
    connection.closeSync();
    instance.closeSync();
    expect(report).toMatchObject({ rebuilt: true, towns: 31, keys: { full: true } });
    const pair = await openPair(batched, dir);
    try {
      await expectTotalsRecounted(pair.index.db);
      await expectTownSetsListed(pair.index.db);
      await expectKeysCounted(pair.index.db, ['林', '森林', '行政处罚']);
      const totals = await compareEverywhere(pair, ['森林', '林', 'APP']);
      expect(totals.get('林')).toBeGreaterThan(totals.get('森林') ?? 0);
    } finally {
      await pair.close();
    }
  }, 300_000);

  it('stays equal to the scan after towns are added and replaced, without indexing the rest again', async () => {
    const before = await openDb({ path: dbPath, queryTimeoutMs: 30_000 });
    const [known] = await before.all<{ text_id: number; max_id: number }>(KNOWN_TEXT_SQL);
    // The town first in the items page's order: the sets it holds begin there, so replacing it takes
    // away their first group and their totals must be counted again, not only moved.
    const [first] = await before.all<{ file: string }>(
      `SELECT any_value(source_file) AS file FROM items WHERE town_id = (SELECT min(town_id) FROM towns)`,
    );
    await before.close();
    const firstFile = files.find((file) => file.endsWith(`/${first?.file ?? '?'}`));
    expect(firstFile).toBeDefined();
    // A new town, and that town replaced by a version whose 森林 became 雨林 (texts never seen before).
    const added = generateCorpus({ towns: 400, dir: join(dir, 'raw-added'), from: 30, to: 31 }).files;
    const replaced = join(dir, 'replaced.txt');
    writeFileSync(replaced, readFileSync(firstFile ?? '', 'utf8').replaceAll('森林', '雨林'));
    for (const batch of [added, [replaced]]) {
      const report = await loadFiles({
        dbPath,
        files: batch,
        searchKeyPairs: KEY_PAIRS,
        searchKeyListedItems: KEY_LISTED_ITEMS,
      });
      if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
      // The kept keys are moved by the changed towns' rows, not counted again, and so are the sets by town.
      expect(report.searchIndex?.keys).toMatchObject({ full: false });
      expect(report.searchIndex?.byTown).toMatchObject({ whole: false });
      expect(report.searchIndex?.keys.keys).toBeGreaterThan(100);
    }
    // The changed towns' rows listed again, the others' left as they were.
    const between = await openDb({ path: dbPath, queryTimeoutMs: 30_000 });
    await expectTownSetsListed(between);
    await between.close();
    // Roll-ups of another version are built whole, every town ranked afresh (the added town had taken a
    // rank between two others): the sets by town are then listed whole, though one town changed.
    const stale = await DuckDBInstance.create(dbPath);
    const staleConnection = await stale.connect();
    await staleConnection.run(`UPDATE meta SET value = 'older' WHERE key = 'rollups_version'`);
    staleConnection.closeSync();
    stale.closeSync();
    const again = await loadFiles({
      dbPath,
      files: added,
      searchKeyPairs: KEY_PAIRS,
      searchKeyListedItems: KEY_LISTED_ITEMS,
    });
    expect(again.rollups?.mode).toBe('full');
    expect(again.searchIndex?.byTown).toMatchObject({ whole: true });
    const pair = await openPair(dbPath, dir);
    try {
      const [after] = await pair.index.db.all<{ text_id: number; max_id: number }>(KNOWN_TEXT_SQL);
      // Incremental: known texts keep their ids, new ones come after.
      expect(known?.text_id).toBeGreaterThan(0);
      expect(after?.text_id).toBe(known?.text_id);
      expect(after?.max_id).toBeGreaterThan(known?.max_id ?? Infinity);
      const totals = await compareEverywhere(pair, ['雨林', '森林', '林', 'APP', '不存在的事项']);
      expect(totals.get('雨林')).toBeGreaterThan(0);
      await expectTotalsRecounted(pair.index.db);
      await expectTownSetsListed(pair.index.db);
      // The kept keys moved by the changed towns' rows, not counted again: the same as counting them
      // afresh, 林 now in 雨林 too, and the phrases with them.
      await expectKeysCounted(pair.index.db, ['林', '森林', '行政处罚'], false);
    } finally {
      await pair.close();
    }
  }, 300_000);
});
