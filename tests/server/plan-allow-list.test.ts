// The planner's fast paths are an allow-list over the filter registry: a roll-up answers only when
// every active filter declares that it can narrow it. A dimension added to the registry without that
// declaration (here a throwaway `edition`) sends the query to the base tables instead of being ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_DIMENSIONS, type FilterDimension } from '../../shared/filters/filter-dimensions.ts';
import { openDb, type Db } from '../../server/db.ts';
import type { Filters } from '../../server/filters/filter-schemas.ts';
import { fastPathFor, planFor } from '../../server/queries/plan.ts';
import { buildSeedDb } from '../support/seed-db.ts';

const edition = (fastPaths: FilterDimension['fastPaths']): FilterDimension => ({
  label: { zh: '版本', en: 'Edition' },
  values: 'text',
  expected: 'an edition',
  description: 'Throwaway dimension for this test',
  fastPaths,
});
const withEdition = { ...FILTER_DIMENSIONS, edition: edition([]) };

describe('fastPathFor', () => {
  it('takes the roll-ups for the registry’s own roll-up dimensions, the typed counts for a department type, the item facts for a category or support type and the link facts for a department', () => {
    expect(fastPathFor({})).toBe('rollup');
    expect(fastPathFor({ kind: ['reclaimed'], region: ['根河市'], town: ['阿龙山镇'] })).toBe('rollup');
    expect(fastPathFor({ department: ['根河市林业和草原局'], kind: ['basic'] })).toBe('links');
    expect(fastPathFor({ category: ['党的建设'] })).toBe('facts');
    expect(fastPathFor({ category: ['党的建设'], kind: ['basic'], region: ['根河市'] })).toBe('facts');
    expect(fastPathFor({ category: ['党的建设'], department: ['根河市林业和草原局'] })).toBe('links');
    expect(fastPathFor({ category: ['党的建设'], supportType: ['funding'] })).toBe('facts');
    expect(fastPathFor({ departmentType: ['party'], kind: ['reclaimed'] })).toBe('typed');
    expect(fastPathFor({ departmentType: ['party', 'branch'], region: ['根河市'], town: ['阿龙山镇'] })).toBe(
      'typed',
    );
    // The typed counts are not split by category or support type: the item facts answer those.
    expect(fastPathFor({ departmentType: ['party'], category: ['党的建设'] })).toBe('facts');
    expect(fastPathFor({ departmentType: ['party'], supportType: ['funding'] })).toBe('facts');
    expect(fastPathFor({ supportType: ['funding'], department: ['根河市林业和草原局'] })).toBe('links');
    // The link facts store no department types.
    expect(fastPathFor({ departmentType: ['party'], department: ['根河市林业和草原局'] })).toBe('items');
    // A search keeps the facts of the items it finds, by id: not the counts, which hold no items.
    expect(fastPathFor({ q: '森林' })).toBe('facts');
    expect(fastPathFor({ q: '森林', kind: ['basic'], region: ['根河市'] })).toBe('facts');
    expect(fastPathFor({ q: '森林', departmentType: ['party'] })).toBe('facts');
    expect(fastPathFor({ q: '森林', department: ['根河市林业和草原局'] })).toBe('links');
    expect(fastPathFor({ q: '森林', departmentType: ['party'], department: ['根河市林业和草原局'] })).toBe(
      'items',
    );
  });

  it('falls back to the base tables for a new dimension that declares no fast path', () => {
    expect(fastPathFor({ kind: ['reclaimed'] }, withEdition)).toBe('rollup');
    expect(fastPathFor({ kind: ['reclaimed'], edition: ['2025'] }, withEdition)).toBe('items');
    expect(fastPathFor({ department: ['根河市林业和草原局'], edition: ['2025'] }, withEdition)).toBe('items');
  });

  it('falls back for a filter the registry does not know at all', () => {
    expect(fastPathFor({ kind: ['reclaimed'], edition: ['2025'] })).toBe('items');
  });

  it('lets a new dimension ride only the paths it declares', () => {
    const linksOnly = { ...FILTER_DIMENSIONS, edition: edition(['links']) };
    expect(fastPathFor({ edition: ['2025'] }, linksOnly)).toBe('links');
    const both = { ...FILTER_DIMENSIONS, edition: edition(['rollup', 'links']) };
    expect(fastPathFor({ edition: ['2025'], kind: ['basic'] }, both)).toBe('rollup');
  });

  it('ignores filters given without a value', () => {
    expect(fastPathFor({ kind: ['basic'], edition: undefined, q: '' }, withEdition)).toBe('rollup');
  });
});

describe('planFor on the seed database', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ path: await buildSeedDb(), queryTimeoutMs: 10_000 });
  }, 60_000);
  afterAll(() => db?.close());

  it('plans the base tables once the throwaway dimension is active', async () => {
    const filters = { kind: ['reclaimed'], region: ['根河市'] } satisfies Filters;
    expect((await planFor(db, filters, undefined, withEdition)).kind).toBe('rollup');
    const withValue = { ...filters, edition: ['2025'] } as Filters;
    const plan = await planFor(db, withValue, undefined, withEdition);
    expect(plan).toEqual({
      kind: 'items',
      towns: 'TRUE',
      narrowed: false,
      facts: 'TRUE',
      types: 'TRUE',
      kinds: ['reclaimed'],
      params: {},
    });
  });
});
