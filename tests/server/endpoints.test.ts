// Every endpoint of the API against the real seed (阿龙山镇, 181 items) loaded by the real ETL.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as responses from '../../server/responses.ts';
import { SEED_FILE } from '../support/seed-db.ts';
import { TOWN, TOWN_FULL_NAME, openSeedApp, type SeedApp } from './seed-app.ts';

let seed: SeedApp;
beforeAll(async () => {
  seed = await openSeedApp();
});
afterAll(async () => {
  await seed?.close();
});

interface Summary {
  items: { basic: number; cooperative: number; reclaimed: number; total: number };
  penalties: { reclaimedItems: number; keptClauses: number; keptItems: number };
  support: { cooperativeItems: number; withFundingOrStaff: number; policyOnly: number };
  departments: number;
}
interface ItemsPage {
  total: number;
  limit: number;
  offset: number;
  items: Array<{
    itemId: string;
    townName: string;
    kind: string;
    seq: number;
    category: string;
    name: string;
    departments: string[];
    supportTypes: string[];
    isPenalty: boolean;
    sourceFile: string;
    sourceLine: number;
  }>;
}

/** Support types per cooperative item, read straight from item_support. */
async function supportByItem(): Promise<Map<string, Set<string>>> {
  const rows = await seed.sql(
    `SELECT i.item_id, s.support_type FROM items i LEFT JOIN item_support s ON s.item_id = i.item_id
     WHERE i.kind = 'cooperative'`,
  );
  const byItem = new Map<string, Set<string>>();
  for (const row of rows) {
    const types = byItem.get(String(row.item_id)) ?? new Set<string>();
    if (row.support_type !== null) types.add(String(row.support_type));
    byItem.set(String(row.item_id), types);
  }
  return byItem;
}

describe('GET /api/health', () => {
  it('reports the seed database: one town, 181 items, its load time', async () => {
    const res = await seed.get<{ status: string; loadedAt: string; towns: number; items: number }>(
      '/api/health',
    );
    expect(res.status).toBe(200);
    const [meta] = await seed.sql(`SELECT value FROM meta WHERE key = 'loaded_at'`);
    expect(res.body).toEqual({ status: 'ok', loadedAt: meta?.value, towns: 1, items: 181 });
    expect(new Date(res.body.loadedAt).toISOString()).toBe(res.body.loadedAt);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /api/towns', () => {
  it('lists 阿龙山镇 with 70 basic, 47 cooperative and 64 reclaimed items', async () => {
    const res = await seed.get<{ towns: Array<Record<string, unknown>> }>('/api/towns');
    expect(res.status).toBe(200);
    expect(res.body.towns).toHaveLength(1);
    expect(res.body.towns[0]).toMatchObject({
      townId: expect.stringMatching(/^t[0-9a-f]{10}$/),
      name: TOWN,
      fullName: TOWN_FULL_NAME,
      province: '内蒙古自治区',
      city: '呼伦贝尔市',
      county: '根河市',
      sourceFile: 'alongshan-2025.txt',
      counts: { basic: 70, cooperative: 47, reclaimed: 64 },
    });
    expect(String(res.body.towns[0]?.loadedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('finds the town by id, name or full name', async () => {
    const all = await seed.get<{ towns: Array<{ townId: string }> }>('/api/towns');
    const townId = all.body.towns[0]?.townId ?? '';
    for (const town of [townId, TOWN, TOWN_FULL_NAME]) {
      const res = await seed.get<{ towns: unknown[] }>(`/api/towns?town=${encodeURIComponent(town)}`);
      expect(res.status).toBe(200);
      expect(res.body.towns).toHaveLength(1);
    }
  });
});

describe('GET /api/summary', () => {
  it('counts the seed: 70/47/64 items, 28 reclaimed penalty items, 30 kept clauses, 24 departments', async () => {
    const res = await seed.get<Summary>('/api/summary');
    expect(res.status).toBe(200);
    const byItem = await supportByItem();
    const types = [...byItem.values()];
    expect(res.body).toEqual({
      items: { basic: 70, cooperative: 47, reclaimed: 64, total: 181 },
      penalties: { reclaimedItems: 28, keptClauses: 30, keptItems: 6 },
      support: {
        cooperativeItems: 47,
        withFundingOrStaff: types.filter((t) => t.has('funding') || t.has('staff')).length,
        policyOnly: types.filter((t) => t.size === 1 && t.has('policy')).length,
      },
      departments: 24,
    });
    // The measured values, so a change in the ETL's support mapping shows up here too.
    expect(res.body.support).toEqual({ cooperativeItems: 47, withFundingOrStaff: 6, policyOnly: 12 });
  });

  it('narrows to the items linked to 根河市林业和草原局: 6 cooperative, 10 reclaimed', async () => {
    const res = await seed.get<Summary>(
      `/api/summary?department=${encodeURIComponent('根河市林业和草原局')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual({ basic: 0, cooperative: 6, reclaimed: 10, total: 16 });
    expect(res.body.penalties.reclaimedItems).toBe(7);
    expect(res.body.penalties.keptClauses).toBe(0);
  });

  it('narrows to 根河市城市管理综合执法局: 2 cooperative, 11 reclaimed (all 11 penalties)', async () => {
    const res = await seed.get<Summary>(
      `/api/summary?department=${encodeURIComponent('根河市城市管理综合执法局')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual({ basic: 0, cooperative: 2, reclaimed: 11, total: 13 });
    expect(res.body.penalties.reclaimedItems).toBe(11);
  });

  it('matches any of several values of one filter and ANDs different filters', async () => {
    const both = await seed.get<Summary>('/api/summary?kind=basic&kind=reclaimed');
    expect(both.body.items).toEqual({ basic: 70, cooperative: 0, reclaimed: 64, total: 134 });
    const anded = await seed.get<Summary>(
      `/api/summary?kind=reclaimed&department=${encodeURIComponent('根河市林业和草原局')}`,
    );
    expect(anded.body.items).toEqual({ basic: 0, cooperative: 0, reclaimed: 10, total: 10 });
    const category = await seed.get<Summary>(`/api/summary?category=${encodeURIComponent('生态环保')}`);
    expect(category.body.items).toEqual({ basic: 7, cooperative: 18, reclaimed: 25, total: 50 });
  });
});

describe('GET /api/categories', () => {
  it('counts items per category and kind, categories in the order they first appear', async () => {
    const res = await seed.get<{ rows: unknown[] }>('/api/categories');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { category: '党的建设', kind: 'basic', count: 26 },
      { category: '党的建设', kind: 'cooperative', count: 4 },
      { category: '党的建设', kind: 'reclaimed', count: 1 },
      { category: '经济发展', kind: 'basic', count: 6 },
      { category: '民生服务', kind: 'basic', count: 13 },
      { category: '民生服务', kind: 'cooperative', count: 12 },
      { category: '民生服务', kind: 'reclaimed', count: 9 },
      { category: '平安法治', kind: 'basic', count: 4 },
      { category: '平安法治', kind: 'cooperative', count: 9 },
      { category: '平安法治', kind: 'reclaimed', count: 11 },
      { category: '生态环保', kind: 'basic', count: 7 },
      { category: '生态环保', kind: 'cooperative', count: 18 },
      { category: '生态环保', kind: 'reclaimed', count: 25 },
      { category: '城乡建设', kind: 'basic', count: 6 },
      { category: '城乡建设', kind: 'cooperative', count: 3 },
      { category: '城乡建设', kind: 'reclaimed', count: 18 },
      { category: '综合政务', kind: 'basic', count: 8 },
      { category: '文化旅游', kind: 'cooperative', count: 1 },
    ]);
  });

  it('keeps only the filtered kind', async () => {
    const res = await seed.get<{ rows: Array<{ kind: string; count: number }> }>(
      '/api/categories?kind=cooperative',
    );
    expect(res.body.rows.every((row) => row.kind === 'cooperative')).toBe(true);
    expect(res.body.rows.reduce((sum, row) => sum + row.count, 0)).toBe(47);
  });
});

describe('GET /api/departments', () => {
  it('lists the 24 linked departments, busiest first, with cooperative and reclaimed counts', async () => {
    const res = await seed.get<{
      rows: Array<{
        department: string;
        type: string;
        cooperative: number;
        reclaimed: number;
        total: number;
      }>;
    }>('/api/departments');
    expect(res.status).toBe(200);
    const rows = res.body.rows;
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual({
      department: '根河市农牧水利科技局',
      type: 'government',
      cooperative: 3,
      reclaimed: 14,
      total: 17,
    });
    const byName = new Map(rows.map((row) => [row.department, row]));
    expect(byName.get('根河市林业和草原局')).toMatchObject({ cooperative: 6, reclaimed: 10, total: 16 });
    expect(byName.get('根河市自然资源局')).toMatchObject({ cooperative: 6, reclaimed: 4, total: 10 });
    expect(byName.get('根河市城市管理综合执法局')).toMatchObject({
      cooperative: 2,
      reclaimed: 11,
      total: 13,
    });
    expect(byName.get('根河市卫生健康委员会')?.reclaimed).toBe(8);
    expect(byName.get('根河市应急管理局')?.reclaimed).toBe(6);
    expect(byName.get('根河市市场监督管理局')?.reclaimed).toBe(3);
    // 52 cooperative links over 22 departments; 64 reclaimed items over 13 receiving departments.
    expect(rows.filter((row) => row.cooperative > 0)).toHaveLength(22);
    expect(rows.reduce((sum, row) => sum + row.cooperative, 0)).toBe(52);
    expect(rows.filter((row) => row.reclaimed > 0)).toHaveLength(13);
    expect(rows.reduce((sum, row) => sum + row.reclaimed, 0)).toBe(64);
    for (let i = 1; i < rows.length; i += 1)
      expect(rows[i - 1]!.total).toBeGreaterThanOrEqual(rows[i]!.total);
    const types = await seed.sql('SELECT name, type FROM departments');
    const typeOf = new Map(types.map((row) => [row.name, row.type]));
    for (const row of rows) expect(row.type).toBe(typeOf.get(row.department));
  });
});

describe('GET /api/penalties/by-bureau', () => {
  it('puts the 28 reclaimed penalty items under 4 bureaus and lists the 30 clauses the town kept', async () => {
    const res = await seed.get<{
      bureaus: Array<{
        department: string;
        count: number;
        items: Array<{ itemId: string; townName: string; seq: number; name: string }>;
      }>;
      kept: Array<{
        itemId: string;
        townId: string;
        townName: string;
        seq: number;
        category: string;
        name: string;
        clauses: Array<{ clauseNo: number; text: string }>;
      }>;
    }>('/api/penalties/by-bureau');
    expect(res.status).toBe(200);
    expect(res.body.bureaus.map((b) => [b.department, b.count, b.items.length])).toEqual([
      ['根河市城市管理综合执法局', 11, 11],
      ['根河市林业和草原局', 7, 7],
      ['根河市农牧水利科技局', 6, 6],
      ['根河市自然资源局', 4, 4],
    ]);
    const penaltyNames = res.body.bureaus.flatMap((b) => b.items.map((item) => item.name));
    expect(penaltyNames.every((name) => name.includes('处罚'))).toBe(true);
    // Each bureau's item is the reclaimed list's line, named with its town (the answer is the stored one).
    const listed = res.body.bureaus.flatMap((b) => b.items).sort((a, b) => a.seq - b.seq);
    const reclaimed = await seed.sql(
      `SELECT i.item_id, t.name AS town_name, i.seq, i.name FROM items i JOIN towns t USING (town_id)
       WHERE i.item_id IN (${listed.map((i) => `'${i.itemId}'`).join()}) ORDER BY i.seq`,
    );
    expect(reclaimed).toHaveLength(28);
    expect(listed.map((i) => [i.itemId, i.townName, i.seq, i.name])).toEqual(
      reclaimed.map((r) => [r.item_id, r.town_name, r.seq, r.name]),
    );
    expect(new Set(listed.map((i) => i.townName))).toEqual(new Set([TOWN]));
    expect(res.body.kept.map((k) => [k.seq, k.clauses.length])).toEqual([
      [52, 6],
      [53, 5],
      [54, 7],
      [55, 2],
      [59, 3],
      [60, 7],
    ]);
    expect(
      res.body.kept.every(
        (k) => k.clauses.map((c) => c.clauseNo).join() === k.clauses.map((_, i) => i + 1).join(),
      ),
    ).toBe(true);
    // Each kept item is named with its town, as the basic list names it.
    expect(new Set(res.body.kept.map((k) => k.townName))).toEqual(new Set([TOWN]));
    expect(res.body.kept.map((k) => k.name.slice(0, 12))).toEqual([
      '*对机动车辆离开道路在草',
      '*对在崩塌、滑坡危险区域',
      '*对在河道管理范围内弃置',
      '*对农业投入品生产者、销',
      '*未对设在城市道路上的各',
      '*对不按规定的时间、地点',
    ]);
    const basic = await seed.sql(
      `SELECT item_id, name, town_id FROM items WHERE kind = 'basic' AND seq IN (52, 53, 54, 55, 59, 60) ORDER BY seq`,
    );
    expect(res.body.kept.map((k) => [k.itemId, k.name, k.townId])).toEqual(
      basic.map((r) => [r.item_id, r.name, r.town_id]),
    );
  });

  it('follows the filters', async () => {
    const res = await seed.get<{ bureaus: Array<{ department: string; count: number }>; kept: unknown[] }>(
      `/api/penalties/by-bureau?department=${encodeURIComponent('根河市林业和草原局')}`,
    );
    expect(res.body.bureaus).toEqual([
      expect.objectContaining({ department: '根河市林业和草原局', count: 7 }),
    ]);
    expect(res.body.kept).toEqual([]);
  });
});

describe('GET /api/support', () => {
  it('counts cooperative items per support type, 政策解读 (policy) first', async () => {
    const res = await seed.get<{
      types: Array<{ supportType: string; items: number }>;
      cells: Array<{ department: string; supportType: string; items: number }>;
    }>('/api/support');
    expect(res.status).toBe(200);
    const byItem = await supportByItem();
    const expected = new Map<string, number>();
    for (const types of byItem.values())
      for (const type of types) expected.set(type, (expected.get(type) ?? 0) + 1);
    expect(new Map(res.body.types.map((t) => [t.supportType, t.items]))).toEqual(expected);
    expect(res.body.types[0]).toEqual({ supportType: 'policy', items: 37 });

    const links = await seed.sql(
      `SELECT d.department, s.support_type, count(*)::INTEGER AS n FROM item_departments d
       JOIN item_support s ON s.item_id = d.item_id GROUP BY ALL`,
    );
    expect(res.body.cells).toHaveLength(links.length);
    for (const link of links) {
      expect(res.body.cells).toContainEqual({
        department: link.department,
        supportType: link.support_type,
        items: link.n,
      });
    }
  });
});

describe('GET /api/flows', () => {
  it('links categories to kinds (181 items) and kinds to departments (70 to the town, 52 + 64 links)', async () => {
    const res = await seed.get<{
      nodes: Array<{ id: string; layer: string; name: string }>;
      links: Array<{ source: string; target: string; value: number }>;
    }>('/api/flows');
    expect(res.status).toBe(200);
    const ids = res.body.nodes.map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const link of res.body.links) {
      expect(ids).toContain(link.source);
      expect(ids).toContain(link.target);
    }
    const sum = (filter: (link: { source: string; target: string }) => boolean) =>
      res.body.links.filter(filter).reduce((total, link) => total + link.value, 0);
    expect(sum((l) => l.source.startsWith('category:'))).toBe(181);
    expect(sum((l) => l.source === 'category:生态环保')).toBe(50);
    expect(res.body.links).toContainEqual({
      source: 'category:文化旅游',
      target: 'kind:cooperative',
      value: 1,
    });
    expect(res.body.links).toContainEqual({ source: 'kind:basic', target: 'department:town', value: 70 });
    expect(sum((l) => l.source === 'kind:cooperative')).toBe(52);
    expect(sum((l) => l.source === 'kind:reclaimed')).toBe(64);
    expect(res.body.links).toContainEqual({
      source: 'kind:reclaimed',
      target: 'department:根河市农牧水利科技局',
      value: 14,
    });
    expect(res.body.nodes.filter((node) => node.layer === 'category')).toHaveLength(8);
    expect(res.body.nodes.filter((node) => node.layer === 'department')).toHaveLength(25);
  });
});

describe('GET /api/items', () => {
  it('pages through all 181 items, 50 by default', async () => {
    const first = await seed.get<ItemsPage>('/api/items');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 181, limit: 50, offset: 0 });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]).toMatchObject({ kind: 'basic', seq: 1, townName: TOWN, sourceLine: 7 });
    const ids = new Set<string>();
    for (let offset = 0; offset < 181; offset += 50) {
      const page = await seed.get<ItemsPage>(`/api/items?limit=50&offset=${offset}`);
      expect(page.body.total).toBe(181);
      for (const item of page.body.items) ids.add(item.itemId);
    }
    expect(ids.size).toBe(181);
    const last = await seed.get<ItemsPage>('/api/items?limit=50&offset=150');
    expect(last.body.items).toHaveLength(31);
    const beyond = await seed.get<ItemsPage>('/api/items?offset=1000');
    expect(beyond.body).toEqual({ total: 181, limit: 50, offset: 1000, items: [] });
  });

  it('sorts by an allowlisted column in either order', async () => {
    const bySeqDesc = await seed.get<ItemsPage>('/api/items?kind=reclaimed&sort=seq&order=desc&limit=3');
    expect(bySeqDesc.body.total).toBe(64);
    expect(bySeqDesc.body.items.map((item) => item.seq)).toEqual([64, 63, 62]);
    const byKindDesc = await seed.get<ItemsPage>('/api/items?sort=kind&order=desc&limit=1');
    expect(byKindDesc.body.items[0]).toMatchObject({ kind: 'reclaimed', seq: 64 });
    const byName = await seed.get<ItemsPage>('/api/items?sort=name&limit=200');
    const names = byName.body.items.map((item) => item.name);
    expect(names).toHaveLength(181);
    const byCategory = await seed.get<ItemsPage>('/api/items?sort=category&limit=200');
    expect(byCategory.body.items[0]?.category).toBe('党的建设');
    expect(byCategory.body.items.at(-1)?.category).toBe('文化旅游');
  });

  it('carries departments, support types and the source line of every item', async () => {
    const res = await seed.get<ItemsPage>(
      `/api/items?department=${encodeURIComponent('根河市林业和草原局')}&limit=200`,
    );
    expect(res.body.total).toBe(16);
    expect(res.body.items.every((item) => item.departments.includes('根河市林业和草原局'))).toBe(true);
    const lines = readFileSync(SEED_FILE, 'utf8').split(/\r?\n/);
    for (const item of res.body.items) {
      expect(item.sourceFile).toBe('alongshan-2025.txt');
      expect(lines[item.sourceLine - 1]).toContain(item.name.slice(0, 8));
    }
    const cooperative = res.body.items.filter((item) => item.kind === 'cooperative');
    expect(cooperative).toHaveLength(6);
    expect(cooperative.every((item) => item.supportTypes.length > 0)).toBe(true);
  });

  it('finds exactly the items whose texts mention 森林 (q)', async () => {
    const res = await seed.get<ItemsPage>(`/api/items?q=${encodeURIComponent('森林')}&limit=200`);
    expect(res.status).toBe(200);
    // The expected set, by scanning every text of every item in JS rather than the server's SQL.
    const expected = await seed.itemsMentioning('森林');
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(res.body.items.map((item) => item.itemId))).toEqual(expected);
    expect(res.body.total).toBe(expected.size);
    const names = res.body.items.map((item) => item.name);
    expect(names).toContain(
      '落实林长制，组织开展日常巡林，加强森林资源保护的宣传教育和知识普及，开展植树造林活动。',
    );
    expect(names.some((name) => name.includes('森林'))).toBe(true);
  });

  it('ignores the case of Latin letters (食安督 APP)', async () => {
    const expected = await seed.itemsMentioning('app');
    expect(expected.size).toBeGreaterThan(0);
    for (const q of ['APP', 'app', 'App']) {
      const res = await seed.get<ItemsPage>(`/api/items?q=${q}&limit=200`);
      expect(new Set(res.body.items.map((item) => item.itemId)), q).toEqual(expected);
    }
  });

  it('combines q with other filters', async () => {
    const all = await seed.get<ItemsPage>(`/api/items?q=${encodeURIComponent('森林')}&limit=200`);
    const reclaimed = await seed.get<ItemsPage>(
      `/api/items?q=${encodeURIComponent('森林')}&kind=reclaimed&limit=200`,
    );
    expect(reclaimed.body.items.map((item) => item.itemId)).toEqual(
      all.body.items.filter((item) => item.kind === 'reclaimed').map((item) => item.itemId),
    );
  });
});

describe('GET /api/items/:id', () => {
  it('returns a basic item with its source line and kept penalty clauses', async () => {
    const page = await seed.get<ItemsPage>('/api/items?kind=basic&sort=seq&limit=200');
    const item54 = page.body.items.find((item) => item.seq === 54);
    const res = await seed.get<{ item: Record<string, unknown> & { penaltyClauses: unknown[] } }>(
      `/api/items/${item54?.itemId}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ kind: 'basic', seq: 54, isPenalty: true, townName: TOWN });
    expect(res.body.item.penaltyClauses).toHaveLength(7);
    const lines = readFileSync(SEED_FILE, 'utf8').split(/\r?\n/);
    expect(lines[Number(res.body.item.sourceLine) - 1]).toMatch(/^54\t/);
  });

  it('returns a reclaimed penalty item with its bureau and the 8 procedure stages', async () => {
    const bureaus = await seed.get<{ bureaus: Array<{ items: Array<{ itemId: string }> }> }>(
      '/api/penalties/by-bureau',
    );
    const itemId = bureaus.body.bureaus[0]?.items[0]?.itemId;
    const res = await seed.get<{
      item: {
        kind: string;
        isPenalty: boolean;
        method: string;
        methodSteps: string[];
        departments: Array<{ name: string; role: string; type: string; rawName: string }>;
        procedureStages: Array<{ stageNo: number; stage: string; text: string }>;
        sourceFile: string;
        sourceLine: number;
      };
    }>(`/api/items/${itemId}`);
    expect(res.status).toBe(200);
    const item = res.body.item;
    expect(item).toMatchObject({ kind: 'reclaimed', isPenalty: true, sourceFile: 'alongshan-2025.txt' });
    expect(item.departments).toEqual([
      expect.objectContaining({ name: '根河市城市管理综合执法局', role: 'receiving', type: 'government' }),
    ]);
    expect(item.procedureStages.map((s) => [s.stageNo, s.stage])).toEqual([
      [1, '立案'],
      [2, '调查'],
      [3, '审查'],
      [4, '集体讨论'],
      [5, '告知'],
      [6, '决定'],
      [7, '执行'],
      [8, '归档'],
    ]);
    expect(item.procedureStages.every((s) => s.text.length > 0)).toBe(true);
    expect(item.method.length).toBeGreaterThan(0);
    expect(item.sourceLine).toBeGreaterThan(0);
  });

  it('returns a cooperative item with its departments and support', async () => {
    const page = await seed.get<ItemsPage>(`/api/items?kind=cooperative&supportType=funding&limit=1`);
    const res = await seed.get<{
      item: {
        departments: Array<{ role: string }>;
        support: Array<{ supportType: string; phrases: string[] }>;
      };
    }>(`/api/items/${page.body.items[0]?.itemId}`);
    expect(res.status).toBe(200);
    expect(res.body.item.departments.length).toBeGreaterThan(0);
    expect(res.body.item.departments.every((d) => d.role === 'cooperating')).toBe(true);
    expect(res.body.item.support.map((s) => s.supportType)).toContain('funding');
    expect(res.body.item.support.every((s) => s.phrases.length > 0)).toBe(true);
  });

  it('answers 404 with the error shape for an unknown id', async () => {
    const res = await seed.get('/api/items/t0000000000-b1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('id') } });
  });
});

describe('GET /api/quality', () => {
  it('lists the department names the loader rewrote, with their source lines', async () => {
    const res = await seed.get<{ issues: unknown[]; aliases: Array<Record<string, unknown>> }>(
      '/api/quality',
    );
    expect(res.status).toBe(200);
    const [issues] = await seed.sql('SELECT count(*)::INTEGER AS n FROM load_issues');
    expect(res.body.issues).toHaveLength(Number(issues?.n));
    expect(res.body.aliases).toContainEqual({
      rawName: '根河信访局',
      canonical: '根河市信访局',
      rule: 'alias',
      count: 1,
      lines: [206],
    });
    const [aliases] = await seed.sql('SELECT count(*)::INTEGER AS n FROM applied_aliases');
    expect(res.body.aliases.reduce((sum, alias) => sum + Number(alias.count), 0)).toBe(Number(aliases?.n));
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every endpoint and the shared filters from the zod schemas', async () => {
    const res = await seed.get<{
      openapi: string;
      paths: Record<
        string,
        { get: { parameters?: Array<{ name: string; schema: Record<string, unknown> }> } }
      >;
    }>('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/towns',
        '/api/summary',
        '/api/categories',
        '/api/departments',
        '/api/penalties/by-bureau',
        '/api/support',
        '/api/flows',
        '/api/items',
        '/api/items/{id}',
        '/api/quality',
        '/api/regions',
        '/api/towns/compare',
        '/api/editions',
        '/api/changes',
        '/api/duties/divergent',
        '/api/conformance',
      ]),
    );
    const itemsParams = res.body.paths['/api/items']?.get.parameters ?? [];
    expect(itemsParams.map((p) => p.name)).toEqual([
      'town',
      'region',
      'kind',
      'category',
      'department',
      'departmentType',
      'supportType',
      'edition',
      'q',
      'limit',
      'offset',
      'sort',
      'order',
    ]);
    expect(itemsParams.find((p) => p.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 200,
      default: 50,
    });
    expect(JSON.stringify(itemsParams.find((p) => p.name === 'kind')?.schema)).toContain('"reclaimed"');
    expect(itemsParams.find((p) => p.name === 'q')?.schema).toMatchObject({ type: 'string', maxLength: 100 });
  });
});

describe('response schemas (the ones /api/openapi.json publishes)', () => {
  it('describe every real response exactly: nothing missing, nothing extra', async () => {
    const bureaus = await seed.get<{ bureaus: Array<{ items: Array<{ itemId: string }> }> }>(
      '/api/penalties/by-bureau',
    );
    const cooperative = await seed.get<ItemsPage>('/api/items?kind=cooperative&limit=1');
    const cases: Array<[string, z.ZodType]> = [
      ['/api/health', responses.healthResponse],
      ['/api/towns', responses.townsResponse],
      ['/api/summary', responses.summaryResponse],
      ['/api/categories', responses.categoriesResponse],
      ['/api/departments', responses.departmentsResponse],
      ['/api/penalties/by-bureau', responses.penaltiesResponse],
      ['/api/support', responses.supportResponse],
      ['/api/flows', responses.flowsResponse],
      ['/api/items?limit=200', responses.itemsResponse],
      [`/api/items/${bureaus.body.bureaus[0]?.items[0]?.itemId}`, responses.itemResponse],
      [`/api/items/${cooperative.body.items[0]?.itemId}`, responses.itemResponse],
      ['/api/quality', responses.qualityResponse],
      ['/api/regions', responses.regionsResponse],
      ['/api/towns/compare', responses.townCompareResponse],
      ['/api/items/nope', responses.errorResponse],
      ['/api/items?kind=x', responses.errorResponse],
    ];
    for (const [url, schema] of cases) {
      const res = await seed.get(url);
      const parsed = schema.safeParse(res.body);
      expect(parsed.error?.issues, url).toBeUndefined();
      // zod drops unknown keys, so equality means the schema names every key the server sends.
      expect(parsed.data, url).toEqual(res.body);
    }
  });
});
