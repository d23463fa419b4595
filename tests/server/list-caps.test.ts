// The caps that keep unfiltered answers bounded however many towns are loaded (departments, support
// cells, penalty bureaus and their items, kept clauses, flow nodes, towns, quality rows): they never
// bite on the seed, they cut where asked, and every capped list reports its full size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDepartmentCap } from '../../shared/export/export-caption.ts';
import { buildRegionDb } from './region-towns.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

let seed: SeedApp;
beforeAll(async () => {
  seed = await openSeedApp();
});
afterAll(async () => {
  await seed?.close();
});

interface Departments {
  rows: Array<{ department: string; total: number }>;
  total: number;
  limit: number;
  offset: number;
}
interface Penalties {
  bureaus: Array<{ department: string; count: number; items: Array<{ seq: number }> }>;
  kept: Array<{ seq: number; clauses: unknown[] }>;
  bureausTotal: number;
  itemsTotal: number;
  keptTotal: number;
}

describe('default caps on the seed', () => {
  it('leave every seed list whole and report its size', async () => {
    const departments = await seed.get<Departments>('/api/departments');
    expect(departments.body).toMatchObject({ total: 24, limit: 50, offset: 0 });
    expect(departments.body.rows).toHaveLength(24);

    const penalties = await seed.get<Penalties>('/api/penalties/by-bureau');
    // 28 rows in all: 11 + 7 + 6 + 4.
    expect(penalties.body).toMatchObject({ bureausTotal: 4, itemsTotal: 28, keptTotal: 6 });
    expect(penalties.body.bureaus.map((b) => [b.count, b.items.length])).toEqual([
      [11, 11],
      [7, 7],
      [6, 6],
      [4, 4],
    ]);

    const support = await seed.get<{ cells: Array<{ department: string }>; departmentsTotal: number }>(
      '/api/support',
    );
    expect(support.body.departmentsTotal).toBe(22);
    expect(new Set(support.body.cells.map((c) => c.department)).size).toBe(22);

    const flows = await seed.get<{ nodes: Array<{ layer: string }>; departmentsTotal: number }>('/api/flows');
    expect(flows.body.departmentsTotal).toBe(24);
    expect(flows.body.nodes.filter((n) => n.layer === 'department')).toHaveLength(25);

    const towns = await seed.get<{ towns: unknown[]; total: number; limit: number; offset: number }>(
      '/api/towns',
    );
    expect(towns.body).toMatchObject({ total: 1, limit: 1000, offset: 0 });

    const quality = await seed.get<{ aliases: unknown[]; aliasesTotal: number; issuesTotal: number }>(
      '/api/quality',
    );
    expect(quality.body.aliases).toHaveLength(quality.body.aliasesTotal);
    expect(quality.body.aliasesTotal).toBe(5);
    expect(quality.body.issuesTotal).toBe(0);
  });
});

describe('unfiltered answers (which skip joining the items)', () => {
  it('equal the answers filtered to every town, which join them', async () => {
    for (const endpoint of ['/api/summary', '/api/departments', '/api/support', '/api/flows']) {
      const unfiltered = await seed.get(endpoint);
      const everyTown = await seed.get(`${endpoint}?region=${encodeURIComponent('内蒙古自治区')}`);
      expect(everyTown.status, endpoint).toBe(200);
      expect(everyTown.body, endpoint).toEqual(unfiltered.body);
    }
  });
});

describe('caps where asked', () => {
  it('pages departments busiest first: top 3, then the last 2 of 24', async () => {
    const all = await seed.get<Departments>('/api/departments');
    const top = await seed.get<Departments>('/api/departments?limit=3');
    expect(top.body).toMatchObject({ total: 24, limit: 3, offset: 0 });
    expect(top.body.rows).toEqual(all.body.rows.slice(0, 3));
    expect(top.body.rows[0]).toMatchObject({ department: '根河市农牧水利科技局', total: 17 });
    const tail = await seed.get<Departments>('/api/departments?limit=3&offset=22');
    expect(tail.body.rows).toEqual(all.body.rows.slice(22));
    expect(tail.body.rows).toHaveLength(2);
  });

  it('caps bureaus, the items listed per bureau (count stays whole) and the kept items', async () => {
    const res = await seed.get<Penalties>(
      '/api/penalties/by-bureau?limit=2&itemsLimit=3&keptLimit=2&keptOffset=1',
    );
    expect(res.status).toBe(200);
    expect(res.body.bureausTotal).toBe(4);
    // The whole list's rows, not the two bureaus' (11 + 7) listed.
    expect(res.body.itemsTotal).toBe(28);
    for (const [query, rows] of [
      [`department=${encodeURIComponent('根河市林业和草原局')}`, 7],
      ['kind=basic', 0],
      [`category=${encodeURIComponent('城乡建设')}&limit=1`, 15],
    ] as const) {
      const narrowed = await seed.get<Penalties>(`/api/penalties/by-bureau?${query}`);
      expect(narrowed.status, query).toBe(200);
      const sum = narrowed.body.bureaus.reduce((s, b) => s + b.count, 0);
      if (rows !== undefined) expect(narrowed.body.itemsTotal, query).toBe(rows);
      // Whatever the plan, the total is every bureau's count added up (all listed here, or more).
      if (narrowed.body.bureaus.length === narrowed.body.bureausTotal)
        expect(narrowed.body.itemsTotal, query).toBe(sum);
      else expect(narrowed.body.itemsTotal, query).toBeGreaterThan(sum);
    }
    expect(res.body.bureaus.map((b) => [b.department, b.count, b.items.map((i) => i.seq)])).toEqual([
      ['根河市城市管理综合执法局', 11, [47, 51, 52]],
      ['根河市林业和草原局', 7, [34, 35, 38]],
    ]);
    expect(res.body.keptTotal).toBe(6);
    expect(res.body.kept.map((k) => [k.seq, k.clauses.length])).toEqual([
      [53, 5],
      [54, 7],
    ]);
    const none = await seed.get<Penalties>('/api/penalties/by-bureau?itemsLimit=0&keptLimit=0');
    expect(none.body.bureaus.map((b) => [b.count, b.items.length])).toEqual([
      [11, 0],
      [7, 0],
      [6, 0],
      [4, 0],
    ]);
    expect(none.body.kept).toEqual([]);
    expect(none.body.keptTotal).toBe(6);
  });

  it('keeps the support cells of the departments giving the most support', async () => {
    const res = await seed.get<{
      cells: Array<{ department: string; supportType: string; items: number }>;
      departmentsTotal: number;
    }>('/api/support?limit=3');
    expect(res.body.departmentsTotal).toBe(22);
    // 林业和草原局 21 cells' worth of support, 卫生健康委员会 10, 民政局 9.
    expect(new Set(res.body.cells.map((c) => c.department))).toEqual(
      new Set(['根河市林业和草原局', '根河市卫生健康委员会', '根河市民政局']),
    );
    const all = await seed.get<{ cells: unknown[] }>('/api/support');
    for (const cell of res.body.cells) expect(all.body.cells).toContainEqual(cell);
  });

  it('gives only the most linked departments a flow node', async () => {
    const res = await seed.get<{
      nodes: Array<{ id: string; layer: string }>;
      links: Array<{ source: string; target: string; value: number }>;
      departmentsTotal: number;
    }>('/api/flows?limit=2');
    expect(res.body.departmentsTotal).toBe(24);
    expect(new Set(res.body.nodes.filter((n) => n.layer === 'department').map((n) => n.id))).toEqual(
      new Set(['department:town', 'department:根河市农牧水利科技局', 'department:根河市林业和草原局']),
    );
    const ids = new Set(res.body.nodes.map((n) => n.id));
    for (const link of res.body.links) expect(ids.has(link.target)).toBe(true);
    // 农牧水利科技局 3 + 14 links, 林业和草原局 6 + 10.
    const into = (id: string) =>
      res.body.links.filter((l) => l.target === id).reduce((sum, l) => sum + l.value, 0);
    expect(into('department:根河市农牧水利科技局')).toBe(17);
    expect(into('department:根河市林业和草原局')).toBe(16);
  });

  it('caps the quality lists', async () => {
    const res = await seed.get<{ aliases: Array<{ rawName: string }>; aliasesTotal: number }>(
      '/api/quality?limit=1',
    );
    expect(res.body.aliasesTotal).toBe(5);
    expect(res.body.aliases.map((a) => a.rawName)).toEqual(['根河信访局']);
  });

  it('answers 400 naming a cap out of range', async () => {
    for (const [path, name] of [
      ['/api/departments?limit=0', 'limit'],
      ['/api/departments?limit=5001', 'limit'],
      ['/api/departments?offset=-1', 'offset'],
      ['/api/penalties/by-bureau?itemsLimit=1001', 'itemsLimit'],
      ['/api/penalties/by-bureau?keptLimit=x', 'keptLimit'],
      ['/api/penalties/by-bureau?keptOffset=-1', 'keptOffset'],
      ['/api/support?limit=0', 'limit'],
      ['/api/flows?limit=5001', 'limit'],
      ['/api/towns?limit=50001', 'limit'],
      ['/api/quality?limit=0', 'limit'],
    ] as Array<[string, string]>) {
      const res = await seed.get<{ error: { message: string } }>(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.message, path).toContain(name);
    }
  });
});

describe('towns paged by full name', () => {
  it('returns the page asked for and the number of towns selected', async () => {
    const { dbPath } = await buildRegionDb();
    const app = await openSeedApp({}, dbPath);
    try {
      const page = await app.get<{ towns: Array<{ name: string; counts: unknown }>; total: number }>(
        '/api/towns?limit=1&offset=1',
      );
      expect(page.body.total).toBe(3);
      expect(page.body.towns).toEqual([
        expect.objectContaining({ name: '金河镇', counts: { basic: 70, cooperative: 47, reclaimed: 58 } }),
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('chart captions', () => {
  it('say when a chart shows only the busiest departments', () => {
    expect(describeDepartmentCap({ shown: 24, total: 24 }, 'zh-CN')).toBeUndefined();
    expect(describeDepartmentCap({ shown: 50, total: 3195 }, 'zh-CN')).toBe(
      '图中为关联事项最多的 50 个部门（共 3,195 个）',
    );
    expect(describeDepartmentCap({ shown: 50, total: 3195 }, 'en')).toBe(
      'Showing the 50 departments with the most items, of 3,195',
    );
  });
});
