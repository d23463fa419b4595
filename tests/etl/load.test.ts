// The real ETL into a real DuckDB file from the real seed: the acceptance values of the ETL issue.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTemps } from '../../etl/db-lock.ts';
import { loadFiles } from '../../etl/load.ts';
import { buildSeedDb, SEED_FILE } from '../support/seed-db.ts';
import { openReadOnly } from '../support/query.ts';

let dbPath: string;
let db: Awaited<ReturnType<typeof openReadOnly>>;

beforeAll(async () => {
  dbPath = await buildSeedDb();
  db = await openReadOnly(dbPath);
});
afterAll(() => db.close());

const pairs = (rows: Record<string, unknown>[]) => rows.map((r) => Object.values(r));

describe('loading the 阿龙山镇 seed', () => {
  it('stores 181 items: basic 70, cooperative 47, reclaimed 64, and 0 warnings', async () => {
    expect(
      pairs(await db.all('SELECT kind, count(*)::INTEGER FROM items GROUP BY kind ORDER BY kind')),
    ).toEqual([
      ['basic', 70],
      ['cooperative', 47],
      ['reclaimed', 64],
    ]);
    expect(await db.all('SELECT count(*)::INTEGER AS n FROM load_issues')).toEqual([{ n: 0 }]);
  });

  it('stores the categories with declared and found counts', async () => {
    const rows = await db.all(
      `SELECT kind, name, declared_count, item_count FROM categories ORDER BY kind, ordinal`,
    );
    expect(rows.filter((r) => r.kind === 'cooperative').map((r) => [r.name, r.item_count])).toEqual([
      ['党的建设', 4],
      ['民生服务', 12],
      ['平安法治', 9],
      ['城乡建设', 3],
      ['生态环保', 18],
      ['文化旅游', 1],
    ]);
    expect(rows.every((r) => r.declared_count === r.item_count)).toBe(true);
    expect(rows).toHaveLength(18);
  });

  it('links cooperative items to 22 departments with 52 links', async () => {
    const rows = await db.all(
      `SELECT department, count(*)::INTEGER AS n FROM item_departments WHERE kind = 'cooperative'
       GROUP BY department ORDER BY n DESC, department`,
    );
    expect(rows.reduce((sum, r) => sum + (r.n as number), 0)).toBe(52);
    expect(rows).toHaveLength(22);
    expect(rows.slice(0, 6)).toEqual([
      { department: '根河市林业和草原局', n: 6 },
      { department: '根河市自然资源局', n: 6 },
      { department: '根河市卫生健康委员会', n: 5 },
      { department: '呼伦贝尔市生态环境局根河市分局', n: 4 },
      { department: '根河市应急管理局', n: 4 },
      { department: '根河市民政局', n: 4 },
    ]);
  });

  it('counts reclaimed items per receiving department (13 departments)', async () => {
    const rows = await db.all(
      `SELECT department, count(*)::INTEGER AS n FROM item_departments WHERE kind = 'reclaimed'
       GROUP BY department ORDER BY n DESC, department`,
    );
    expect(pairs(rows)).toEqual([
      ['根河市农牧水利科技局', 14],
      ['根河市城市管理综合执法局', 11],
      ['根河市林业和草原局', 10],
      ['根河市卫生健康委员会', 8],
      ['根河市应急管理局', 6],
      ['根河市自然资源局', 4],
      ['根河市市场监督管理局', 3],
      ['呼伦贝尔市生态环境局根河市分局', 2],
      ['根河市民政局', 2],
      ['根河市交通运输局', 1],
      ['根河市住房和城乡建设局', 1],
      ['根河市信访局', 1],
      ['根河市委宣传部', 1],
    ]);
  });

  it('finds 28 reclaimed penalty items by bureau and 30 penalty clauses kept by the town', async () => {
    const bureaus = await db.all(
      `SELECT d.department, count(*)::INTEGER AS n FROM items i JOIN item_departments d USING (item_id)
       WHERE i.kind = 'reclaimed' AND i.is_penalty GROUP BY d.department ORDER BY n DESC`,
    );
    expect(pairs(bureaus)).toEqual([
      ['根河市城市管理综合执法局', 11],
      ['根河市林业和草原局', 7],
      ['根河市农牧水利科技局', 6],
      ['根河市自然资源局', 4],
    ]);
    const clauses = await db.all(
      `SELECT i.seq, count(*)::INTEGER AS n FROM penalty_clauses p JOIN items i USING (item_id)
       GROUP BY i.seq ORDER BY i.seq`,
    );
    expect(pairs(clauses)).toEqual([
      [52, 6],
      [53, 5],
      [54, 7],
      [55, 2],
      [59, 3],
      [60, 7],
    ]);
    expect(await db.all('SELECT count(*)::INTEGER AS n FROM procedure_stages')).toEqual([{ n: 28 * 8 }]);
  });

  it('canonicalises 24 departments with types and records the applied aliases', async () => {
    expect(await db.all('SELECT count(DISTINCT department)::INTEGER AS n FROM item_departments')).toEqual([
      { n: 24 },
    ]);
    const types = await db.all(`SELECT name, type FROM departments WHERE name IN
      ('根河市委宣传部', '中共根河市委政法委员会', '呼伦贝尔市生态环境局根河市分局', '根河市民政局', '根河市住房综合保障中心')
      ORDER BY name`);
    expect(Object.fromEntries(types.map((r) => [r.name, r.type]))).toEqual({
      根河市委宣传部: 'party',
      中共根河市委政法委员会: 'party',
      呼伦贝尔市生态环境局根河市分局: 'branch',
      根河市民政局: 'government',
      根河市住房综合保障中心: 'other',
    });
    const aliases = await db.all(
      `SELECT raw_name, canonical, rule FROM applied_aliases WHERE rule = 'alias' ORDER BY source_line`,
    );
    expect(pairs(aliases)).toEqual([
      ['根河信访局', '根河市信访局', 'alias'],
      ['生态环境局根河市分局', '呼伦贝尔市生态环境局根河市分局', 'alias'],
    ]);
    const note = await db.all(`SELECT department, note FROM item_departments WHERE raw_name LIKE '%矿山%'`);
    expect(note).toEqual([{ department: '根河市应急管理局', note: '矿山安全监管局' }]);
  });

  it('maps support to the taxonomy, 政策解读 (policy) most common', async () => {
    const rows = await db.all(
      `SELECT support_type, count(*)::INTEGER AS n FROM item_support GROUP BY 1 ORDER BY n DESC, 1`,
    );
    expect(rows[0]).toEqual({ support_type: 'policy', n: 37 });
    const staff = await db.all(
      `SELECT i.seq FROM item_support s JOIN items i USING (item_id) WHERE s.support_type = 'staff' ORDER BY i.seq`,
    );
    // 人力（劳动保障协理员）, 资金、人员支持 and 专业人员 give staff; 人员业务培训 does not.
    expect(staff.map((r) => r.seq)).toEqual([8, 27, 44]);
  });

  it('keeps the source file and line of every stored row', async () => {
    const rows = await db.all(
      `SELECT item_id, source_file, source_line FROM items WHERE kind = 'reclaimed' AND seq = 16`,
    );
    expect(rows).toEqual([
      { item_id: 't2bbd4796eb-r16', source_file: 'alongshan-2025.txt', source_line: 206 },
    ]);
  });

  it('replaces a town on reload instead of duplicating it', async () => {
    const path = await buildSeedDb();
    const again = await loadFiles({ dbPath: path, files: [SEED_FILE] });
    expect(again.ok).toBe(true);
    const reloaded = await openReadOnly(path);
    try {
      expect(await reloaded.all('SELECT count(*)::INTEGER AS n FROM items')).toEqual([{ n: 181 }]);
      expect(await reloaded.all('SELECT count(*)::INTEGER AS n FROM towns')).toEqual([{ n: 1 }]);
    } finally {
      reloaded.close();
    }
  });
});

describe('natural keys', () => {
  it('stores each link row once, though the link tables carry no primary-key index', async () => {
    const keys: Record<string, string> = {
      lists: 'town_id, kind',
      categories: 'town_id, kind, ordinal',
      item_departments: 'item_id, department',
      penalty_clauses: 'item_id, clause_no',
      item_support: 'item_id, support_type',
      procedure_stages: 'item_id, stage_no',
    };
    const path = await buildSeedDb();
    // Loading the seed twice must still leave one row per key (the reload replaces the town).
    expect((await loadFiles({ dbPath: path, files: [SEED_FILE] })).ok).toBe(true);
    const keyed = await openReadOnly(path);
    try {
      for (const [table, key] of Object.entries(keys)) {
        const rows = await keyed.all(
          `SELECT count(*)::INTEGER AS n FROM (SELECT ${key} FROM ${table} GROUP BY ALL HAVING count(*) > 1)`,
        );
        expect(rows, table).toEqual([{ n: 0 }]);
      }
      expect(await keyed.all('SELECT count(*)::INTEGER AS n FROM item_departments')).toEqual([{ n: 116 }]);
    } finally {
      keyed.close();
    }
  });
});

describe('storage order', () => {
  it('stores every table with an item_id column in item id order, so a page of items reads few row groups', async () => {
    const tables = (await db.all(
      `SELECT DISTINCT table_name FROM duckdb_columns()
       WHERE column_name = 'item_id' AND table_name IN ('items', 'item_departments', 'item_support',
             'penalty_clauses', 'procedure_stages')
       ORDER BY table_name`,
    )) as { table_name: string }[];
    expect(tables.map((t) => t.table_name)).toEqual([
      'item_departments',
      'item_support',
      'items',
      'penalty_clauses',
      'procedure_stages',
    ]);
    for (const { table_name: table } of tables) {
      const [order] = (await db.all(
        `SELECT list(item_id ORDER BY rowid) = list(item_id ORDER BY item_id) AS stored, count(*)::INTEGER AS rows
         FROM ${table}`,
      )) as { stored: boolean; rows: number }[];
      expect(order?.rows, table).toBeGreaterThan(0);
      // The lists' own order (序号 1, 2, …, 10) is not id order ('…-b1', '…-b10', '…-b2'): only the sort makes it so.
      expect(order?.stored, table).toBe(true);
    }
  });
});

describe('traceability', () => {
  it('gives every item-level row of every table a source line that points at its item', async () => {
    const path = await buildSeedDb();
    const traced = await openReadOnly(path);
    try {
      for (const table of ['item_departments', 'penalty_clauses', 'item_support', 'procedure_stages']) {
        const rows = await traced.all(
          `SELECT count(*)::INTEGER AS n FROM ${table} t JOIN items i USING (item_id)
           WHERE t.source_line IS DISTINCT FROM i.source_line`,
        );
        expect(rows, table).toEqual([{ n: 0 }]);
      }
    } finally {
      traced.close();
    }
  });
});

describe('long rows', () => {
  it('loads an item whose 部门职责 is longer than read_json’s smallest row limit (1 MiB), whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-long-row-'));
    try {
      const long = '林'.repeat(700_000); // 2.1 MB of UTF-8 in one JSON row
      const text = readFileSync(SEED_FILE, 'utf8').replace(
        '1.负责对全市各单位落实离职人员',
        `1.负责对全市各单位${long}落实离职人员`,
      );
      const file = join(dir, 'long.txt');
      writeFileSync(file, text);
      const path = join(dir, 'long.duckdb');
      const report = await loadFiles({ dbPath: path, files: [file] });
      expect([report.error, ...report.files.map((f) => f.error)]).toEqual([null, null]);
      expect(report.ok).toBe(true);
      const loaded = await openReadOnly(path);
      try {
        const [row] = await loaded.all(
          `SELECT length(department_duties)::INTEGER AS n FROM items WHERE name = '离职人员从业行为限制规定提醒告知工作'`,
        );
        expect(Number(row?.n)).toBeGreaterThan(700_000);
      } finally {
        loaded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('replacing the database file', () => {
  it('frees the replaced database after the run, in a process of its own, and leaves only the new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-replace-'));
    try {
      const path = join(dir, 'duties.duckdb');
      expect((await loadFiles({ dbPath: path, files: [SEED_FILE] })).ok).toBe(true);
      const first = statSync(path).ino;
      // Every replaced file counts as large: linked aside, removed by a detached process.
      const again = await loadFiles({ dbPath: path, files: [SEED_FILE], freeAfterRunBytes: 1 });
      expect([again.error, again.ok]).toEqual([null, true]);
      expect(statSync(path).ino).not.toBe(first);
      const loaded = await openReadOnly(path);
      try {
        expect(await loaded.all('SELECT count(*)::INTEGER AS n FROM items')).toEqual([{ n: 181 }]);
      } finally {
        loaded.close();
      }
      // The old file's link goes once that process has run: nothing but the database is left.
      const deadline = Date.now() + 15_000;
      while (readdirSync(dir).length > 1 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(readdirSync(dir)).toEqual(['duties.duckdb']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('removes a replaced database a run left to be freed, once that run has ended', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-stale-'));
    try {
      const path = join(dir, 'duties.duckdb');
      writeFileSync(path, 'database');
      // A pid above Linux's largest (4,194,304) is never alive; this test's parent is.
      writeFileSync(`${path}.tmp-4206649.old`, 'replaced');
      writeFileSync(`${path}.tmp-${process.ppid}.old`, 'replaced, its run still alive');
      removeStaleTemps(path);
      expect(readdirSync(dir).sort()).toEqual(['duties.duckdb', `duties.duckdb.tmp-${process.ppid}.old`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
