import { describe, expect, it } from 'vitest';
import {
  clearFilters,
  defaultUrlState,
  filtersToQuery,
  hasFilters,
  parseUrlState,
  serializeUrlState,
  setQuery,
  toggleFilter,
  toggleFilters,
  toggleTable,
  type UrlState,
} from '../../client/lib/url-state.ts';

describe('url-state', () => {
  it('parses an empty query string to the defaults', () => {
    expect(parseUrlState('')).toEqual(defaultUrlState());
    expect(serializeUrlState(defaultUrlState())).toBe('');
  });

  it('round-trips a full state through the URL', () => {
    const state: UrlState = {
      view: 'items',
      lang: 'en',
      decal: true,
      filters: {
        town: ['t2bbd4796eb'],
        region: ['根河市', '内蒙古自治区兴安盟'],
        kind: ['cooperative', 'reclaimed'],
        category: ['生态环保'],
        department: ['根河市城市管理综合执法局', '根河市林业和草原局'],
        departmentType: ['government'],
        supportType: ['funding', 'staff'],
        edition: ['2025年版'],
        q: '森林',
      },
      page: 3,
      sort: 'name',
      order: 'desc',
      item: 't2bbd4796eb-c21',
      dept: '根河市林业和草原局',
      townA: 't2bbd4796eb',
      townB: 't0000000000',
      tables: ['departments', 'flows'],
      rank: 'reclaimedPenalties',
      rankSize: 50,
      itemEdition: '2025年版',
      ctown: 't2bbd4796eb',
      from: '2025年版',
      to: '2026年版',
      dsort: 'towns',
      dorder: 'asc',
      dpage: 2,
      duty: '17',
      template: '示范目录',
      conf: 'kindDiffers',
    };
    const search = serializeUrlState(state);
    expect(parseUrlState(search)).toEqual(state);
    expect(serializeUrlState(parseUrlState(search))).toBe(search);
  });

  it('writes multi-valued filters as repeated parameters, Chinese percent-encoded', () => {
    const s = toggleFilter(toggleFilter(defaultUrlState(), 'kind', 'basic'), 'kind', 'reclaimed');
    const search = serializeUrlState({ ...s, view: 'departments' });
    expect(search).toBe('?view=departments&kind=basic&kind=reclaimed');
    const withDept = serializeUrlState(toggleFilter(defaultUrlState(), 'department', '根河市林业和草原局'));
    expect(new URLSearchParams(withDept).getAll('department')).toEqual(['根河市林业和草原局']);
  });

  it('drops unknown enum values, bad pages and duplicates instead of failing', () => {
    const s = parseUrlState(
      '?view=nope&kind=basic&kind=bogus&kind=basic&supportType=cash&page=-2&sort=x&lang=fr',
    );
    expect(s.view).toBe('overview');
    expect(s.filters.kind).toEqual(['basic']);
    expect(s.filters.supportType).toEqual([]);
    expect(s.page).toBe(1);
    expect(s.sort).toBe('kind');
    const comparison = parseUrlState('?view=divergence&dsort=nope&dpage=0&duty=1x&conf=other&dorder=up');
    expect([comparison.view, comparison.dsort, comparison.dpage, comparison.duty, comparison.conf]).toEqual([
      'divergence',
      'split',
      1,
      null,
      null,
    ]);
    expect(comparison.dorder).toBe('desc');
    expect(s.lang).toBe('zh-CN');
  });

  it('caps the search text at 100 characters', () => {
    expect(parseUrlState(`?q=${'森'.repeat(150)}`).filters.q).toHaveLength(100);
    expect(setQuery(defaultUrlState(), `  ${'a'.repeat(120)} `).filters.q).toHaveLength(100);
  });

  it('toggles a filter value on and off and resets paging', () => {
    const start = { ...defaultUrlState(), page: 4 };
    const on = toggleFilter(start, 'department', '根河市城市管理综合执法局');
    expect(on.filters.department).toEqual(['根河市城市管理综合执法局']);
    expect(on.page).toBe(1);
    const two = toggleFilter(on, 'department', '根河市林业和草原局');
    expect(two.filters.department).toEqual(['根河市城市管理综合执法局', '根河市林业和草原局']);
    const off = toggleFilter(two, 'department', '根河市城市管理综合执法局');
    expect(off.filters.department).toEqual(['根河市林业和草原局']);
    expect(start.filters.department).toEqual([]);
  });

  it('toggles a heatmap cell as a pair: adds what is missing, removes both when both are set', () => {
    const cell = [
      { key: 'department', value: '根河市林业和草原局' },
      { key: 'supportType', value: 'policy' },
    ] as const;
    const half = toggleFilter(defaultUrlState(), 'supportType', 'policy');
    const both = toggleFilters(half, cell);
    expect(both.filters.department).toEqual(['根河市林业和草原局']);
    expect(both.filters.supportType).toEqual(['policy']);
    const none = toggleFilters(both, cell);
    expect(none.filters.department).toEqual([]);
    expect(none.filters.supportType).toEqual([]);
  });

  it('clears every filter but keeps the view', () => {
    const s = setQuery(toggleFilter({ ...defaultUrlState(), view: 'support' }, 'kind', 'basic'), '森林');
    expect(hasFilters(s.filters)).toBe(true);
    const cleared = clearFilters(s);
    expect(hasFilters(cleared.filters)).toBe(false);
    expect(cleared.view).toBe('support');
  });

  it('toggles "view as table" per chart', () => {
    const s = toggleTable(toggleTable(defaultUrlState(), 'flows'), 'departments');
    expect(s.tables).toEqual(['flows', 'departments']);
    expect(toggleTable(s, 'flows').tables).toEqual(['departments']);
  });

  it('turns filters into API parameters with sorted values and no empty ones', () => {
    const s = toggleFilter(toggleFilter(defaultUrlState(), 'kind', 'reclaimed'), 'kind', 'basic');
    expect(filtersToQuery(setQuery(s, '森林').filters)).toEqual({ kind: ['basic', 'reclaimed'], q: '森林' });
    expect(filtersToQuery(defaultUrlState().filters)).toEqual({});
  });
});
