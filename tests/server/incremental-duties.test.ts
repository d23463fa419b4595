// Duties kept current load by load (etl/build-duties.ts): after a run of small loads — towns added,
// a town replaced, an edition change — every item belongs to the duty a clustering of all the items
// at once (clusterDuties) gives it, and GET /api/duties/divergent answers as after one load of the same
// lists. The small loads assign only their towns' items (mode 'incremental').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db.ts';
import { listDivergentDuties } from '../../server/queries/divergent-duties.ts';
import { clusterDuties } from '../../shared/match/cluster-duties.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import { openIncrementalDbs, type OpenIncrementalDbs } from '../support/incremental-loads.ts';

interface ItemRow {
  item_id: string;
  town_id: string;
  kind: Kind;
  name: string;
  town: string;
  county: string | null;
  city: string | null;
  duty_id: number;
}

async function itemsOf(db: Db): Promise<ItemRow[]> {
  return db.all<ItemRow>(
    `SELECT i.item_id, i.town_id, i.kind, i.name, t.name AS town, t.county, t.city, d.duty_id
       FROM items i JOIN towns t USING (town_id) LEFT JOIN item_duties d USING (item_id) ORDER BY i.item_id`,
  );
}

/** The duties as sets of item ids, in a canonical order (duty ids themselves may differ). */
function partition(items: readonly { item_id: string }[], dutyOf: (i: number) => number): string[][] {
  const groups = new Map<number, string[]>();
  items.forEach((item, i) => {
    const group = groups.get(dutyOf(i)) ?? [];
    group.push(item.item_id);
    groups.set(dutyOf(i), group);
  });
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe('duties after incremental loads', () => {
  let built: OpenIncrementalDbs;
  beforeAll(async () => {
    built = await openIncrementalDbs();
  }, 180_000);
  afterAll(() => built?.close());

  it('assign only the changed towns’ items after the first load', () => {
    expect(built.steps.map(({ name, report }) => [name, report.duties?.mode, report.duties?.items])).toEqual([
      ['first load', 'full', built.steps[0]!.report.items],
      ['add one town', 'incremental', built.steps[1]!.report.items],
      ['add three towns', 'incremental', built.steps[2]!.report.items],
      ['replace a town', 'incremental', built.steps[3]!.report.items],
      ['newer edition', 'incremental', built.steps[4]!.report.items],
      ['older edition', 'incremental', 0],
      ['add one more', 'incremental', built.steps[6]!.report.items],
      ['and another', 'incremental', built.steps[7]!.report.items],
    ]);
    // The 2026年版 rewords items: new texts, matched to existing duties or made new ones.
    expect(built.steps[4]!.report.duties?.newDuties).toBeGreaterThan(0);
  });

  it('put every item in the duty one clustering of all the items gives it', async () => {
    const items = await itemsOf(built.stepped);
    expect(items.length).toBeGreaterThan(6000);
    expect(items.every((item) => item.duty_id !== null)).toBe(true);
    const clustering = clusterDuties(
      items.map((r) => ({
        id: r.item_id,
        town: r.town_id,
        kind: r.kind,
        text: r.name,
        places: [r.town, r.county ?? '', r.city ?? ''],
      })),
      { kindOrder: KINDS },
    );
    const expected = partition(items, (i) => clustering.dutyOfItem[i]!);
    expect(partition(items, (i) => items[i]!.duty_id)).toEqual(expected);
    const once = await itemsOf(built.oneShot);
    expect(partition(once, (i) => once[i]!.duty_id)).toEqual(expected);
    // Not vacuous: many duties, most of them held by many towns.
    expect(expected.length).toBeGreaterThan(150);
  });

  it('list the same divergent duties as one load of the same lists', async () => {
    const strip = (answer: Awaited<ReturnType<typeof listDivergentDuties>>) => ({
      total: answer.total,
      // Duty ids differ (a duty is numbered when first seen) and break ties of the order: compared as a set.
      duties: answer.duties
        .map(({ towns, kinds, split, examples }) => JSON.stringify({ towns, kinds, split, examples }))
        .sort(),
    });
    for (const filters of [{}, { kind: ['reclaimed' as const] }, { region: [built.sample.county] }]) {
      const page = { limit: 500, offset: 0 };
      const mine = strip(await listDivergentDuties(built.stepped, filters, page));
      expect(mine).toEqual(strip(await listDivergentDuties(built.oneShot, filters, page)));
      expect(mine.duties.length).toBe(mine.total);
      if (Object.keys(filters).length === 0) expect(mine.total).toBeGreaterThan(10);
    }
  });
});
