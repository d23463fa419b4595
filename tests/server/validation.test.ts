// Malformed input never reaches SQL unchecked and never produces a 500 or an unfiltered result:
// every parameter of every endpoint is sent wrong values and must be answered 400/404 with the error shape.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeedApp, type SeedApp } from './seed-app.ts';

let seed: SeedApp;
beforeAll(async () => {
  seed = await openSeedApp();
});
afterAll(async () => {
  await seed?.close();
});

const FILTER_ENDPOINTS = [
  '/api/summary',
  '/api/categories',
  '/api/departments',
  '/api/penalties/by-bureau',
  '/api/support',
  '/api/flows',
  '/api/items',
  '/api/towns/compare',
  '/api/charts/departments.svg',
];
const TOWN_ENDPOINTS = ['/api/towns', '/api/quality'];

const LONG = 'x'.repeat(10_000);
const LONG_CHINESE = '森'.repeat(10_000);
const INJECTION = "' OR 1=1 --";

// [parameter, raw value (already encoded where it matters), why]
const BAD_FILTER_VALUES: Array<[string, string]> = [
  ['kind', 'x'],
  ['kind', 'BASIC'],
  ['kind', ''],
  ['kind', encodeURIComponent(INJECTION)],
  ['kind', LONG],
  ['departmentType', 'x'],
  ['departmentType', encodeURIComponent(INJECTION)],
  ['supportType', 'money'],
  ['supportType', LONG],
  ['town', ''],
  ['town', LONG],
  ['town', encodeURIComponent(INJECTION)],
  ['town', '%01'],
  ['region', ''],
  ['region', LONG_CHINESE],
  ['region', encodeURIComponent(INJECTION)],
  ['region', '%00'],
  ['region', encodeURIComponent('根河市 ')],
  ['category', LONG_CHINESE],
  ['category', encodeURIComponent(INJECTION)],
  ['category', '%00'],
  ['department', LONG],
  ['department', encodeURIComponent(INJECTION)],
  ['department', encodeURIComponent('根河市林业和草原局 ')],
  ['q', LONG],
  ['q', encodeURIComponent(LONG_CHINESE)],
  ['q', '%00'],
  ['q', '%E0%A4%A'],
  ['q', '%ED%A0%80'],
  ['kind', '%'],
];

const BAD_PAGING_VALUES: Array<[string, string]> = [
  ['limit', '-1'],
  ['limit', '0'],
  ['limit', '201'],
  ['limit', '1.5'],
  ['limit', '1e2'],
  ['limit', '+5'],
  ['limit', 'abc'],
  ['limit', ''],
  ['limit', '99999999999999999999'],
  ['limit', encodeURIComponent(INJECTION)],
  ['offset', '-1'],
  ['offset', '1000001'],
  ['offset', '0.5'],
  ['offset', 'NaN'],
  ['offset', 'Infinity'],
  ['sort', 'x'],
  ['sort', 'kind%20desc'],
  ['sort', encodeURIComponent('name; DROP TABLE items')],
  ['sort', 'item_id'],
  ['order', 'up'],
  ['order', encodeURIComponent(INJECTION)],
];

interface ErrorBody {
  error: { code: string; message: string };
}

function expectError(res: { status: number; body: unknown }, status: number, parameter?: string) {
  expect(res.status).toBe(status);
  const body = res.body as ErrorBody;
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  if (parameter) expect(body.error.message).toContain(parameter);
}

describe('malformed filter values', () => {
  for (const endpoint of FILTER_ENDPOINTS) {
    it(`${endpoint} answers 400 naming the parameter for every bad value`, async () => {
      for (const [parameter, value] of BAD_FILTER_VALUES) {
        const res = await seed.get(`${endpoint}?${parameter}=${value}`);
        expect.soft(res.status, `${parameter}=${value.slice(0, 40)}`).toBe(400);
        expectError(res, 400, parameter);
      }
    });

    it(`${endpoint} rejects unknown and repeated single-value parameters`, async () => {
      expectError(await seed.get(`${endpoint}?kinds=basic`), 400, 'kinds');
      expectError(await seed.get(`${endpoint}?q=a&q=b`), 400, 'q');
      expectError(await seed.get(`${endpoint}?kind=${'basic&kind='.repeat(60)}basic`), 400, 'kind');
    });
  }

  for (const endpoint of TOWN_ENDPOINTS) {
    it(`${endpoint} accepts only town and region`, async () => {
      expectError(await seed.get(`${endpoint}?kind=basic`), 400, 'kind');
      expectError(await seed.get(`${endpoint}?region=${LONG}`), 400, 'region');
      expectError(await seed.get(`${endpoint}?town=${LONG}`), 400, 'town');
      expectError(await seed.get(`${endpoint}?town=${encodeURIComponent(INJECTION)}`), 400, 'town');
    });
  }
});

describe('malformed paging of GET /api/items', () => {
  it('answers 400 naming limit, offset, sort or order', async () => {
    for (const [parameter, value] of BAD_PAGING_VALUES) {
      const res = await seed.get(`/api/items?${parameter}=${value}`);
      expect.soft(res.status, `${parameter}=${value}`).toBe(400);
      expectError(res, 400, parameter);
    }
    expectError(await seed.get('/api/items?limit=5&limit=6'), 400, 'limit');
  });
});

describe('SQL-looking text is only ever a value', () => {
  it('searches for it literally', async () => {
    for (const q of [INJECTION, '%', '_', "森林' --", '\\', '*', '50%']) {
      const res = await seed.get<{ total: number; items: Array<{ itemId: string }> }>(
        `/api/items?q=${encodeURIComponent(q)}&limit=200`,
      );
      expect(res.status, q).toBe(200);
      const expected = await seed.itemsMentioning(q);
      expect(new Set(res.body.items.map((item) => item.itemId)), q).toEqual(expected);
      expect(res.body.total, q).toBeLessThan(181);
    }
    const injection = await seed.get<{ total: number }>(`/api/items?q=${encodeURIComponent(INJECTION)}`);
    expect(injection.body.total).toBe(0);
  });

  it('treats an empty q as no search', async () => {
    const res = await seed.get<{ total: number }>('/api/items?q=');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(181);
  });
});

describe('bad paths', () => {
  const cases: Array<[string, number]> = [
    ['/api/items/%E0%A4%A', 400],
    ['/api/items/%FF%FE', 400],
    ['/api/items/%00', 400],
    ['/api/items/..%2F..%2Fetc%2Fpasswd', 400],
    [`/api/items/${'a'.repeat(10_000)}`, 400],
    [`/api/items/${encodeURIComponent(INJECTION)}`, 400],
    ['/api/items/t0000000000-r1', 404],
    ['/api/%E0%A4%A', 404],
    ['/api/nothing', 404],
    ['/api', 404],
    ['/api/items/t0000000000-r1/more', 404],
    ['/%E0%A4%A', 404],
  ];
  it('answers 400 or 404 with the error shape, never 500', async () => {
    for (const [path, status] of cases) {
      const res = await seed.get(path);
      expect.soft(res.status, path.slice(0, 60)).toBe(status);
      expectError(res, status);
    }
  });

  it('answers other methods on API routes with the error shape', async () => {
    const res = await seed.app.request('/api/items', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('any query string', () => {
  const names = [
    'town',
    'region',
    'level',
    'lang',
    'width',
    'height',
    'kind',
    'category',
    'department',
    'departmentType',
    'supportType',
    'q',
    'limit',
    'offset',
    'sort',
    'order',
    'x',
  ];
  const tricky = [
    '%',
    '%%',
    '%E0%A4%A',
    '%ED%A0%80',
    '%00',
    '%FF',
    '+',
    '&',
    '=',
    "'",
    '"',
    ';',
    '--',
    '\\',
    '%2525',
  ];
  const rawText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
    fc.array(fc.constantFrom(...tricky), { maxLength: 6 }).map((parts) => parts.join('')),
    fc.constantFrom(
      'basic',
      'reclaimed',
      'policy',
      'party',
      '10',
      '-1',
      '阿龙山镇',
      encodeURIComponent('根河市'),
      'county',
      encodeURIComponent('根河市林业和草原局'),
    ),
  );
  const query = fc.array(fc.tuple(fc.constantFrom(...names), rawText), { maxLength: 5 });
  const endpoint = fc.constantFrom(
    ...FILTER_ENDPOINTS,
    ...TOWN_ENDPOINTS,
    '/api/regions',
    '/api/health',
    '/api/items/x',
  );

  it('is answered 200, 400 or 404 with the error shape, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(endpoint, query, async (path, pairs) => {
        const url = `${path}?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}`;
        const res = await seed.get(url);
        expect([200, 400, 404], url).toContain(res.status);
        if (res.status !== 200) expectError(res, res.status);
      }),
      { numRuns: 300 },
    );
  });
});
