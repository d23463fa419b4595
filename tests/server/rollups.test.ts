// The roll-ups (etl/rollups.sql) must give the aggregate endpoints exactly the answers the base tables
// give. Every aggregate query runs under each plan on the same real databases (the seed, 40 generated
// towns in several provinces plus the seed, and a database built by many small incremental loads), for
// filters by nothing, kind, region, town, department, category, department type and support type and
// their mixes, and the answers are compared whole.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { readRollupCaps, readRollupStatements, refreshRollups } from '../../etl/refresh-rollups.ts';
import { openDb, type Db } from '../../server/db.ts';
import type { Filters } from '../../server/filters/filter-schemas.ts';
import { listCategoryCounts } from '../../server/queries/categories.ts';
import { listDepartmentCounts } from '../../server/queries/departments.ts';
import { listDivergentDuties } from '../../server/queries/divergent-duties.ts';
import { getFlows } from '../../server/queries/flows.ts';
import { LIST_DEFAULTS } from '../../server/filters/request-schemas.ts';
import { parseJsonBytes } from '../../server/json-bytes.ts';
import { etagOf } from '../../shared/answer-encoding.ts';
import { joinJsonObjects } from '../../shared/json-objects.ts';
import {
  keptPenaltiesJson,
  listKeptPenalties,
  listPenaltyBureaus,
  penaltyBureausJson,
} from '../../server/queries/penalties.ts';
import { planFor, type PlanKind } from '../../server/queries/plan.ts';
import { listItemPage } from '../../server/queries/items.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { listSupportCells, listSupportTypes } from '../../server/queries/support.ts';
import { listTownComparison } from '../../server/queries/town-compare.ts';
import {
  generateCorpus,
  generateTown,
  planPlaces,
  readSeedTemplates,
  type TownPlace,
} from '../bench/generate.ts';
import { secondEdition } from '../support/second-edition.ts';
import {
  openIncrementalDbs,
  RANKED_DEPARTMENTS,
  RANKED_KEPT,
  type OpenIncrementalDbs,
} from '../support/incremental-loads.ts';
import { buildSeedDb, SEED_FILE } from '../support/seed-db.ts';

// Every aggregate the API serves, with small pages so that paging and caps are compared too.
const QUERIES: Record<string, (db: Db, filters: Filters, force: PlanKind) => Promise<unknown>> = {
  summary: (db, f, force) => getSummary(db, f, force),
  categories: (db, f, force) => listCategoryCounts(db, f, force),
  departments: (db, f, force) => listDepartmentCounts(db, f, { limit: 50, offset: 0 }, force),
  'departments page 2': (db, f, force) => listDepartmentCounts(db, f, { limit: 3, offset: 3 }, force),
  'support types': (db, f, force) => listSupportTypes(db, f, force),
  'support cells': (db, f, force) => listSupportCells(db, f, 50, force),
  'support cells top 3': (db, f, force) => listSupportCells(db, f, 3, force),
  flows: (db, f, force) => getFlows(db, f, 50, force),
  'flows top 4': (db, f, force) => getFlows(db, f, 4, force),
  bureaus: (db, f, force) => listPenaltyBureaus(db, f, { limit: 50, itemsLimit: 50 }, force),
  'bureaus top 2 with 3 items': (db, f, force) =>
    listPenaltyBureaus(db, f, { limit: 2, itemsLimit: 3 }, force),
  // No items, and more than the 50 stored per bureau (etl/rollup-penalty-lists.sql).
  'bureaus without items': (db, f, force) => listPenaltyBureaus(db, f, { limit: 50, itemsLimit: 0 }, force),
  'bureaus with 60 items': (db, f, force) => listPenaltyBureaus(db, f, { limit: 50, itemsLimit: 60 }, force),
  kept: (db, f, force) => listKeptPenalties(db, f, { limit: 50, offset: 0 }, force),
  'kept page 2': (db, f, force) => listKeptPenalties(db, f, { limit: 4, offset: 4 }, force),
  // The default order reads the page's towns only (server/queries/group-page.ts): pages that start
  // inside a town's list, span towns and kinds, and lie past the end.
  'items page': (db, f, force) =>
    listItemPage(db, f, { sort: 'kind', order: 'asc', limit: 20, offset: 0 }, undefined, force),
  'items page across lists, descending': (db, f, force) =>
    listItemPage(db, f, { sort: 'kind', order: 'desc', limit: 30, offset: 55 }, undefined, force),
  'items by category': (db, f, force) =>
    listItemPage(db, f, { sort: 'category', order: 'asc', limit: 20, offset: 0 }, undefined, force),
  'items by category, descending, page across categories': (db, f, force) =>
    listItemPage(db, f, { sort: 'category', order: 'desc', limit: 40, offset: 60 }, undefined, force),
  'items by seq': (db, f, force) =>
    listItemPage(db, f, { sort: 'seq', order: 'asc', limit: 20, offset: 0 }, undefined, force),
  'items by seq, descending, page 3': (db, f, force) =>
    listItemPage(db, f, { sort: 'seq', order: 'desc', limit: 25, offset: 50 }, undefined, force),
  'items by name': (db, f, force) =>
    listItemPage(db, f, { sort: 'name', order: 'asc', limit: 20, offset: 0 }, undefined, force),
  'items by name, descending, page 3': (db, f, force) =>
    listItemPage(db, f, { sort: 'name', order: 'desc', limit: 25, offset: 50 }, undefined, force),
  'items past the end': (db, f, force) =>
    listItemPage(db, f, { sort: 'kind', order: 'asc', limit: 20, offset: 1_000_000 }, undefined, force),
  'towns compared': (db, f, force) =>
    listTownComparison(db, { ...f, sort: 'reclaimed', order: 'desc', limit: 5, offset: 0 }, force),
  'towns compared by kept clauses, page 2': (db, f, force) =>
    listTownComparison(db, { ...f, sort: 'keptClauses', order: 'asc', limit: 3, offset: 2 }, force),
  'divergent duties': (db, f, force) => listDivergentDuties(db, f, { limit: 200, offset: 0 }, force),
  'divergent duties by towns, ascending, page 2': (db, f, force) =>
    listDivergentDuties(db, f, { limit: 3, offset: 3, sort: 'towns', order: 'asc' }, force),
};

interface Case {
  name: string;
  filters: Filters;
  plan: PlanKind;
}

async function compareAll(db: Db, cases: Case[]) {
  for (const { name, filters, plan } of cases) {
    expect((await planFor(db, filters)).kind, `plan for ${name}`).toBe(plan);
    for (const [query, run] of Object.entries(QUERIES)) {
      const fromItems = await run(db, filters, 'items');
      const chosen = await run(db, filters, plan);
      expect(chosen, `${query} · ${name} (${plan} vs items)`).toEqual(fromItems);
    }
  }
}

describe('roll-ups on the seed', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ path: await buildSeedDb(), queryTimeoutMs: 10_000 });
  }, 60_000);
  afterAll(() => db?.close());

  it('answer every aggregate as the base tables do', async () => {
    await compareAll(db, [
      { name: 'no filter', filters: {}, plan: 'rollup' },
      { name: 'kind=reclaimed', filters: { kind: ['reclaimed'] }, plan: 'rollup' },
      { name: 'kind=basic,cooperative', filters: { kind: ['basic', 'cooperative'] }, plan: 'rollup' },
      { name: 'region=根河市', filters: { region: ['根河市'] }, plan: 'rollup' },
      { name: 'town=阿龙山镇 kind=basic', filters: { town: ['阿龙山镇'], kind: ['basic'] }, plan: 'rollup' },
      { name: 'department=城管', filters: { department: ['根河市城市管理综合行政执法局'] }, plan: 'links' },
      {
        name: 'two departments, kind=cooperative',
        filters: { department: ['根河市林业和草原局', '根河市卫生健康委员会'], kind: ['cooperative'] },
        plan: 'links',
      },
      { name: 'category', filters: { category: ['党的建设'] }, plan: 'facts' },
      {
        name: 'two categories, kind=reclaimed',
        filters: { category: ['平安法治', '城乡建设'], kind: ['reclaimed'] },
        plan: 'facts',
      },
      { name: 'category, town', filters: { category: ['民生服务'], town: ['阿龙山镇'] }, plan: 'facts' },
      {
        name: 'category, department',
        filters: { category: ['平安法治'], department: ['根河市城市管理综合行政执法局'] },
        plan: 'links',
      },
      { name: 'department type', filters: { departmentType: ['party'] }, plan: 'typed' },
      { name: 'department type government', filters: { departmentType: ['government'] }, plan: 'typed' },
      {
        name: 'two department types, kind=reclaimed',
        filters: { departmentType: ['government', 'branch'], kind: ['reclaimed'] },
        plan: 'typed',
      },
      {
        name: 'every department type',
        filters: { departmentType: ['party', 'government', 'branch', 'other'] },
        plan: 'typed',
      },
      {
        name: 'department type, town, kind=cooperative',
        filters: { departmentType: ['government'], town: ['阿龙山镇'], kind: ['cooperative'] },
        plan: 'typed',
      },
      {
        name: 'department type, region',
        filters: { departmentType: ['branch', 'party'], region: ['根河市'] },
        plan: 'typed',
      },
      {
        name: 'department type, category',
        filters: { departmentType: ['government'], category: ['平安法治'] },
        plan: 'facts',
      },
      { name: 'support type', filters: { supportType: ['funding'] }, plan: 'facts' },
      {
        name: 'support type, category, town',
        filters: { supportType: ['policy', 'staff'], category: ['平安法治'], town: ['阿龙山镇'] },
        plan: 'facts',
      },
      {
        name: 'support type, department',
        filters: { supportType: ['policy'], department: ['根河市林业和草原局'] },
        plan: 'links',
      },
      {
        name: 'department type, department',
        filters: { departmentType: ['party'], department: ['根河市林业和草原局'] },
        plan: 'items',
      },
      // A search keeps the facts of the items it finds (by id), beside any filter the facts narrow by.
      { name: 'search 林', filters: { q: '林' }, plan: 'facts' },
      {
        name: 'search 行政处罚, kind=reclaimed',
        filters: { q: '行政处罚', kind: ['reclaimed'] },
        plan: 'facts',
      },
      {
        name: 'search app (Latin, any case), region',
        filters: { q: 'app', region: ['根河市'] },
        plan: 'facts',
      },
      {
        name: 'search 森林, category, town',
        filters: { q: '森林', category: ['平安法治'], town: ['阿龙山镇'] },
        plan: 'facts',
      },
      {
        name: 'search 林, department type',
        filters: { q: '林', departmentType: ['government'] },
        plan: 'facts',
      },
      { name: 'search 林, support type', filters: { q: '林', supportType: ['policy'] }, plan: 'facts' },
      {
        name: 'search 林, department',
        filters: { q: '林', department: ['根河市林业和草原局'], kind: ['cooperative'] },
        plan: 'links',
      },
      { name: 'search without a match', filters: { q: '不存在的事项' }, plan: 'facts' },
      { name: 'search, edition', filters: { q: '林', edition: ['2025年版'] }, plan: 'items' },
    ]);
    // Not vacuous: a department type, a support type and searches keep some items but not all.
    const total = (await getSummary(db, {})).items.total;
    for (const filters of [
      { departmentType: ['party' as const] },
      { supportType: ['funding' as const] },
      { q: '林' },
      { q: '行政处罚', kind: ['reclaimed' as const] },
      { q: '林', department: ['根河市林业和草原局'] },
    ]) {
      const kept = (await getSummary(db, filters)).items.total;
      expect(kept, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(kept, JSON.stringify(filters)).toBeLessThan(total);
    }
    // Not vacuous: the seed's own figures come through the roll-ups.
    const summary = await getSummary(db, {});
    expect(summary.items).toEqual({ basic: 70, cooperative: 47, reclaimed: 64, total: 181 });
    expect(summary.penalties).toEqual({ reclaimedItems: 28, keptClauses: 30, keptItems: 6 });
    expect(summary.departments).toBe(24);
  }, 120_000);

  it('serve penalties/by-bureau at the API defaults from the stored answer, which the base tables give too', async () => {
    const [stored] = await db.all<{ bureaus_limit: number; items_limit: number; answer: string }>(
      'SELECT bureaus_limit, items_limit, answer FROM rollup_penalty_answer',
    );
    // Written for the limits a request without them gets (the SQL repeats LIST_DEFAULTS).
    expect([stored?.bureaus_limit, stored?.items_limit]).toEqual([
      LIST_DEFAULTS.bureaus,
      LIST_DEFAULTS.itemsPerBureau,
    ]);
    // The route's query reads it as it is…
    expect(new TextDecoder().decode(await penaltyBureausJson(db, {}))).toBe(stored?.answer);
    // …and it is the answer the base tables give: the seed's 4 bureaus and 28 penalty items.
    const fromItems = await listPenaltyBureaus(db, {}, undefined, 'items');
    expect(parseJsonBytes(await penaltyBureausJson(db, {}))).toEqual({
      bureaus: fromItems.bureaus,
      bureausTotal: 4,
      itemsTotal: 28,
    });
    expect(fromItems.bureaus.map((b) => b.count)).toEqual([11, 7, 6, 4]);
    // The kept half: the first page at the default size, as stored and as the base tables give it.
    const [kept] = await db.all<{ kept_limit: number; kept_answer: string }>(
      'SELECT kept_limit, kept_answer FROM rollup_penalty_answer',
    );
    expect(kept?.kept_limit).toBe(LIST_DEFAULTS.kept);
    expect(new TextDecoder().decode(await keptPenaltiesJson(db, {}))).toBe(kept?.kept_answer);
    const keptFromItems = await listKeptPenalties(db, {}, undefined, 'items');
    expect(keptFromItems.total).toBe(6);
    expect(parseJsonBytes(await keptPenaltiesJson(db, {}))).toEqual({
      kept: keptFromItems.kept,
      keptTotal: 6,
    });
  });

  it('serve penalties/by-bureau from the stored lists alone in a file built before the stored answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-rollups-old-'));
    const oldPath = join(dir, 'duties.duckdb');
    const instance = await DuckDBInstance.create(await buildSeedDb(dir));
    const connection = await instance.connect();
    await connection.run('DROP TABLE rollup_penalty_answer');
    connection.closeSync();
    instance.closeSync();
    const old = await openDb({ path: oldPath, queryTimeoutMs: 10_000 });
    try {
      for (const limits of [undefined, { limit: 2, itemsLimit: 3 }]) {
        const fromItems = await listPenaltyBureaus(db, {}, limits, 'items');
        expect(await listPenaltyBureaus(old, {}, limits, 'rollup')).toEqual(fromItems);
        expect(fromItems.itemsTotal).toBe(28);
      }
    } finally {
      await old.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('roll-ups on a town with two editions', () => {
  let two: Db;
  let only: Db;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-rollups-editions-'));
    const next = join(dir, 'alongshan-next.txt');
    writeFileSync(next, secondEdition().text);
    // The seed (2025年版), the 2026年版, then the seed again: an older edition loaded last stays behind.
    const twoPath = await buildSeedDb(mkdtempSync(join(dir, 'two-')));
    for (const files of [[next], [SEED_FILE]]) {
      const report = await loadFiles({ dbPath: twoPath, files });
      if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
    }
    const onlyPath = join(dir, 'only.duckdb');
    if (!(await loadFiles({ dbPath: onlyPath, files: [next] })).ok)
      throw new Error('2026年版 failed to load');
    two = await openDb({ path: twoPath, queryTimeoutMs: 10_000 });
    only = await openDb({ path: onlyPath, queryTimeoutMs: 10_000 });
  }, 60_000);
  afterAll(() => {
    two?.close();
    only?.close();
  });

  it('answer every aggregate over the latest edition only, as a database of that edition alone', async () => {
    const cases: Case[] = [
      { name: 'no filter', filters: {}, plan: 'rollup' },
      { name: 'kind=reclaimed', filters: { kind: ['reclaimed'] }, plan: 'rollup' },
      { name: 'town=阿龙山镇', filters: { town: ['阿龙山镇'] }, plan: 'rollup' },
      { name: 'department', filters: { department: ['根河市林业和草原局'] }, plan: 'links' },
      { name: 'category', filters: { category: ['生态环保'] }, plan: 'facts' },
      { name: 'department type', filters: { departmentType: ['government'] }, plan: 'typed' },
      {
        name: 'two department types, town',
        filters: { departmentType: ['party', 'branch'], town: ['阿龙山镇'] },
        plan: 'typed',
      },
      { name: 'edition=2026年版', filters: { edition: ['2026年版'] }, plan: 'items' },
    ];
    await compareAll(two, cases);
    for (const { name, filters } of cases) {
      for (const [query, run] of Object.entries(QUERIES)) {
        expect(await run(two, filters, 'items'), `${query} · ${name}`).toEqual(
          await run(only, filters, 'items'),
        );
      }
    }
    // Not vacuous: nothing counted twice, and the 2026 edition's own penalties come through.
    const summary = await getSummary(two, {});
    expect(summary.items).toEqual({ basic: 70, cooperative: 47, reclaimed: 64, total: 181 });
    expect(summary.penalties).toEqual((await getSummary(only, {})).penalties);
    // …and they differ from the seed's (28 reclaimed penalty items, 30 kept clauses in 6 items).
    expect(summary.penalties).not.toEqual({ reclaimedItems: 28, keptClauses: 30, keptItems: 6 });
  }, 120_000);
});

// Built in one statement per roll-up, and in batches of 6 towns (7 batches; as the national build runs
// in batches of FULL_BUILD_BATCH_TOWNS, etl/refresh-rollups.ts).
describe.each([
  { build: 'in one batch', rollupBatchTowns: undefined, batches: 1 },
  { build: 'in batches of 6 towns', rollupBatchTowns: 6, batches: 7 },
])('roll-ups on 41 towns in several provinces, built $build', ({ rollupBatchTowns, batches }) => {
  let db: Db;
  let sample: TownPlace;
  let departments: string[];
  let category: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-rollups-'));
    const corpus = generateCorpus({ towns: 400, dir: join(dir, 'raw'), to: 40 });
    sample = corpus.sample;
    const dbPath = join(dir, 'duties.duckdb');
    const report = await loadFiles({
      dbPath,
      files: [...corpus.files, SEED_FILE],
      ...(rollupBatchTowns === undefined ? {} : { rollupBatchTowns }),
    });
    if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
    expect(report.rollups).toMatchObject({ mode: 'full', towns: 41, batches });
    // A build in one batch runs the penalty and duty tables on the load's second connection
    // (etl/refresh-rollups.ts, rollupLanes); one in several runs every table on the first.
    const laneSteps = (report.rollups?.steps ?? []).flatMap(({ step }) =>
      step.startsWith('lane ') ? [step] : [],
    );
    if (batches === 1)
      expect(laneSteps).toEqual(
        expect.arrayContaining(['lane @towns rollup_kept', 'lane @rank rollup_penalty_lists']),
      );
    else expect(laneSteps).toEqual([]);
    db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    const page = await listDepartmentCounts(db, { region: [sample.county] }, { limit: 3, offset: 0 });
    departments = page.rows.map((row) => row.department);
    // The county's largest category (the item facts are stored in category order).
    const categories = await listCategoryCounts(db, { region: [sample.county] });
    category = categories.reduce((a, b) => (b.count > a.count ? b : a)).category;
  }, 120_000);
  afterAll(() => db?.close());

  it('answer every aggregate as the base tables do', async () => {
    expect(departments).toHaveLength(3);
    const [first = '', second = ''] = departments;
    await compareAll(db, [
      { name: 'no filter', filters: {}, plan: 'rollup' },
      { name: 'kind=cooperative', filters: { kind: ['cooperative'] }, plan: 'rollup' },
      { name: 'two kinds', filters: { kind: ['basic', 'reclaimed'] }, plan: 'rollup' },
      { name: 'every kind', filters: { kind: ['reclaimed', 'basic', 'cooperative'] }, plan: 'rollup' },
      { name: 'province', filters: { region: [sample.province] }, plan: 'rollup' },
      {
        name: 'province, two kinds',
        filters: { region: [sample.province], kind: ['cooperative', 'basic'] },
        plan: 'rollup',
      },
      {
        name: 'city, kind=reclaimed',
        filters: { region: [sample.city], kind: ['reclaimed'] },
        plan: 'rollup',
      },
      { name: 'county', filters: { region: [sample.county] }, plan: 'rollup' },
      { name: 'two regions', filters: { region: [sample.county, '根河市'] }, plan: 'rollup' },
      {
        name: 'two regions, two kinds',
        filters: { region: [sample.county, '根河市'], kind: ['cooperative', 'reclaimed'] },
        plan: 'rollup',
      },
      { name: 'town by name', filters: { town: [sample.town] }, plan: 'rollup' },
      { name: 'town and region', filters: { town: ['阿龙山镇'], region: ['内蒙古自治区'] }, plan: 'rollup' },
      {
        name: 'town outside region',
        filters: { town: ['阿龙山镇'], region: [sample.county] },
        plan: 'rollup',
      },
      { name: 'department', filters: { department: [first] }, plan: 'links' },
      { name: 'two departments', filters: { department: [first, second] }, plan: 'links' },
      { name: 'department, kind', filters: { department: [first], kind: ['reclaimed'] }, plan: 'links' },
      {
        name: 'department, own county',
        filters: { department: [first], region: [sample.county] },
        plan: 'links',
      },
      {
        name: 'department, other county',
        filters: { department: [first], region: ['根河市'] },
        plan: 'links',
      },
      { name: 'category', filters: { category: [category] }, plan: 'facts' },
      { name: 'category, county', filters: { category: [category], region: [sample.county] }, plan: 'facts' },
      {
        name: 'category, department',
        filters: { category: [category], department: [first] },
        plan: 'links',
      },
      { name: 'department type', filters: { departmentType: ['government'] }, plan: 'typed' },
      {
        name: 'department type, county',
        filters: { departmentType: ['branch'], region: [sample.county] },
        plan: 'typed',
      },
      {
        name: 'two department types, province, kind=reclaimed',
        filters: { departmentType: ['government', 'party'], region: [sample.province], kind: ['reclaimed'] },
        plan: 'typed',
      },
      {
        name: 'department type, town',
        filters: { departmentType: ['party'], town: [sample.town] },
        plan: 'typed',
      },
      // The types an item with two of them holds besides the first: party, other.
      { name: 'party', filters: { departmentType: ['party'] }, plan: 'typed' },
      {
        name: 'other, kind=cooperative',
        filters: { departmentType: ['other'], kind: ['cooperative'] },
        plan: 'typed',
      },
      {
        name: 'department type, category',
        filters: { departmentType: ['government'], category: [category] },
        plan: 'facts',
      },
      { name: 'support type', filters: { supportType: ['staff'] }, plan: 'facts' },
      {
        name: 'support type, category',
        filters: { supportType: ['funding'], category: [category] },
        plan: 'facts',
      },
      {
        name: 'support type, department',
        filters: { supportType: ['policy'], department: [first] },
        plan: 'links',
      },
      { name: 'search', filters: { q: '森林' }, plan: 'facts' },
      { name: 'search, province', filters: { q: '林', region: [sample.province] }, plan: 'facts' },
      { name: 'search, department', filters: { q: '林', department: [first] }, plan: 'links' },
      { name: 'search, edition', filters: { q: '森林', edition: ['未标注'] }, plan: 'items' },
    ]);
    // Not vacuous: the narrowed answers hold items.
    expect((await getSummary(db, { region: [sample.county] })).items.total).toBeGreaterThan(0);
    // …duties diverge under two kinds, over the whole database and in a province, and some towns hold a
    // duty in two kinds at once (counted once among the towns holding it).
    for (const filters of [
      { kind: ['basic', 'reclaimed'] },
      { region: [sample.province], kind: ['cooperative', 'basic'] },
    ] as Filters[]) {
      const { total } = await listDivergentDuties(db, filters, { limit: 1, offset: 0 });
      expect(total, JSON.stringify(filters)).toBeGreaterThan(0);
    }
    const [twoKinds] = await db.all<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM rollup_duty_town WHERE towns = 1 AND bit_count(kinds) >= 2',
    );
    expect(twoKinds?.n).toBeGreaterThan(0);
    expect((await getSummary(db, { department: [first] })).items.total).toBeGreaterThan(0);
    expect((await listPenaltyBureaus(db, { region: [sample.city] })).bureaus.length).toBeGreaterThan(0);
    // …items linked to departments of two types are counted once under a filter by both.
    const [twoTypes] = await db.all<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM rollup_item_facts WHERE len(department_types) > 1',
    );
    expect(twoTypes?.n).toBeGreaterThan(0);
    // …and a category keeps some items but not all.
    const inCategory = (await getSummary(db, { category: [category] })).items.total;
    expect(inCategory).toBeGreaterThan(0);
    expect(inCategory).toBeLessThan((await getSummary(db, {})).items.total);
  }, 240_000);
});

describe('roll-ups after incremental loads', () => {
  let built: OpenIncrementalDbs;
  beforeAll(async () => {
    built = await openIncrementalDbs();
  }, 180_000);
  afterAll(() => built?.close());

  it('redo only the changed towns after the first load', () => {
    expect(built.steps.map(({ name, report }) => [name, report.rollups?.mode, report.changedTowns])).toEqual([
      ['first load', 'full', 31],
      ['add one town', 'incremental', 1],
      ['add three towns', 'incremental', 3],
      ['replace a town', 'incremental', 1],
      ['newer edition', 'incremental', 1],
      ['older edition', 'incremental', 0],
      ['add one more', 'incremental', 1],
      ['and another', 'incremental', 1],
    ]);
    // A refresh runs the penalty and duty tables on the load's second connection (etl/refresh-rollups.ts,
    // rollupLanes): the incremental ones, and the first load's full build, made in one batch.
    const laneSteps = (index: number) =>
      (built.steps[index]?.report.rollups?.steps ?? []).flatMap(({ step }) =>
        step.startsWith('lane ') ? [step] : [],
      );
    for (const index of [0, 1])
      expect(laneSteps(index)).toEqual(
        expect.arrayContaining(['lane @towns rollup_kept', 'lane @rank rollup_penalty_lists']),
      );
  });

  it('keep every item id unique (the items table has no key to enforce it: etl/schema.sql)', async () => {
    for (const db of [built.stepped, built.oneShot]) {
      const [row] = await db.all<{ items: number; ids: number }>(
        'SELECT count(*)::INTEGER AS items, count(DISTINCT item_id)::INTEGER AS ids FROM items',
      );
      expect(row?.items).toBeGreaterThan(37 * 100);
      expect(row?.ids).toBe(row?.items);
    }
  });

  it('answer every aggregate as the base tables do, and as one load of the same lists does', async () => {
    const { sample } = built;
    const page = await listDepartmentCounts(
      built.stepped,
      { region: [sample.county] },
      { limit: 2, offset: 0 },
    );
    const [first = '', second = ''] = page.rows.map((row) => row.department);
    const cases: Case[] = [
      { name: 'no filter', filters: {}, plan: 'rollup' },
      { name: 'kind=reclaimed', filters: { kind: ['reclaimed'] }, plan: 'rollup' },
      { name: 'two kinds', filters: { kind: ['cooperative', 'reclaimed'] }, plan: 'rollup' },
      { name: 'province', filters: { region: [sample.province] }, plan: 'rollup' },
      { name: 'county', filters: { region: [sample.county] }, plan: 'rollup' },
      {
        name: 'county, two kinds',
        filters: { region: [sample.county], kind: ['basic', 'reclaimed'] },
        plan: 'rollup',
      },
      { name: 'town by name', filters: { town: [sample.town] }, plan: 'rollup' },
      { name: 'seed town', filters: { town: ['阿龙山镇'] }, plan: 'rollup' },
      { name: 'department', filters: { department: [first] }, plan: 'links' },
      { name: 'two departments', filters: { department: [first, second] }, plan: 'links' },
      { name: 'department, kind', filters: { department: [first], kind: ['reclaimed'] }, plan: 'links' },
      { name: 'category', filters: { category: ['平安法治'] }, plan: 'facts' },
      {
        name: 'category, county',
        filters: { category: ['生态环保'], region: [sample.county] },
        plan: 'facts',
      },
      {
        name: 'category, department',
        filters: { category: ['民生服务'], department: [first] },
        plan: 'links',
      },
      { name: 'department type', filters: { departmentType: ['government'] }, plan: 'typed' },
      {
        name: 'two department types, county',
        filters: { departmentType: ['party', 'branch'], region: [sample.county] },
        plan: 'typed',
      },
      {
        name: 'department type, seed town, kind=cooperative',
        filters: { departmentType: ['government'], town: ['阿龙山镇'], kind: ['cooperative'] },
        plan: 'typed',
      },
      { name: 'party', filters: { departmentType: ['party'] }, plan: 'typed' },
      { name: 'other', filters: { departmentType: ['other'] }, plan: 'typed' },
      {
        name: 'support type, county',
        filters: { supportType: ['funding'], region: [sample.county] },
        plan: 'facts',
      },
    ];
    await compareAll(built.stepped, cases);
    for (const { name, filters, plan } of cases) {
      for (const [query, run] of Object.entries(QUERIES)) {
        // Duties clustered over several loads may differ from one clustering of everything
        // (shared/match/README.md, Loads that add towns): the duty queries are held to the base tables
        // above, not to the one-load database.
        if (query.startsWith('divergent')) continue;
        expect(await run(built.stepped, filters, plan), `${query} · ${name}`).toEqual(
          await run(built.oneShot, filters, plan),
        );
      }
    }
    // Pages of departments over the whole database: within the ranked ones (by rank), across their end
    // and beyond it (sorted), as the base tables give them.
    for (const filters of [{}, { kind: ['cooperative'] }, { kind: ['reclaimed'] }] as Filters[]) {
      for (const page of [
        { limit: 5, offset: 0 },
        { limit: 5, offset: RANKED_DEPARTMENTS - 2 },
        { limit: 10, offset: RANKED_DEPARTMENTS * 2 },
      ]) {
        const fromRollups = await listDepartmentCounts(built.stepped, filters, page);
        expect(fromRollups, `departments ${JSON.stringify(filters)} ${JSON.stringify(page)}`).toEqual(
          await listDepartmentCounts(built.stepped, filters, page, 'items'),
        );
        expect(fromRollups.rows).toHaveLength(page.limit);
      }
    }
    // Pages of kept items likewise, and the first page at the API's default size, more than are numbered.
    for (const page of [
      { limit: 10, offset: 0 },
      { limit: 10, offset: RANKED_KEPT - 5 },
      { limit: 10, offset: RANKED_KEPT * 2 },
      { limit: LIST_DEFAULTS.kept, offset: 0 },
    ]) {
      const fromRollups = await listKeptPenalties(built.stepped, {}, page);
      expect(fromRollups, `kept ${JSON.stringify(page)}`).toEqual(
        await listKeptPenalties(built.stepped, {}, page, 'items'),
      );
      expect(fromRollups.kept).toHaveLength(page.limit);
    }
    // The support heatmap's departments likewise: within the ranked ones, and more than are ranked.
    for (const limit of [RANKED_DEPARTMENTS - 5, RANKED_DEPARTMENTS + 10]) {
      const fromRollups = await listSupportCells(built.stepped, {}, limit);
      expect(fromRollups, `support cells, ${limit} departments`).toEqual(
        await listSupportCells(built.stepped, {}, limit, 'items'),
      );
      expect(new Set(fromRollups.cells.map((cell) => cell.department)).size).toBe(limit);
    }
    // …ranked up to RANKED_DEPARTMENTS, the rest one more, and stored as a full build stores them.
    const [ranks] = await built.stepped.all<{ ranked: number; beyond: number; departments: number }>(
      `SELECT count(*) FILTER (WHERE total_rank <= ${RANKED_DEPARTMENTS})::INTEGER AS ranked,
              count(*) FILTER (WHERE total_rank = ${RANKED_DEPARTMENTS + 1})::INTEGER AS beyond,
              count(*)::INTEGER AS departments
       FROM rollup_departments_all`,
    );
    expect(ranks?.ranked).toBe(RANKED_DEPARTMENTS);
    expect(ranks?.beyond).toBe((ranks?.departments ?? 0) - RANKED_DEPARTMENTS);
    expect(ranks?.beyond).toBeGreaterThan(RANKED_DEPARTMENTS * 2 + 10);
    for (const [table, { only }] of Object.entries(await differencesFromFullBuild(built.paths.stepped)))
      expect(only, `${table} rows not in a full build, or missing`).toBe(0);
    // Not vacuous: 37 towns, the seed town at its 2026年版 (not the 2025年版 loaded after it).
    const summary = await getSummary(built.stepped, {});
    expect(await built.stepped.all('SELECT count(*)::INTEGER AS n FROM towns')).toEqual([{ n: 37 }]);
    expect(summary.penalties).not.toEqual({ reclaimedItems: 28, keptClauses: 30, keptItems: 6 });
    expect(first).not.toBe('');
  }, 120_000);
});

describe('roll-ups when towns keep landing between the same two neighbours', () => {
  it('halve the free ranks until none is left, then rebuild, and still answer as the base tables do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-rollups-ranks-'));
    const seed = readFileSync(SEED_FILE, 'utf8');
    const write = (name: string) => {
      const file = join(dir, `${name}.txt`);
      writeFileSync(file, seed.replaceAll('阿龙山镇', name));
      return file;
    };
    const dbPath = join(dir, 'duties.duckdb');
    // 金河镇 < … < 阿龙山镇 in region order; each new name sorts just below the one before it.
    // Four towns at first, so one more is not a quarter of them (that would rebuild everything).
    const first = [SEED_FILE, write('金河镇'), write('东山镇'), write('北山镇')];
    expect((await loadFiles({ dbPath, files: first })).ok).toBe(true);
    const modes: string[] = [];
    for (const c of [...'龙鹰马青阳钱路花红石田']) {
      const report = await loadFiles({ dbPath, files: [write(`金${c}镇`)] });
      modes.push(report.rollups?.mode ?? 'failed');
    }
    // 1024 ranks apart: ten halvings, then the eleventh town finds no free rank.
    expect(modes).toEqual([...Array(10).fill('incremental'), 'full']);
    const db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
    try {
      await compareAll(db, [
        { name: 'no filter', filters: {}, plan: 'rollup' },
        { name: 'town', filters: { town: ['金龙镇'] }, plan: 'rollup' },
        { name: 'department', filters: { department: ['根河市林业和草原局'] }, plan: 'links' },
        { name: 'category', filters: { category: ['平安法治'] }, plan: 'facts' },
        {
          name: 'department type, town',
          filters: { departmentType: ['government'], town: ['金龙镇'] },
          plan: 'typed',
        },
      ]);
      expect((await getSummary(db, { town: ['金田镇'] })).items.total).toBe(181);
    } finally {
      db.close();
    }
  }, 180_000);
});

/**
 * Every roll-up table of `path`, row for row, against a full build of the same base tables (a copy of
 * the file, rebuilt): the counts of rows only one side holds, per table. Per-town rows are compared by
 * town id, since an incremental load gives its towns other ranks than a full build does.
 */
async function differencesFromFullBuild(
  path: string,
): Promise<Record<string, { only: number; rows: number }>> {
  const fullPath = `${path}.full`;
  copyFileSync(path, fullPath);
  const build = await DuckDBInstance.create(fullPath);
  const writer = await build.connect();
  await writer.run('CREATE TEMP TABLE changed_towns (town_id VARCHAR)');
  // Ranking and listing as far as the incremental loads did (their caps, in meta).
  const caps = await readRollupCaps(writer);
  expect((await refreshRollups(writer, { full: true, caps })).mode).toBe('full');
  writer.closeSync();
  build.closeSync();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
  try {
    await connection.run(`ATTACH '${path}' AS incremental (READ_ONLY)`);
    await connection.run(`ATTACH '${fullPath}' AS full_build (READ_ONLY)`);
    const tables = new Set(
      (await readRollupStatements()).flatMap((s) => (s.kind === 'rank' ? [] : [s.table])),
    );
    const found: Record<string, { only: number; rows: number }> = {};
    for (const table of tables) {
      const columnsIn = async (db: string) =>
        (
          await read(
            `SELECT column_name FROM duckdb_columns() WHERE database_name = '${db}' AND table_name = '${table}' ORDER BY column_name`,
          )
        ).map((row) => String(row.column_name));
      const columns = await columnsIn('incremental');
      expect(await columnsIn('full_build'), table).toEqual(columns);
      const byTown = columns.includes('town_rank');
      const rowsOf = (db: string) =>
        `SELECT ${columns.filter((c) => c !== 'town_rank').map((c) => `x.${c}`)}${byTown ? ', r.town_id AS ranked_town' : ''}
         FROM ${db}.${table} x ${byTown ? `JOIN ${db}.rollup_towns r USING (town_rank)` : ''}`;
      const [row] = await read(
        `SELECT (SELECT count(*) FROM (${rowsOf('incremental')} EXCEPT ALL ${rowsOf('full_build')}))::INTEGER
              + (SELECT count(*) FROM (${rowsOf('full_build')} EXCEPT ALL ${rowsOf('incremental')}))::INTEGER AS only,
                (SELECT count(*) FROM incremental.${table})::INTEGER AS rows`,
      );
      found[table] = { only: Number(row?.only), rows: Number(row?.rows) };
    }
    return found;
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(fullPath, { force: true });
  }
}

describe('whole-database roll-ups kept by the changed towns’ difference', () => {
  it('equal a full build after each load, table by table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-rollups-difference-'));
    const corpus = generateCorpus({ towns: 400, dir: join(dir, 'raw'), to: 11 });
    const f = corpus.files;
    const seed = readFileSync(SEED_FILE, 'utf8');
    const write = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    // 金河镇: the seed again, with one bureau under a name no other town uses.
    const jinhe = seed.replaceAll('阿龙山镇', '金河镇');
    const only = '根河市独有测试局';
    const jinheWithOwnBureau = write('jinhe-own.txt', jinhe.replaceAll('根河市林业和草原局', only));
    const dbPath = join(dir, 'duties.duckdb');
    const steps: [string, string[]][] = [
      ['first load', [...f.slice(0, 8), SEED_FILE, jinheWithOwnBureau]],
      ['add a town', [f[8]!]],
      // Town 2 written with another generator seed: other moves, other departments.
      [
        'replace a town with other departments',
        [write('town-2-other.txt', generateTown(readSeedTemplates(), planPlaces(400)[2]!, 7).text)],
      ],
      ['a bureau disappears', [write('jinhe.txt', jinhe)]],
      ['add two towns', f.slice(9, 11)],
      ['newer edition: other penalties and kept clauses', [write('next.txt', secondEdition().text)]],
    ];
    interface Department {
      department: string;
      total: number;
      total_rank: number;
      penalties: number;
      penalty_rank: number;
    }
    const departments = async () => {
      const db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
      try {
        return new Map(
          (
            await db.all<Department>(
              'SELECT department, total, total_rank, penalties, penalty_rank FROM rollup_departments_all',
            )
          ).map((row) => [row.department, row]),
        );
      } finally {
        db.close();
      }
    };
    const retyped = '根河市卫生健康委员会';
    const seen = { shifted: 0, tiesChanged: 0, penaltyShifted: 0, gone: [] as string[] };
    let before = new Map<string, Department>();
    for (const [name, files] of steps) {
      if (name === 'a bureau disappears') {
        // As if an earlier load had typed a bureau otherwise (the rules changed since): 金河镇 names it
        // again, and its type is taken from this load.
        const instance = await DuckDBInstance.create(dbPath);
        const connection = await instance.connect();
        for (const table of ['departments', 'rollup_departments_all'])
          await connection.run(
            `UPDATE ${table} SET type = 'party' WHERE ${table === 'departments' ? 'name' : 'department'} = '${retyped}'`,
          );
        connection.closeSync();
        instance.closeSync();
      }
      const report = await loadFiles({ dbPath, files });
      if (!report.ok)
        throw new Error(`${name}: ${report.error ?? report.files.map((x) => x.error).join('; ')}`);
      expect(report.rollups?.mode, name).toBe(name === 'first load' ? 'full' : 'incremental');
      // The stored answer (rebuilt by every load) against the query over the base tables.
      const db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
      try {
        const [stored] = await db.all<{ answer: string; kept_answer: string }>(
          'SELECT answer, kept_answer FROM rollup_penalty_answer',
        );
        const fromItems = await listPenaltyBureaus(db, {}, undefined, 'items');
        expect(JSON.parse(stored?.answer ?? 'null'), `${name}: stored penalties/by-bureau answer`).toEqual({
          bureaus: fromItems.bureaus,
          bureausTotal: fromItems.total,
          itemsTotal: fromItems.itemsTotal,
        });
        const keptFromItems = await listKeptPenalties(db, {}, undefined, 'items');
        expect(JSON.parse(stored?.kept_answer ?? 'null'), `${name}: stored kept page`).toEqual({
          kept: keptFromItems.kept,
          keptTotal: keptFromItems.total,
        });
        // …and the whole answer stored encoded (etl/stored-answer.ts) is these two, not an older one.
        const plain = joinJsonObjects([
          new TextEncoder().encode(stored?.answer),
          new TextEncoder().encode(stored?.kept_answer),
        ]);
        const encoded = await db.blob('SELECT answer_gzip FROM rollup_penalty_answer');
        expect(gunzipSync(encoded).toString('utf8'), `${name}: stored encoded answer`).toBe(
          new TextDecoder().decode(plain),
        );
        const [etag] = await db.all<{ etag: string }>(
          'SELECT answer_etag AS etag FROM rollup_penalty_answer',
        );
        expect(etag?.etag, `${name}: stored answer's ETag`).toBe(etagOf(plain));
      } finally {
        await db.close();
      }
      const differences = await differencesFromFullBuild(dbPath);
      for (const [table, { only, rows }] of Object.entries(differences)) {
        expect(only, `${name}: ${table} rows not in a full build, or missing`).toBe(0);
        expect(rows, `${name}: ${table} holds rows`).toBeGreaterThan(0);
      }
      const after = await departments();
      const tied = (map: Map<string, Department>, d: Department) =>
        [...map.values()]
          .filter((o) => o.total === d.total && o.department !== d.department)
          .map((o) => o.department)
          .sort()
          .join();
      for (const [department, old] of before) {
        const now = after.get(department);
        if (now === undefined) {
          seen.gone.push(department);
          continue;
        }
        if (now.total === old.total && now.total_rank !== old.total_rank) seen.shifted += 1;
        if (now.penalties === old.penalties && now.penalty_rank !== old.penalty_rank)
          seen.penaltyShifted += 1;
        if (tied(before, old) !== tied(after, now)) seen.tiesChanged += 1;
      }
      before = after;
    }
    // Not vacuous: the loads moved ranks and ties, and took a bureau out of the database entirely.
    expect(seen.gone).toEqual([only]);
    expect(seen.shifted).toBeGreaterThan(0);
    expect(seen.penaltyShifted).toBeGreaterThan(0);
    expect(seen.tiesChanged).toBeGreaterThan(0);
    expect(before.get(retyped)).toBeDefined();
  }, 240_000);
});

describe('stored bureau lists kept by the changed towns’ difference', () => {
  it('follow bureaus entering and leaving the listed ones, equal to a full build after each load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-listed-'));
    try {
      // Towns 0–4 in 通安县, 5–11 in 小溪市, 12–24 in 新晨县: 新晨县's bureaus overtake as its towns come.
      const corpus = generateCorpus({ towns: 400, dir: join(dir, 'raw'), to: 20 });
      const f = corpus.files;
      const other = join(dir, 'town-2-other.txt');
      writeFileSync(other, generateTown(readSeedTemplates(), planPlaces(400)[2]!, 7).text);
      const dbPath = join(dir, 'duties.duckdb');
      const steps: [string, string[]][] = [
        ['first load', f.slice(0, 8)],
        ['add a town', [f[12]!]],
        ['add two towns', f.slice(13, 15)],
        ['replace a town with other departments', [other]],
        ['add two more', f.slice(15, 17)],
        ['add the seed town', [SEED_FILE]],
        ['add three more', f.slice(17, 20)],
      ];
      // Three bureaus listed, so that towns added and replaced move bureaus in and out of them.
      const storedBureaus = 3;
      const listed: string[] = [];
      for (const [name, files] of steps) {
        const report = await loadFiles({ dbPath, files, rollupCaps: { storedBureaus } });
        if (!report.ok)
          throw new Error(`${name}: ${report.error ?? report.files.map((x) => x.error).join('; ')}`);
        expect(report.rollups?.mode, name).toBe(name === 'first load' ? 'full' : 'incremental');
        for (const [table, { only }] of Object.entries(await differencesFromFullBuild(dbPath)))
          expect(only, `${name}: ${table} rows not in a full build, or missing`).toBe(0);
        const db = await openDb({ path: dbPath, queryTimeoutMs: 10_000 });
        try {
          const [row] = await db.all<{ bureaus: string; lists: number; ranks: string }>(
            `SELECT (SELECT string_agg(department, ',' ORDER BY department) FROM rollup_bureaus WHERE listed) AS bureaus,
                    (SELECT count(*) FROM rollup_penalty_lists)::INTEGER AS lists,
                    (SELECT string_agg(bureau_rank::VARCHAR, ',' ORDER BY bureau_rank) FROM rollup_penalty_lists) AS ranks`,
          );
          expect([row?.lists, row?.ranks], name).toEqual([storedBureaus, '1,2,3']);
          listed.push(row?.bureaus ?? '');
          // Roll-ups listing other bureaus than the API's are not read: the base tables answer.
          expect((await planFor(db, {})).kind, name).toBe('items');
        } finally {
          db.close();
        }
      }
      // Not vacuous: the listed bureaus changed from load to load.
      expect(new Set(listed).size, listed.join(' | ')).toBeGreaterThanOrEqual(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
