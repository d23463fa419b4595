// Regions: the `region` filter on every endpoint, GET /api/regions and GET /api/towns/compare, on the
// real seed and on three towns loaded by the real ETL (阿龙山镇 and 金河镇 in 根河市, 白狼镇 in 兴安盟).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegionDb } from './region-towns.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

interface Summary {
  items: { basic: number; cooperative: number; reclaimed: number; total: number };
  penalties: { reclaimedItems: number; keptClauses: number; keptItems: number };
  departments: number;
}
interface RegionsBody {
  total: number;
  regions: Array<{
    level: string;
    name: string;
    path: string;
    parents: string[];
    towns: number;
    items: number;
  }>;
}
interface CompareBody {
  total: number;
  limit: number;
  offset: number;
  sort: string;
  order: string;
  towns: Array<{
    townId: string;
    name: string;
    fullName: string;
    county: string | null;
    counts: { basic: number; cooperative: number; reclaimed: number; total: number };
    reclaimedPenalties: number;
    keptClauses: number;
  }>;
}

const q = (value: string) => encodeURIComponent(value);

describe('region filter on the seed (one town)', () => {
  let seed: SeedApp;
  beforeAll(async () => {
    seed = await openSeedApp();
  });
  afterAll(async () => {
    await seed?.close();
  });

  it('matches 阿龙山镇 by its county, city, province, own name and path: 70/47/64', async () => {
    for (const region of [
      '根河市',
      '呼伦贝尔市',
      '内蒙古自治区',
      '阿龙山镇',
      '内蒙古自治区呼伦贝尔市根河市',
      '内蒙古自治区呼伦贝尔市根河市阿龙山镇',
    ]) {
      const res = await seed.get<Summary>(`/api/summary?region=${q(region)}`);
      expect(res.status, region).toBe(200);
      expect(res.body.items, region).toEqual({ basic: 70, cooperative: 47, reclaimed: 64, total: 181 });
      expect(res.body.penalties, region).toEqual({ reclaimedItems: 28, keptClauses: 30, keptItems: 6 });
    }
  });

  it('answers 400 naming region for a region that is not loaded', async () => {
    for (const endpoint of ['/api/summary', '/api/departments', '/api/towns', '/api/towns/compare']) {
      const res = await seed.get(`${endpoint}?region=${q('不存在市')}`);
      expect(res.status, endpoint).toBe(400);
      expect(res.body).toEqual({
        error: { code: 'invalid_parameter', message: 'region: unknown value "不存在市"' },
      });
    }
  });

  it('lists the region chain of the one town', async () => {
    const res = await seed.get<RegionsBody>('/api/regions');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 4,
      regions: [
        { level: 'province', name: '内蒙古自治区', path: '内蒙古自治区', parents: [], towns: 1, items: 181 },
        {
          level: 'city',
          name: '呼伦贝尔市',
          path: '内蒙古自治区呼伦贝尔市',
          parents: ['内蒙古自治区'],
          towns: 1,
          items: 181,
        },
        {
          level: 'county',
          name: '根河市',
          path: '内蒙古自治区呼伦贝尔市根河市',
          parents: ['内蒙古自治区', '呼伦贝尔市'],
          towns: 1,
          items: 181,
        },
        {
          level: 'town',
          name: '阿龙山镇',
          path: '内蒙古自治区呼伦贝尔市根河市阿龙山镇',
          parents: ['内蒙古自治区', '呼伦贝尔市', '根河市'],
          towns: 1,
          items: 181,
        },
      ],
    });
  });
});

describe('three towns in two cities', () => {
  let app: SeedApp;
  let warnings: string[];
  beforeAll(async () => {
    const { dbPath, report } = await buildRegionDb();
    warnings = report.files.flatMap((file) => file.warnings);
    app = await openSeedApp({}, dbPath);
  });
  afterAll(async () => {
    await app?.close();
  });

  const summary = async (query: string) => {
    const res = await app.get<Summary>(`/api/summary?${query}`);
    expect(res.status, query).toBe(200);
    return res.body;
  };

  // Towns are listed by full name in code-point order (DuckDB's default collation).
  it('loads the fixture with the real ETL and no warnings', async () => {
    expect(warnings).toEqual([]);
    const towns = await app.get<{ towns: Array<{ name: string; counts: unknown }> }>('/api/towns');
    expect(towns.body.towns.map((t) => [t.name, t.counts])).toEqual([
      ['白狼镇', { basic: 70, cooperative: 47, reclaimed: 64 }],
      ['金河镇', { basic: 70, cooperative: 47, reclaimed: 58 }],
      ['阿龙山镇', { basic: 70, cooperative: 47, reclaimed: 64 }],
    ]);
  });

  it('adds up the towns of a county, a city and a province', async () => {
    const genhe = { basic: 140, cooperative: 94, reclaimed: 122, total: 356 };
    expect((await summary(`region=${q('根河市')}`)).items).toEqual(genhe);
    expect((await summary(`region=${q('呼伦贝尔市')}`)).items).toEqual(genhe);
    expect((await summary(`region=${q('内蒙古自治区呼伦贝尔市')}`)).items).toEqual(genhe);
    expect((await summary(`region=${q('内蒙古自治区')}`)).items).toEqual({
      basic: 210,
      cooperative: 141,
      reclaimed: 186,
      total: 537,
    });
    expect((await summary(`region=${q('兴安盟')}`)).items).toEqual({
      basic: 70,
      cooperative: 47,
      reclaimed: 64,
      total: 181,
    });
    // 根河市: 28 + 22 reclaimed penalty items, 30 + 30 kept clauses.
    expect((await summary(`region=${q('根河市')}`)).penalties).toEqual({
      reclaimedItems: 50,
      keptClauses: 60,
      keptItems: 12,
    });
  });

  it('narrows to one town by name: 金河镇 has 58 reclaimed items, 22 of them penalties', async () => {
    const jinhe = await summary(`region=${q('金河镇')}`);
    expect(jinhe.items).toEqual({ basic: 70, cooperative: 47, reclaimed: 58, total: 175 });
    expect(jinhe.penalties.reclaimedItems).toBe(22);
    const items = await app.get<{ total: number; items: Array<{ seq: number; townName: string }> }>(
      `/api/items?region=${q('金河镇')}&kind=reclaimed&limit=200`,
    );
    expect(items.body.total).toBe(58);
    expect(items.body.items.every((item) => item.townName === '金河镇' && item.seq <= 58)).toBe(true);
  });

  it('matches any of several regions and ANDs region with town', async () => {
    expect((await summary(`region=${q('金河镇')}&region=${q('兴安盟')}`)).items).toEqual({
      basic: 140,
      cooperative: 94,
      reclaimed: 122,
      total: 356,
    });
    expect((await summary(`region=${q('兴安盟')}&town=${q('阿龙山镇')}`)).items).toEqual({
      basic: 0,
      cooperative: 0,
      reclaimed: 0,
      total: 0,
    });
  });

  it('aggregates departments and penalty bureaus over the towns of 根河市', async () => {
    const departments = await app.get<{
      rows: Array<{ department: string; cooperative: number; reclaimed: number; total: number }>;
    }>(`/api/departments?region=${q('根河市')}`);
    const byName = new Map(departments.body.rows.map((row) => [row.department, row]));
    expect(departments.body.rows).toHaveLength(24);
    expect(byName.get('根河市城市管理综合执法局')).toMatchObject({
      cooperative: 4,
      reclaimed: 20,
      total: 24,
    });
    expect(byName.get('根河市自然资源局')).toMatchObject({ cooperative: 12, reclaimed: 4, total: 16 });
    expect(byName.get('根河市农牧水利科技局')).toMatchObject({ cooperative: 6, reclaimed: 28, total: 34 });
    expect(departments.body.rows.some((row) => row.department.startsWith('阿尔山市'))).toBe(false);

    const bureaus = await app.get<{
      bureaus: Array<{
        department: string;
        count: number;
        items: Array<{ townName: string; seq: number }>;
      }>;
    }>(`/api/penalties/by-bureau?region=${q('根河市')}`);
    expect(bureaus.body.bureaus.map((b) => [b.department, b.count, b.items.length])).toEqual([
      ['根河市城市管理综合执法局', 20, 20],
      ['根河市林业和草原局', 14, 14],
      ['根河市农牧水利科技局', 12, 12],
      ['根河市自然资源局', 4, 4],
    ]);
    // Two towns' items under one bureau: each names its town, as the numbers repeat across the towns.
    const forestry = bureaus.body.bureaus.find((b) => b.department === '根河市林业和草原局');
    const byTown = new Map<string, number[]>();
    for (const item of forestry?.items ?? [])
      byTown.set(item.townName, [...(byTown.get(item.townName) ?? []), item.seq]);
    expect([...byTown.keys()].sort()).toEqual(['金河镇', '阿龙山镇']);
    expect(byTown.get('金河镇')).toEqual(byTown.get('阿龙山镇'));
  });

  it('filters the town list and the quality report by region', async () => {
    const towns = await app.get<{ towns: Array<{ name: string }> }>(`/api/towns?region=${q('根河市')}`);
    expect(towns.body.towns.map((t) => t.name)).toEqual(['金河镇', '阿龙山镇']);
    const quality = await app.get<{ aliases: Array<{ rawName: string; count: number }> }>(
      `/api/quality?region=${q('兴安盟')}`,
    );
    expect(quality.status).toBe(200);
    // 白狼镇's text has the short forms written out, so the alias table never applied there.
    expect(quality.body.aliases.filter((alias) => alias.rawName === '根河信访局')).toEqual([]);
  });

  describe('GET /api/regions', () => {
    it('lists every level with its town and item counts, higher levels first', async () => {
      const res = await app.get<RegionsBody>('/api/regions');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(8);
      expect(res.body.regions.map((r) => [r.level, r.name, r.towns, r.items])).toEqual([
        ['province', '内蒙古自治区', 3, 537],
        ['city', '呼伦贝尔市', 2, 356],
        ['city', '兴安盟', 1, 181],
        ['county', '根河市', 2, 356],
        ['county', '阿尔山市', 1, 181],
        ['town', '白狼镇', 1, 181],
        ['town', '阿龙山镇', 1, 181],
        ['town', '金河镇', 1, 175],
      ]);
    });

    it('finds regions by a substring of the name or path, exact match first', async () => {
      const genhe = await app.get<RegionsBody>(`/api/regions?q=${q('根河')}`);
      expect(genhe.body.regions.map((r) => r.path)).toEqual([
        '内蒙古自治区呼伦贝尔市根河市',
        '内蒙古自治区呼伦贝尔市根河市阿龙山镇',
        '内蒙古自治区呼伦贝尔市根河市金河镇',
      ]);
      const exact = await app.get<RegionsBody>(`/api/regions?q=${q('金河镇')}`);
      expect(exact.body.regions).toEqual([
        {
          level: 'town',
          name: '金河镇',
          path: '内蒙古自治区呼伦贝尔市根河市金河镇',
          parents: ['内蒙古自治区', '呼伦贝尔市', '根河市'],
          towns: 1,
          items: 175,
        },
      ]);
      // 呼伦贝尔市 itself first, then what lies inside it (matched by path), higher levels first.
      const city = await app.get<RegionsBody>(`/api/regions?q=${q('呼伦贝尔市')}`);
      expect(city.body.regions.map((r) => r.name)).toEqual(['呼伦贝尔市', '根河市', '阿龙山镇', '金河镇']);
      const none = await app.get<RegionsBody>(`/api/regions?q=${q('海淀')}`);
      expect(none.body).toEqual({ total: 0, regions: [] });
    });

    it('limits the list and keeps the total; restricts to one level', async () => {
      const towns = await app.get<RegionsBody>(`/api/regions?q=${q('镇')}&limit=2`);
      expect(towns.body.total).toBe(3);
      expect(towns.body.regions.map((r) => r.name)).toEqual(['白狼镇', '阿龙山镇']);
      const counties = await app.get<RegionsBody>('/api/regions?level=county');
      expect(counties.body.regions.map((r) => r.name)).toEqual(['根河市', '阿尔山市']);
    });

    it('accepts a region path it returned as a filter value', async () => {
      const res = await app.get<RegionsBody>('/api/regions?level=county');
      for (const region of res.body.regions) {
        const filtered = await summary(`region=${q(region.path)}`);
        expect(filtered.items.total, region.path).toBe(region.items);
      }
    });

    it('answers 400 naming the parameter for a bad limit, level or q', async () => {
      for (const [query, name] of [
        ['limit=51', 'limit'],
        ['limit=0', 'limit'],
        ['level=village', 'level'],
        [`q=${'x'.repeat(101)}`, 'q'],
        ['kind=basic', 'kind'],
      ]) {
        const res = await app.get<{ error: { message: string } }>(`/api/regions?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error.message, query).toContain(name);
      }
    });
  });

  describe('GET /api/towns/compare', () => {
    it('ranks the towns of 根河市 by reclaimed items: 阿龙山镇 64 (28 penalties), 金河镇 58 (22)', async () => {
      const res = await app.get<CompareBody>(`/api/towns/compare?region=${q('根河市')}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 2, limit: 100, offset: 0, sort: 'reclaimed', order: 'desc' });
      expect(res.body.towns.map((t) => [t.name, t.counts, t.reclaimedPenalties, t.keptClauses])).toEqual([
        ['阿龙山镇', { basic: 70, cooperative: 47, reclaimed: 64, total: 181 }, 28, 30],
        ['金河镇', { basic: 70, cooperative: 47, reclaimed: 58, total: 175 }, 22, 30],
      ]);
    });

    it('sorts by any allowlisted column in either order and pages', async () => {
      const ascending = await app.get<CompareBody>(
        `/api/towns/compare?region=${q('内蒙古自治区')}&sort=reclaimedPenalties&order=asc`,
      );
      expect(ascending.body.towns.map((t) => [t.name, t.reclaimedPenalties])).toEqual([
        ['金河镇', 22],
        ['白狼镇', 28],
        ['阿龙山镇', 28],
      ]);
      const page = await app.get<CompareBody>('/api/towns/compare?sort=name&order=asc&limit=1&offset=1');
      expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1, sort: 'name', order: 'asc' });
      expect(page.body.towns.map((t) => t.fullName)).toEqual(['内蒙古自治区呼伦贝尔市根河市金河镇']);
    });

    it('counts only the filtered items but keeps towns with none of them', async () => {
      const res = await app.get<CompareBody>(
        `/api/towns/compare?region=${q('根河市')}&kind=reclaimed&department=${q('根河市自然资源局')}`,
      );
      expect(res.body.towns.map((t) => [t.name, t.counts.reclaimed, t.reclaimedPenalties])).toEqual([
        ['阿龙山镇', 4, 4],
        ['金河镇', 0, 0],
      ]);
    });

    it('answers 400 naming sort, order, limit or an unknown region', async () => {
      for (const [query, name] of [
        ['sort=items', 'sort'],
        ['sort=reclaimed%20desc', 'sort'],
        ['order=down', 'order'],
        ['limit=501', 'limit'],
        [`region=${q('朝阳区')}`, 'region'],
      ]) {
        const res = await app.get<{ error: { message: string } }>(`/api/towns/compare?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error.message, query).toContain(name);
      }
    });
  });
});
