// The search index (etl/search-index.ts, server/filters/search-sql.ts) must answer every endpoint that
// takes `q` exactly as the substring scan does. Two real databases hold the same towns: one as the ETL
// wrote it (the server reads the index) and a copy with the index dropped (the server scans every
// text). Every endpoint is asked the same tricky searches on both through the real app and the answers
// are compared whole; then towns are added and replaced incrementally and the comparison runs again.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { SEARCH_INDEX_TABLES, updateSearchIndex } from '../../etl/search-index.ts';
import { createApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/db.ts';
import { gramsAreExact, searchPath } from '../../server/filters/search-sql.ts';
import { keyedItemPage, listItemPage } from '../../server/queries/items.ts';
import { keyedSearchPage, searchPageItems } from '../../server/queries/search-page.ts';
import { SEARCH_FIELDS, SEARCH_TABLES, searchGroupKey } from '../../shared/filters/search-fields.ts';
import { KINDS } from '../../shared/vocabulary.ts';
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
  '/api/summary',
  '/api/categories',
  '/api/departments?limit=200',
  '/api/penalties/by-bureau',
  '/api/support',
  '/api/flows',
  '/api/towns/compare?limit=200',
  '/api/duties/divergent',
];

// One character, two, long; characters no text has; Latin in either case and full width; LIKE's
// wildcards and punctuation; texts of two fields run together (the scan matches within one field).
const SEARCHES = [
  '森林',
  '林',
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
      min(${searchGroupKey('kind', 'town_id', 'desc')}) AS first_desc
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

/**
 * A search key is kept (etl/search-keys.ts) from this many (text, set) pairs: low here, so that these
 * 31 towns keep hundreds of keys (林 and 森林 among them) and their pages take the kept counts' path.
 */
const KEY_PAIRS = 40;

/**
 * search_key_totals equal to each kept key's items per kind counted by the substring scan of every
 * text, and not vacuous: the given keys are kept, with items.
 */
async function expectKeysCounted(db: Db, keys: readonly string[]): Promise<void> {
  const texts = SEARCH_TABLES.map(
    (table) => `SELECT item_id, unnest([${SEARCH_FIELDS[table].join(', ')}]) AS text FROM ${table}`,
  ).join(' UNION ALL ');
  const scanned = `SELECT k.key, i.kind, count(DISTINCT i.item_id)::INTEGER AS items
    FROM (SELECT DISTINCT key FROM search_key_totals) k
      JOIN (${texts}) t ON contains(t.text, k.key) JOIN items i USING (item_id)
    GROUP BY k.key, i.kind`;
  const kept = 'SELECT key, kind, items FROM search_key_totals WHERE items > 0';
  const [diff] = await db.all<{ keys: number; differ: number }>(
    `SELECT (SELECT count(DISTINCT key) FROM search_key_totals)::INTEGER AS keys,
            (SELECT count(*) FROM ((${kept} EXCEPT ${scanned}) UNION ALL (${scanned} EXCEPT ${kept})))::INTEGER
              AS differ`,
  );
  expect(diff?.keys).toBeGreaterThan(100);
  expect(diff?.differ).toBe(0);
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
    const report = await loadFiles({ dbPath, files: [...files, SEED_FILE], searchKeyPairs: KEY_PAIRS });
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
      await expectKeysCounted(db, ['林', '森林', '的', '负责']);
      // Pages the kept counts' path answers (a kept key whose page it finds in the first towns of a
      // kind), and pages it leaves to the sets' path: both must be the general path's.
      const keyed: string[] = [];
      const left: string[] = [];
      for (const q of ['林', '森林', '的', '负责', 'APP', '龘'])
        for (const order of ['asc', 'desc'] as const)
          for (const offset of [0, 45, 130, 700, 1990, 5000]) {
            const page = { sort: 'kind', order, limit: 50, offset } as const;
            // Every kind: the same items, but another filter is set, so the general path answers.
            const allKinds = { q, kind: [...KINDS] };
            expect(searchPageItems({ q }, page, 'index')).not.toBeNull();
            expect(searchPageItems(allKinds, page, 'index')).toBeNull();
            expect(searchPageItems({ q }, { ...page, sort: 'seq' }, 'index')).toBeNull();
            expect(await keyedSearchPage(db, allKinds, page, 'index')).toBeNull();
            expect(await keyedSearchPage(db, { q }, page, 'scan')).toBeNull();
            const label = `${q} ${order} ${offset}`;
            const general = await listItemPage(db, allKinds, page);
            const byKeys = await keyedItemPage(db, { q }, page, 'index');
            if (byKeys) expect(byKeys, label).toEqual(general);
            (byKeys ? keyed : left).push(label);
            const fast = await listItemPage(db, { q }, page);
            expect(fast, label).toEqual(general);
            if (q === '林' && offset === 130) expect(fast.items).toHaveLength(50);
          }
      // Kept keys only, at a page inside the kind it begins in; and the rest.
      expect(keyed).toEqual(expect.arrayContaining(['林 asc 0', '林 desc 130', '的 asc 700', '森林 desc 0']));
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
            await listItemPage(db, { q: key, kind: [...KINDS] }, page),
          );
        }
      expect(short.length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 120_000);

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
              await listItemPage(db, { q, kind: [...KINDS] }, page),
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
    const report = await updateSearchIndex(connection, [], { townsPerBatch: 8, keyPairs: KEY_PAIRS });
    connection.closeSync();
    instance.closeSync();
    expect(report).toMatchObject({ rebuilt: true, towns: 31, keys: { full: true } });
    const pair = await openPair(batched, dir);
    try {
      await expectTotalsRecounted(pair.index.db);
      await expectKeysCounted(pair.index.db, ['林', '森林']);
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
      const report = await loadFiles({ dbPath, files: batch, searchKeyPairs: KEY_PAIRS });
      if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
      // The kept keys are moved by the changed towns' rows, not counted again.
      expect(report.searchIndex?.keys).toMatchObject({ full: false });
      expect(report.searchIndex?.keys.keys).toBeGreaterThan(100);
    }
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
      // The kept keys moved by the changed towns' rows, not counted again: the same as counting them
      // afresh, 林 now in 雨林 too.
      await expectKeysCounted(pair.index.db, ['林', '森林']);
    } finally {
      await pair.close();
    }
  }, 300_000);
});
