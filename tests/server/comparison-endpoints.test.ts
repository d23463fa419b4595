// The endpoints the comparison views read, on the comparison database (tests/support/comparison-db.ts):
// the towns with their editions, an older edition's item, a divergent duty's items, the ordering of
// divergent duties, the loaded templates; and their errors in the API's one shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  divergentResponse,
  dutyItemsResponse,
  editionTownsResponse,
  templatesResponse,
} from '../../server/comparison-responses.ts';
import { listDivergentDuties } from '../../server/queries/divergent-duties.ts';
import { hasRollups } from '../../server/queries/plan.ts';
import { itemResponse } from '../../server/responses.ts';
import { buildComparisonDb, TEMPLATE } from '../support/comparison-db.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

let app: SeedApp;
beforeAll(async () => {
  app = await openSeedApp({}, await buildComparisonDb());
}, 120_000);
afterAll(() => app?.close());

describe('GET /api/editions/towns', () => {
  it('lists the filtered towns with their editions, those with several first', async () => {
    const { status, body } = await app.get<{
      total: number;
      several: number;
      towns: { townName: string; editions: string[] }[];
    }>('/api/editions/towns');
    expect(status).toBe(200);
    expect(editionTownsResponse.parse(body)).toBeTruthy();
    expect([body.total, body.several]).toEqual([3, 1]);
    expect(body.towns.map((x) => [x.townName, x.editions])).toEqual([
      ['阿龙山镇', ['2026年版', '2025年版']],
      ['满归镇', ['2025年版']],
      ['金河镇', ['2026年版']],
    ]);
    const one = await app.get<{ towns: { townName: string }[] }>('/api/editions/towns?edition=2025年版');
    expect(one.body.towns.map((x) => x.townName)).toEqual(['满归镇']);
  });
});

describe('GET /api/items/{id}?edition=E', () => {
  it('opens the 2025年版 item that moved, with its edition and source line, and the 2026年版 one as latest', async () => {
    const changes = await app.get<{
      changes: { fromItemId: string; toItemId: string; fromSource: { line: number } }[];
    }>('/api/changes?town=阿龙山镇');
    const moved = changes.body.changes[0]!;
    const older = await app.get<{
      item: { kind: string; edition: string; latest: boolean; sourceFile: string; sourceLine: number };
    }>(`/api/items/${moved.fromItemId}?edition=${encodeURIComponent('2025年版')}`);
    expect(older.status).toBe(200);
    expect(itemResponse.parse(older.body)).toBeTruthy();
    expect(older.body.item).toMatchObject({
      kind: 'cooperative',
      edition: '2025年版',
      latest: false,
      sourceFile: 'alongshan-2025.txt',
      sourceLine: moved.fromSource.line,
    });
    // The same id in the latest edition is another item (ids are unique within an edition only).
    const same = await app.get<{ item: { name: string; edition: string; latest: boolean } }>(
      `/api/items/${moved.fromItemId}`,
    );
    expect([same.body.item.edition, same.body.item.latest]).toEqual(['2026年版', true]);
    const newer = await app.get<{ item: { kind: string; latest: boolean } }>(
      `/api/items/${moved.toItemId}?edition=${encodeURIComponent('2026年版')}`,
    );
    expect([newer.body.item.kind, newer.body.item.latest]).toEqual(['basic', true]);
    const missing = await app.get<{ error: { code: string; message: string } }>(
      `/api/items/${moved.toItemId}?edition=1999年版`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("edition '1999年版'");
  });
});

describe('GET /api/duties/divergent and /api/duties/{id}/items', () => {
  it('orders by split or towns and names the towns holding each duty in each list', async () => {
    const { body } = await app.get<{
      total: number;
      duties: {
        dutyId: number;
        towns: number;
        split: number;
        kinds: Record<string, number>;
        townsByKind: Record<string, string[]>;
      }[];
    }>('/api/duties/divergent');
    expect(divergentResponse.parse(body)).toBeTruthy();
    expect(body.total).toBe(12);
    for (const duty of body.duties) {
      expect(duty.towns).toBe(3);
      // 满归镇 keeps the seed's list; 阿龙山镇 and 金河镇 hold the second edition's.
      const lists = Object.entries(duty.townsByKind).filter(([, towns]) => towns.length > 0);
      expect(lists.map(([, towns]) => towns.join('、')).sort()).toEqual(['满归镇', '金河镇、阿龙山镇']);
      for (const [kind, towns] of lists) expect(duty.kinds[kind]).toBe(towns.length);
    }
    const byTowns = await app.get<{ sort: string; order: string; duties: unknown[] }>(
      '/api/duties/divergent?sort=towns&order=asc&limit=5',
    );
    expect([byTowns.body.sort, byTowns.body.order, byTowns.body.duties.length]).toEqual(['towns', 'asc', 5]);
    const bad = await app.get<{ error: { code: string; message: string } }>(
      '/api/duties/divergent?sort=name',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('sort');

    const first = body.duties[0]!;
    const items = await app.get<{
      total: number;
      items: { townName: string; kind: string; sourceFile: string }[];
    }>(`/api/duties/${first.dutyId}/items`);
    expect(dutyItemsResponse.parse(items.body)).toBeTruthy();
    expect(items.body.total).toBe(3);
    expect(items.body.items.map((i) => i.townName).sort()).toEqual(['满归镇', '金河镇', '阿龙山镇']);
    const narrowed = await app.get<{ total: number }>(`/api/duties/${first.dutyId}/items?town=满归镇`);
    expect(narrowed.body.total).toBe(1);
    const none = await app.get<{ error: { code: string } }>('/api/duties/999999/items');
    expect([none.status, none.body.error.code]).toEqual([404, 'not_found']);
    const notId = await app.get<{ error: { code: string } }>('/api/duties/x1/items');
    expect(notId.status).toBe(400);
  });
});

describe('GET /api/duties/divergent from the roll-ups', () => {
  it('answers every order and page as the base tables do', async () => {
    expect(await hasRollups(app.db)).toBe(true);
    const pages = [
      { limit: 50, offset: 0 },
      { limit: 5, offset: 0, sort: 'towns', order: 'asc' },
      { limit: 4, offset: 3, sort: 'split', order: 'asc' },
      { limit: 50, offset: 20 },
    ] as const;
    for (const page of pages) {
      const query = new URLSearchParams(Object.entries(page).map(([k, v]) => [k, String(v)]));
      const { status, body } = await app.get<{ total: number; duties: unknown[] }>(
        `/api/duties/divergent?${query}`,
      );
      expect(status).toBe(200);
      const fromItems = await listDivergentDuties(app.db, {}, page, 'items');
      expect({ total: body.total, duties: body.duties }, JSON.stringify(page)).toEqual(fromItems);
    }
    // Not vacuous: the comparison database's 12 divergent duties, each with its examples.
    const all = await listDivergentDuties(app.db, {}, { limit: 50, offset: 0 }, 'items');
    expect(all.total).toBe(12);
    expect(all.duties.every((duty) => duty.examples.length === 2)).toBe(true);
  });

  it('answers a filter of one kind with no duty, as the query does, and two kinds by the query', async () => {
    const page = { limit: 50, offset: 0 };
    for (const kind of [['basic'], ['cooperative'], ['reclaimed'], ['reclaimed', 'reclaimed']] as const) {
      const { status, body } = await app.get<{ total: number; duties: unknown[] }>(
        `/api/duties/divergent?${kind.map((k) => `kind=${k}`).join('&')}`,
      );
      expect([status, body.total, body.duties]).toEqual([200, 0, []]);
      expect(await listDivergentDuties(app.db, { kind: [...kind] }, page, 'items')).toEqual({
        total: 0,
        duties: [],
      });
    }
    // Two kinds go to the query: the duties held in both (not vacuous: some are).
    const two = await app.get<{ total: number; duties: { kinds: { basic: number; cooperative: number } }[] }>(
      '/api/duties/divergent?kind=basic&kind=cooperative',
    );
    expect(two.status).toBe(200);
    expect(two.body.total).toBeGreaterThan(0);
    expect(two.body.duties.every((d) => d.kinds.basic > 0 && d.kinds.cooperative > 0)).toBe(true);
    const fromItems = await listDivergentDuties(app.db, { kind: ['basic', 'cooperative'] }, page, 'items');
    expect({ total: two.body.total, duties: two.body.duties }).toEqual(fromItems);
  });
});

describe('GET /api/templates', () => {
  it('lists the loaded template with its counts and source file', async () => {
    const { status, body } = await app.get<{
      templates: { template: string; sourceFiles: string[]; counts: Record<string, number> }[];
    }>('/api/templates');
    expect(status).toBe(200);
    expect(templatesResponse.parse(body)).toBeTruthy();
    expect(body.templates.map((x) => [x.template, x.sourceFiles, x.counts])).toEqual([
      [TEMPLATE, ['template.txt'], { basic: 70, cooperative: 47, reclaimed: 64 }],
    ]);
  });
});
